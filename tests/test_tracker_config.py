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
    ("secrets", "environ", "oidc", "editors", "passphrase"),
    [
        ({}, {}, False, (), None),
        ({"tracker": {"passphrase_hash": "scrypt$x"}}, {}, False, (), "scrypt$x"),
        ({}, {"SMEDX_TRACKER_PASSPHRASE_HASH": "scrypt$y"}, False, (), "scrypt$y"),
        ({"auth": {"client_id": "x"}, "tracker": {"editors": ["a@b.cn", " @gov.cn "]}}, {}, True,
         ("a@b.cn", "@gov.cn"), None),
        ({"auth": {"client_id": "x"}}, {}, False, (), None),  # OIDC without an allow-list: nobody can edit
        ({"tracker": {"editors": ["a@b.cn"]}}, {}, False, ("a@b.cn",), None),  # allow-list without [auth]
        ({}, {"SMEDX_TRACKER_EDITORS": "a@b.cn, c@d.cn"}, False, ("a@b.cn", "c@d.cn"), None),
    ],
)
def test_editor_settings(secrets: dict, environ: dict, oidc: bool, editors: tuple, passphrase: str | None) -> None:
    settings = editor_settings(secrets, environ)
    assert (settings.oidc, settings.editors, settings.passphrase_hash) == (oidc, editors, passphrase)
    assert settings.editing_possible is (oidc or passphrase is not None)
