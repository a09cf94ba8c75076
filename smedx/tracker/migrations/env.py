"""Alembic environment: runs on the connection handed over by ``smedx.tracker.migrate`` (online only)."""
from __future__ import annotations

from alembic import context
from sqlalchemy import text

from smedx.tracker.migrate import ADVISORY_LOCK_ID
from smedx.tracker.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through smedx.tracker.migrate.upgrade(url)")
if connection.dialect.name == "postgresql":
    # Held until the surrounding transaction ends: a second replica waits, then finds the schema current.
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_ID})
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
