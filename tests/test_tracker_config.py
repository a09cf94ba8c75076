"""Database URL selection and the 'hosted on SQLite' warning condition."""
from __future__ import annotations

from pathlib import Path

import pytest

from smedx.tracker.config import (
    DEFAULT_SQLITE_PATH,
    database_url,
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
