"""Driver errors become the tracker's own errors, one per cause, without the driver's text (host, port, SQL):
the SQLSTATEs PostgreSQL sends and the messages SQLite gives (live cases in ``test_tracker_bad_input.py``)."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import DataError, OperationalError

from smedx.tracker.engine import store_error
from smedx.tracker.messages import StoreBusy, StoreFull, StoreReadOnly, StoreRejected, StoreUnavailable


class DriverError(Exception):
    def __init__(self, text: str, sqlstate: str | None = None):
        super().__init__(text)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("error", "kind", "en"),
    [
        (OperationalError("INSERT", {}, DriverError("could not extend file: No space left", "53100")), StoreFull,
         "disk is full"),
        (OperationalError("INSERT", {}, DriverError("database or disk is full")), StoreFull, "disk is full"),
        (OperationalError("INSERT", {}, DriverError("cannot execute INSERT in a read-only transaction", "25006")),
         StoreReadOnly, "read-only"),
        (OperationalError("INSERT", {}, DriverError("attempt to write a readonly database")), StoreReadOnly,
         "read-only"),
        (OperationalError("LOCK", {}, DriverError("canceling statement due to lock timeout", "55P03")), StoreBusy,
         "busy"),
        (OperationalError("INSERT", {}, DriverError("could not serialize access", "40001")), StoreBusy, "busy"),
        (OperationalError("INSERT", {}, DriverError("database is locked")), StoreBusy, "busy"),
        (DataError("INSERT", {}, DriverError("integer out of range", "22003")), StoreRejected, "refused a value"),
        (OperationalError("connect", {}, DriverError('connection to server at "10.0.0.5", port 5432 failed')),
         StoreUnavailable, "cannot be reached"),
        (ConnectionRefusedError(111, "Connection refused"), StoreUnavailable, "cannot be reached"),
    ],
    ids=["pg_full", "sqlite_full", "pg_read_only", "sqlite_read_only", "pg_lock", "pg_serialize", "sqlite_locked",
         "pg_range", "pg_unreachable", "socket"],
)
def test_one_error_per_cause_without_driver_text(error: Exception, kind: type, en: str) -> None:
    translated = store_error(error)
    assert type(translated) is kind
    assert en in translated.message("en") and translated.message("zh")
    assert "10.0.0.5" not in str(translated) and "5432" not in str(translated) and "INSERT" not in str(translated)
