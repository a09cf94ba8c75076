"""Change notifications of the tracker database (PostgreSQL ``LISTEN``/``NOTIFY``).

Every write of reports sends ``NOTIFY`` on :data:`CHANNEL` inside its transaction (PostgreSQL delivers it on
commit, to every listening connection: every replica of the app). A :class:`ChangeFeed` keeps one listening
connection in a daemon thread and counts what it hears, so a page rerun can tell whether the reports changed
without a database round trip. The feed proves that delivery works by notifying itself every ``PING_SECONDS``
(a transaction-pooling PgBouncer, for one, accepts ``LISTEN`` but never delivers): it is healthy from its first
answered ping until a ping goes unanswered or the connection fails. While it is not healthy, callers read the
database instead.
"""
from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from typing import Any

from sqlalchemy import Engine

CHANNEL = "smedx_tracker_reports"
RETRY_SECONDS = 5.0  # wait before reconnecting a lost listening connection
POLL_SECONDS = 1.0  # how often the thread checks whether it should stop or ping
PING_SECONDS = 10.0  # a self-notification must come back within this time
APPLICATION_NAME = "smedx-tracker-changes"
PING_PREFIX = "ping:"  # payload of self-notifications (writes notify with an empty payload)

_LOG = logging.getLogger(__name__)


class FeedLost(Exception):
    """The listening connection stopped delivering notifications."""


class ChangeFeed:
    """Listens for :data:`CHANNEL` notifications of one PostgreSQL database in a daemon thread.

    ``tick`` changes on every write notification and whenever the feed becomes healthy (writes missed while it
    was down must not look unchanged); ``healthy`` is true while delivery is proven (see the module docstring).
    """

    ping_channel = CHANNEL  # where the self-notifications go (a test sends them nowhere)

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._ticks = itertools.count()
        self.tick = next(self._ticks)
        self.healthy = False
        self._ready = threading.Event()  # set once healthy or after the first attempt failed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="smedx-tracker-changes", daemon=True)
        self._thread.start()

    def wait_ready(self, timeout: float = 2.0) -> bool:
        """Wait until delivery is proven or the first attempt failed (at most ``timeout`` s); True if healthy."""
        self._ready.wait(timeout)
        return self.healthy

    def close(self) -> None:
        """Stop listening (the thread ends within ``POLL_SECONDS``)."""
        self._stop.set()
        self._thread.join(POLL_SECONDS + 1)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except Exception as exc:  # any driver error: mark down, retry later
                _LOG.info("tracker change feed down: %s", exc)
            self.healthy = False
            self.tick = next(self._ticks)
            self._ready.set()
            self._stop.wait(RETRY_SECONDS)

    def _listen(self) -> None:
        proxied = self._engine.raw_connection()
        proxied.detach()  # a connection of its own, never handed back to the pool
        connection: Any = proxied.dbapi_connection
        tokens = (f"{PING_PREFIX}{os.getpid()}:{id(self)}:{n}" for n in itertools.count())
        pending: str | None = None
        next_ping = 0.0
        try:
            connection.autocommit = True
            connection.execute(f"SET application_name = '{APPLICATION_NAME}'")  # visible in pg_stat_activity
            connection.execute(f"LISTEN {CHANNEL}")
            while not self._stop.is_set():
                if time.monotonic() >= next_ping:
                    if pending is not None:
                        raise FeedLost("a self-notification did not come back")
                    pending = next(tokens)
                    connection.execute(f"NOTIFY {self.ping_channel}, '{pending}'")
                    next_ping = time.monotonic() + PING_SECONDS
                for note in connection.notifies(timeout=POLL_SECONDS):
                    if note.payload == pending:
                        pending = None
                        if not self.healthy:  # delivery proven: anything written before is in the next read
                            self.tick = next(self._ticks)
                            self.healthy = True
                            self._ready.set()
                    elif not note.payload.startswith(PING_PREFIX):  # a write (other replicas' pings ignored)
                        self.tick = next(self._ticks)
        finally:
            self.healthy = False
            connection.close()
