"""The pure part of editor authentication (the Streamlit part is in ``smedx.ui.tracker.signin``).

Two ways to become an editor, each a named account, so the audit trail's "who" is the signed-in identity:
- OIDC (``st.login``): the provider-verified e-mail (``email_verified`` true) must be on the editor allow-list in
  secrets (``[tracker] editors = ["a@b.cn", "@agency.gov.cn"]``; an entry starting with ``@`` allows exactly that
  domain after the address's single ``@``).
- Named passphrase accounts: ``[tracker.editors_passphrases]`` maps each editor's name to the scrypt hash of their
  own passphrase. Create a line with ``python -m smedx.tracker.auth NAME``.
Sign-in attempts are rate-limited per account and for the whole process, and an account is locked for
``LOCK_SECONDS`` after ``MAX_FAILURES`` wrong passphrases (:class:`SignInGuard`, logged).
"""
from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import logging
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

EDITOR = "editor"
VIEWER = "viewer"
_SCHEME = "scrypt"
_N, _R, _P = 2**14, 8, 1
LOG = logging.getLogger("smedx.tracker.auth")
MAX_FAILURES = 5  # wrong passphrases of one account within WINDOW_SECONDS before it is locked
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60
MIN_INTERVAL = 2.0  # seconds after a wrong passphrase before the account may try again
PROCESS_RATE = (20, 60.0)  # after 20 wrong passphrases within 60 s in this process, every account waits (each check
# costs 16 MB and ~40 ms of scrypt)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_passphrase(passphrase: str, *, salt: bytes | None = None, n: int = _N, r: int = _R, p: int = _P) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64) of a passphrase with a random 16-byte salt."""
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"{_SCHEME}${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def verify_passphrase(passphrase: str, stored: str) -> bool:
    """True iff ``passphrase`` matches ``stored``; constant-time compare; malformed hashes never match."""
    try:
        scheme, n, r, p, salt, expected = stored.strip().split("$")
        if scheme != _SCHEME:
            return False
        salt_bytes, expected_bytes = base64.b64decode(salt, validate=True), base64.b64decode(expected, validate=True)
        digest = hashlib.scrypt(
            passphrase.encode("utf-8"), salt=salt_bytes, n=int(n), r=int(r), p=int(p), dklen=len(expected_bytes)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected_bytes)


def is_editor_email(email: str | None, allow_list: Iterable[str], *, verified: bool = True) -> bool:
    """True iff the e-mail is verified by the provider and on the allow-list: the exact address, or an
    ``@domain`` entry equal to everything after the address's single ``@`` (non-empty local part)."""
    if not verified or not isinstance(email, str):
        return False
    address = email.strip().lower()
    local, at, domain = address.partition("@")
    if not at or not local or not domain or "@" in domain or any(c.isspace() for c in address):
        return False
    for entry in allow_list:
        allowed = str(entry).strip().lower()
        if allowed and (allowed == address or (allowed.startswith("@") and allowed == "@" + domain)):
            return True
    return False


@dataclass(frozen=True)
class Attempt:
    """The outcome of a sign-in attempt: ``ok``, or why not (``wrong``, ``locked``, ``too_fast``) with the
    seconds to wait."""

    ok: bool
    reason: str = ""
    wait: float = 0.0


class SignInGuard:
    """Rate limit and lock-out of passphrase sign-in (one per process, shared by every session).

    A locked or too-fast attempt is refused before any passphrase is hashed, so guessing costs the server nothing.
    Unknown account names are checked against a dummy hash (same cost, no hint which names exist)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._last_failure: dict[str, float] = {}
        self._recent: deque[float] = deque()  # failed checks of the whole process
        self._dummy = hash_passphrase(os.urandom(8).hex())

    def _admit(self, account: str, now: float) -> Attempt | None:
        until = self._locked_until.get(account, 0.0)
        if now < until:
            return Attempt(False, "locked", until - now)
        last = self._last_failure.get(account)
        if last is not None and now - last < MIN_INTERVAL:
            return Attempt(False, "too_fast", MIN_INTERVAL - (now - last))
        limit, period = PROCESS_RATE
        while self._recent and now - self._recent[0] >= period:
            self._recent.popleft()
        if len(self._recent) >= limit:
            return Attempt(False, "too_fast", period - (now - self._recent[0]))
        return None

    def attempt(self, account: str, passphrase: str, accounts: Mapping[str, str]) -> Attempt:
        """Check ``passphrase`` for ``account`` (a name of ``accounts``: name → hash), within the limits."""
        name = account.strip()
        key = name.casefold()[:200]
        with self._lock:
            refused = self._admit(key, self._clock())
        if refused is not None:
            LOG.warning("tracker sign-in refused (%s) for account %r", refused.reason, key[:60])
            return refused
        ok = verify_passphrase(passphrase, accounts.get(name, self._dummy)) and name in accounts
        with self._lock:
            now = self._clock()
            if ok:
                self._failures.pop(key, None)
                return Attempt(True)
            failures = self._failures.setdefault(key, deque())
            failures.append(now)
            self._last_failure[key] = now
            self._recent.append(now)
            while failures and now - failures[0] > WINDOW_SECONDS:
                failures.popleft()
            if len(failures) >= MAX_FAILURES:
                self._locked_until[key] = now + LOCK_SECONDS
                failures.clear()
                LOG.warning("tracker sign-in: account %r locked for %d s after %d wrong passphrases",
                            key[:60], LOCK_SECONDS, MAX_FAILURES)
                return Attempt(False, "locked", LOCK_SECONDS)
        LOG.warning("tracker sign-in failed for account %r (%d of %d)", key[:60], len(failures), MAX_FAILURES)
        return Attempt(False, "wrong")


def main(argv: list[str] | None = None) -> None:
    """Print the secrets line of an editor account: name and the hash of a passphrase typed twice."""
    args = sys.argv[1:] if argv is None else argv
    name = " ".join(args).strip() or input("Editor name / 编辑者姓名: ").strip()
    first = getpass.getpass("Passphrase / 口令: ")
    if first != getpass.getpass("Again / 再次输入: ") or len(first) < 8 or not name:
        raise SystemExit("Name empty, passphrases differ or shorter than 8 / 姓名为空、两次输入不一致或少于 8 个字符")
    print(f'[tracker.editors_passphrases]\n"{name}" = "{hash_passphrase(first)}"')


if __name__ == "__main__":
    main()
