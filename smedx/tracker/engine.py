"""Database engines of the tracker and the translation of driver errors into the tracker's own errors.

The UI never sees SQLAlchemy: :func:`store_error` turns any ``SQLAlchemyError`` (or ``OSError``) into one
:class:`~smedx.tracker.messages.StoreError` per failure a reader can act on (unreachable, busy, read-only, full,
value refused). The driver's text, which may name the host and port, is logged, never shown.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DataError, SQLAlchemyError

from smedx.tracker import config
from smedx.tracker.messages import (
    Message,
    StoreBusy,
    StoreError,
    StoreFull,
    StoreReadOnly,
    StoreRejected,
    StoreUnavailable,
    TrackerError,
)

LOG = logging.getLogger("smedx.tracker")
# (SQLSTATE prefixes, SQLite message fragments, error class, message key)
_KINDS: tuple[tuple[tuple[str, ...], tuple[str, ...], type[StoreError], str], ...] = (
    (("55P03", "40001", "40P01", "57014"), ("database is locked", "database table is locked"), StoreBusy, "db_busy"),
    (("25006",), ("readonly database", "read-only"), StoreReadOnly, "db_read_only"),
    (("53100",), ("disk is full", "database or disk is full"), StoreFull, "db_full"),
    (("22",), (), StoreRejected, "db_rejected"),
)


def make_engine(url: str) -> Engine:
    """An engine for ``url``: SQLite with foreign keys, WAL and a busy timeout; PostgreSQL via psycopg 3."""
    if config.is_sqlite(url):
        path = config.sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if path is not None:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(config.normalise_url(url), pool_pre_ping=True, connect_args={"connect_timeout": 5})


def store_error(exc: BaseException) -> StoreError:
    """The tracker error for a driver failure (logged with its detail)."""
    orig = getattr(exc, "orig", None)
    detail = str(orig or exc).strip().splitlines()
    text = detail[0].lower() if detail else ""
    state = str(getattr(orig, "sqlstate", None) or "")
    LOG.warning("tracker database error: %s: %s", type(orig or exc).__name__, detail[0] if detail else "")
    for states, fragments, kind, key in _KINDS:
        if (state and state.startswith(states)) or any(f in text for f in fragments):
            return kind(Message(key))
    if isinstance(exc, DataError):
        return StoreRejected(Message("db_rejected"))
    return StoreUnavailable(Message("db_unavailable"))


def is_driver_error(exc: BaseException) -> bool:
    """Errors :func:`store_error` translates."""
    return isinstance(exc, SQLAlchemyError | OSError)


def translated(function: Callable[..., Any]) -> Callable[..., Any]:
    """Driver failures of a store function become the tracker's own errors (tracker errors pass unchanged)."""
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except TrackerError:
            raise
        except Exception as exc:
            if is_driver_error(exc):
                raise store_error(exc) from None
            raise
    return wrapper
