"""Database URL selection and the 'hosted on SQLite' warning condition."""
from __future__ import annotations

from pathlib import Path

import pytest

from smedx.tracker.config import (
    DEFAULT_SQLITE_PATH,
    database_url,
    editor_settings,
    hosted_on_sqlite,
    is_hosted,
    normalise_url,
    sqlite_path,
)

PG = "postgresql+psycopg://u:p@db.example:5432/tracker"


@pytest.mark.parametrize(
    ("secrets", "environ", "expected"),
    [
        ({}, {}, f"sqlite:///{DEFAULT_SQLITE_PATH}"),
        ({"tracker": {"database_url": "postgres://u:p@db.example:5432/tracker"}}, {}, PG),
        ({}, {"SMEDX_TRACKER_DB_URL": "postgresql://u:p@db.example:5432/tracker"}, PG),
        ({"tracker": {"database_url": PG}}, {"SMEDX_TRACKER_DB_URL": "sqlite:///x.db"}, PG),  # secrets win
        ({"tracker": {"passphrase_hash": "scrypt$…"}}, {}, f"sqlite:///{DEFAULT_SQLITE_PATH}"),
    ],
)
def test_database_url(secrets: dict, environ: dict, expected: str) -> None:
    assert database_url(secrets, environ) == expected


def test_default_is_git_ignored_var_folder() -> None:
    assert DEFAULT_SQLITE_PATH.parent.name == "var"
    assert "var/" in (DEFAULT_SQLITE_PATH.parent.parent / ".gitignore").read_text().splitlines()
    assert sqlite_path(database_url({}, {})) == DEFAULT_SQLITE_PATH
    assert sqlite_path("sqlite://") is None and sqlite_path(PG) is None


def test_normalise_keeps_other_urls() -> None:
    assert normalise_url(" sqlite:///a.db ") == "sqlite:///a.db" and normalise_url(PG) == PG


@pytest.mark.parametrize(
    ("environ", "root", "hosted"),
    [
        ({}, Path("/work/main"), False),
        ({}, Path("/mount/src/smedx"), True),  # Streamlit Community Cloud checkout
        ({"HOME": "/home/appuser"}, Path("/app"), True),
        ({"SMEDX_HOSTED": "1"}, Path("/work/main"), True),
        ({"SMEDX_HOSTED": "0"}, Path("/mount/src/smedx"), False),  # explicit flag wins
    ],
)
def test_is_hosted(environ: dict, root: Path, hosted: bool) -> None:
    assert is_hosted(environ, root) is hosted


def test_hosted_on_sqlite_warns_only_for_sqlite() -> None:
    hosted = {"SMEDX_HOSTED": "1"}
    assert hosted_on_sqlite("sqlite:///var/t.db", hosted)
    assert not hosted_on_sqlite(PG, hosted)
    assert not hosted_on_sqlite("sqlite:///var/t.db", {"SMEDX_HOSTED": "0"})


@pytest.mark.parametrize(
    ("secrets", "environ", "oidc", "editors", "accounts", "shared"),
    [
        ({}, {}, False, (), {}, False),
        ({"tracker": {"editors_passphrases": {"李华": "scrypt$x", " ": "scrypt$z"}}}, {}, False, (),
         {"李华": "scrypt$x"}, False),
        ({}, {"SMEDX_TRACKER_EDITORS_PASSPHRASES": '{"Wang Fang": "scrypt$y"}'}, False, (),
         {"Wang Fang": "scrypt$y"}, False),
        ({}, {"SMEDX_TRACKER_EDITORS_PASSPHRASES": "not json"}, False, (), {}, False),
        ({"tracker": {"passphrase_hash": "scrypt$x"}}, {}, False, (), {}, True),  # the former shared passphrase
        ({"auth": {"client_id": "x"}, "tracker": {"editors": ["a@b.cn", " @gov.cn "]}}, {}, True,
         ("a@b.cn", "@gov.cn"), {}, False),
        ({"auth": {"client_id": "x"}, "tracker": {"editors": "a@b.cn"}}, {}, True, ("a@b.cn",), {}, False),
        ({"auth": {"client_id": "x"}}, {}, False, (), {}, False),  # OIDC without an allow-list: nobody can edit
        ({"tracker": {"editors": ["a@b.cn"]}}, {}, False, ("a@b.cn",), {}, False),  # allow-list without [auth]
        ({}, {"SMEDX_TRACKER_EDITORS": "a@b.cn, c@d.cn"}, False, ("a@b.cn", "c@d.cn"), {}, False),
    ],
)
def test_editor_settings(secrets: dict, environ: dict, oidc: bool, editors: tuple, accounts: dict,
                         shared: bool) -> None:
    settings = editor_settings(secrets, environ)
    assert (settings.oidc, settings.editors, dict(settings.accounts), settings.shared_passphrase) == (
        oidc, editors, accounts, shared)
    assert settings.editing_possible is (oidc or bool(accounts))
