"""Change notifications of the tracker database (PostgreSQL ``LISTEN``/``NOTIFY``).

Every write of reports sends ``NOTIFY`` on :data:`CHANNEL` inside its transaction (PostgreSQL delivers it on
commit, to every listening connection: every replica of the app). A :class:`ChangeFeed` keeps one listening
connection in a daemon thread and counts what it hears, so a page rerun can tell whether the reports changed
without a database round trip. While the feed is down (connection lost, or a pooler that does not support
``LISTEN``), :attr:`ChangeFeed.healthy` is false and callers read the database instead.
"""
from __future__ import annotations

import itertools
import logging
import threading
from typing import Any

from sqlalchemy import Engine

CHANNEL = "smedx_tracker_reports"
RETRY_SECONDS = 5.0  # wait before reconnecting a lost listening connection
POLL_SECONDS = 1.0  # how often the thread checks whether it should stop

_LOG = logging.getLogger(__name__)


class ChangeFeed:
    """Listens for :data:`CHANNEL` notifications of one PostgreSQL database in a daemon thread.

    ``tick`` changes on every notification and on every (re)connection (writes missed while the feed was down
    must not look unchanged); ``healthy`` is true while the listening connection is up.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._ticks = itertools.count()
        self.tick = next(self._ticks)
        self.healthy = False
        self._ready = threading.Event()  # set after the first connection attempt, whatever its outcome
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="smedx-tracker-changes", daemon=True)
        self._thread.start()

    def wait_ready(self, timeout: float = 5.0) -> bool:
        """Wait for the first connection attempt; True if the feed is listening."""
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
        try:
            connection.autocommit = True
            connection.execute(f"LISTEN {CHANNEL}")
            self.tick = next(self._ticks)  # anything written before now is in the next read
            self.healthy = True
            self._ready.set()
            while not self._stop.is_set():
                for _ in connection.notifies(timeout=POLL_SECONDS):
                    self.tick = next(self._ticks)
        finally:
            self.healthy = False
            connection.close()
