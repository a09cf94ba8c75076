"""pytest plugin with the tracker fixtures: ``db_url`` parametrised over SQLite and a real PostgreSQL
(``pg_url`` from ``tests.pg``) and ``store``, an opened store with the 46 reference cities and a fixed clock.
Test modules load it with ``pytest_plugins = ["tests.pg", "tests.tracker_fixtures"]``."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smedx.tracker import reference
from smedx.tracker.store import TrackerStore, open_store
from tests.tracker_data import NOW


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file in tmp_path, or a fresh database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url: str) -> Iterator[TrackerStore]:
    """Migrated store with the reference cities and a fixed clock (2025-06-15 12:00 UTC)."""
    opened = open_store(db_url)
    opened.sync_cities(reference.cities())
    yield TrackerStore(opened.engine, clock=lambda: NOW)
    opened.engine.dispose()
