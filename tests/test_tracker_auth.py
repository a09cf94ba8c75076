"""Passphrase hashing (scrypt, salted, constant-time compare) and the OIDC editor allow-list."""
from __future__ import annotations

import base64

import pytest

from smedx.tracker.auth import SignInGuard, hash_passphrase, is_editor_email, verify_passphrase

STORED = hash_passphrase("正确的口令 correct horse", n=2**10)


def test_hash_format_and_salt() -> None:
    scheme, n, r, p, salt, digest = STORED.split("$")
    assert (scheme, n, r, p) == ("scrypt", "1024", "8", "1")
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(digest)) == 32
    assert hash_passphrase("x", n=2**10) != hash_passphrase("x", n=2**10)  # random salt
    assert hash_passphrase("x", salt=b"0" * 16, n=2**10) == hash_passphrase("x", salt=b"0" * 16, n=2**10)


@pytest.mark.parametrize(
    ("passphrase", "stored", "ok"),
    [
        ("正确的口令 correct horse", STORED, True),
        ("正确的口令 correct hors", STORED, False),
        ("", STORED, False),
        ("正确的口令 correct horse", "", False),
        ("正确的口令 correct horse", "pbkdf2$1$2$3$4$5", False),
        ("正确的口令 correct horse", "scrypt$1024$8$1$not-base64!$AAAA", False),
        ("正确的口令 correct horse", STORED.replace("$8$", "$x$"), False),
    ],
)
def test_verify(passphrase: str, stored: str, ok: bool) -> None:
    assert verify_passphrase(passphrase, stored) is ok


@pytest.mark.parametrize(
    ("email", "allowed", "ok"),
    [
        ("li.hua@example.gov.cn", ["li.hua@example.gov.cn"], True),
        (" Li.Hua@Example.gov.cn ", ["li.hua@example.gov.cn"], True),
        ("wang@agency.gov.cn", ["@agency.gov.cn"], True),
        ("wang@evil-agency.gov.cn", ["@agency.gov.cn"], False),
        ("wang@agency.gov.cn.evil.com", ["@agency.gov.cn"], False),
        ("li.hua@example.gov.cn", [], False),
        ("", ["@agency.gov.cn"], False),
        (None, ["li.hua@example.gov.cn"], False),
        ("no-at-sign", ["no-at-sign"], False),
        ("evil@x.com@agency.gov.cn", ["@agency.gov.cn"], False),  # one @ only
        ("@agency.gov.cn", ["@agency.gov.cn"], False),  # an empty local part is no address
        ("wang @agency.gov.cn", ["@agency.gov.cn"], False),
    ],
)
def test_editor_allow_list(email: str | None, allowed: list[str], ok: bool) -> None:
    assert is_editor_email(email, allowed) is ok


def test_unverified_email_is_never_an_editor() -> None:
    assert is_editor_email("li.hua@example.gov.cn", ["li.hua@example.gov.cn"], verified=False) is False


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_sign_in_guard_locks_an_account_after_five_wrong_passphrases(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    guard = SignInGuard(clock)
    accounts = {"李华": STORED}
    outcomes = []
    for _ in range(5):
        clock.now += 3
        outcomes.append(guard.attempt("李华", "wrong", accounts).reason)
    assert outcomes == ["wrong"] * 4 + ["locked"]
    clock.now += 3
    locked = guard.attempt("李华", "正确的口令 correct horse", accounts)  # even the right one, while locked
    assert (locked.ok, locked.reason) == (False, "locked") and locked.wait > 800
    assert "locked for 900 s after 5 wrong passphrases" in caplog.text
    clock.now += 901
    assert guard.attempt("李华", "正确的口令 correct horse", accounts).ok


def test_sign_in_guard_rate_limits_and_hides_unknown_names() -> None:
    clock = Clock()
    guard = SignInGuard(clock)
    accounts = {"李华": STORED}
    assert guard.attempt("李华", "wrong", accounts).reason == "wrong"
    assert guard.attempt("李华", "wrong", accounts).reason == "too_fast"  # within 2 s of a wrong one
    clock.now += 3
    assert guard.attempt("nobody", "正确的口令 correct horse", accounts).reason == "wrong"
    assert guard.attempt(" 李华 ", "正确的口令 correct horse", accounts).ok
    for index in range(18):  # 20 wrong passphrases in a minute, any names: the whole process waits
        assert guard.attempt(f"guess{index}", "x", accounts).reason == "wrong"
    refused = guard.attempt("李华", "正确的口令 correct horse", accounts)
    assert (refused.ok, refused.reason) == (False, "too_fast") and 0 < refused.wait <= 60
