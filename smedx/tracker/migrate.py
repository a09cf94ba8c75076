"""Schema migrations of the tracker database (Alembic, scripts in ``smedx/tracker/migrations/versions``).

``upgrade(url_or_engine)`` brings an empty or older database to the latest revision; it is safe to call at
every start: concurrent callers are serialised by a process lock and, on PostgreSQL, an advisory lock
(two app replicas starting at once against one database).
"""
from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from smedx.tracker.engine import make_engine

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"
ADVISORY_LOCK_ID = 727_240_001  # any constant shared by all replicas of this app
_LOCK = threading.Lock()


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    return cfg


def _engine(target: str | Engine) -> Engine:
    if isinstance(target, Engine):
        return target
    return make_engine(target)


def upgrade(target: str | Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on the database at ``target`` (URL or engine)."""
    engine = _engine(target)
    cfg = _config()
    with _LOCK, engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def downgrade(target: str | Engine, revision: str) -> None:
    """Migrate down to ``revision`` (``"base"`` = empty)."""
    engine = _engine(target)
    cfg = _config()
    with _LOCK, engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def current_revision(target: str | Engine) -> str | None:
    """The revision the database is at (``None`` if never migrated)."""
    with _engine(target).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The latest revision shipped with the code."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head
