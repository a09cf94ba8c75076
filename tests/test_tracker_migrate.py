"""Alembic migrations of the tracker database, up from empty, on SQLite and a real PostgreSQL."""
from __future__ import annotations

import importlib
import subprocess
import sys
import time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.pool import NullPool

from smedx.paths import ROOT
from smedx.tracker.engine import make_engine
from smedx.tracker.migrate import ADVISORY_LOCK_ID, current_revision, downgrade, head_revision, upgrade
from smedx.tracker.models import Base

pytest_plugins = ["tests.tracker_fixtures"]  # db_url, store (pg_url comes from tests/conftest.py)
TABLES = {"alembic_version", "tracker_audit", "tracker_city", "tracker_report"}


def test_upgrade_from_empty_matches_the_models(db_url: str) -> None:
    assert current_revision(db_url) is None
    upgrade(db_url)
    engine = make_engine(db_url)
    assert set(inspect(engine).get_table_names()) == TABLES
    assert current_revision(engine) == head_revision() == "0001_initial"
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_upgrade_is_idempotent_and_downgrade_empties(db_url: str) -> None:
    upgrade(db_url)
    upgrade(db_url)
    downgrade(db_url, "base")
    engine = make_engine(db_url)
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    assert current_revision(engine) is None
    engine.dispose()


def _waiting_for_migration_lock(connection: Connection) -> int:
    """Sessions of this database blocked on the migration advisory lock (a 32-bit key lives in ``objid``)."""
    return connection.execute(text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = :key"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    ), {"key": ADVISORY_LOCK_ID}).scalar_one()


def test_concurrent_upgrades_from_two_replicas(pg_url: str) -> None:
    """Two processes (two app replicas) migrating one PostgreSQL at once are serialised by the advisory lock.

    The test holds the lock itself, starts both replicas, and checks that both WAIT on it with the schema still
    empty (without the lock in the migration environment they would migrate straight away and this fails);
    once the lock is released both finish cleanly and the schema is at head exactly once."""
    code = "import sys; from smedx.tracker.migrate import upgrade; upgrade(sys.argv[1])"
    engine = create_engine(pg_url, poolclass=NullPool)
    with engine.connect() as holder:
        holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_ID})
        holder.commit()
        processes = [
            subprocess.Popen([sys.executable, "-c", code, pg_url], cwd=ROOT, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        try:
            deadline = time.monotonic() + 60
            while _waiting_for_migration_lock(holder) < 2 and time.monotonic() < deadline:
                assert all(p.poll() is None for p in processes), "a replica finished while the lock was held"
                time.sleep(0.1)
            assert _waiting_for_migration_lock(holder) == 2
            assert all(p.poll() is None for p in processes)
            assert "tracker_report" not in inspect(holder).get_table_names()
        finally:
            holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_ID})
            holder.commit()
        results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in processes]
    engine.dispose()
    assert results == [(0, ""), (0, "")]
    assert current_revision(pg_url) == "0001_initial"


def test_missing_postgresql_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the Debian binaries the fixture must fail, not skip: running_server raises."""
    pg = importlib.import_module("tests.pg")  # already imported by tests/conftest.py
    monkeypatch.setattr(pg.glob, "glob", lambda pattern: [])
    with pytest.raises(pg.PostgresUnavailable, match="install the Debian package 'postgresql'"), pg.running_server():
        pass
