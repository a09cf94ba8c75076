"""Passphrase hashing (scrypt, salted, constant-time compare) and the OIDC editor allow-list."""
from __future__ import annotations

import base64

import pytest

from smedx.tracker.auth import hash_passphrase, is_editor_email, verify_passphrase

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
    ],
)
def test_editor_allow_list(email: str | None, allowed: list[str], ok: bool) -> None:
    assert is_editor_email(email, allowed) is ok
