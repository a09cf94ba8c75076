"""The pure part of editor authentication (the Streamlit part is in ``smedx.ui.tracker``).

Two ways to become an editor:
- OIDC (``st.login``): the signed-in e-mail must be on the editor allow-list in secrets
  (``[tracker] editors = ["a@b.cn", "@agency.gov.cn"]``; an entry starting with ``@`` allows a domain).
- Local use: a passphrase whose scrypt hash is in secrets (``[tracker] passphrase_hash = "scrypt$…"``).
  Create the hash with ``python -m smedx.tracker.auth``.
"""
from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import os
from collections.abc import Iterable

EDITOR = "editor"
VIEWER = "viewer"
_SCHEME = "scrypt"
_N, _R, _P = 2**14, 8, 1


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


def is_editor_email(email: str | None, allow_list: Iterable[str]) -> bool:
    """True iff the (OIDC-verified) e-mail is on the allow-list: exact address or an ``@domain`` entry."""
    if not email or "@" not in email:
        return False
    address = email.strip().lower()
    domain = "@" + address.rsplit("@", 1)[1]
    for entry in allow_list:
        allowed = str(entry).strip().lower()
        if allowed and (allowed == address or (allowed.startswith("@") and allowed == domain)):
            return True
    return False


def main() -> None:
    """Print the hash of a passphrase typed twice (for ``.streamlit/secrets.toml``)."""
    first = getpass.getpass("Passphrase / 口令: ")
    if first != getpass.getpass("Again / 再次输入: ") or not first:
        raise SystemExit("Passphrases differ or are empty / 两次输入不一致或为空")
    print(f'[tracker]\npassphrase_hash = "{hash_passphrase(first)}"')


if __name__ == "__main__":
    main()
