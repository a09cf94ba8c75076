"""The tracker's store: pilot cities (reference copy), progress reports per city and period, audit log.

Plain Python with SQLAlchemy 2 (engine in, records out: :mod:`smedx.tracker.records`), so it runs without
Streamlit. Every write
- requires an :class:`Actor` with the editor role (``PermissionDenied`` otherwise; checked here, server-side),
- is validated with :func:`smedx.tracker.rules.check_report`, the path the form and the importer share
  (``ValidationFailed``),
- uses optimistic locking on ``version`` (``ConflictError`` carries the submitted values and the current row),
- appends to the audit log (who, when, old, new) in the same transaction.
No SQLAlchemy error leaves this module: a database failure is one :class:`~smedx.tracker.messages.StoreError`
per cause (:func:`smedx.tracker.engine.store_error`).
Units: see :mod:`smedx.tracker.schema` (percent 0–100, 亿元, cumulative counts).
"""
from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import sessionmaker

from smedx.tracker.changes import ChangeFeed
from smedx.tracker.engine import is_driver_error, make_engine, translated
from smedx.tracker.migrate import upgrade
from smedx.tracker.models import AuditEntry, City, Report
from smedx.tracker.records import SYSTEM, Actor, AuditRecord, ImportSummary, ReportData, ReportRow
from smedx.tracker.writes import ReportWrites, aware, require_editor, row_of

__all__ = ["SYSTEM", "Actor", "ImportSummary", "ReportData", "ReportRow", "TrackerStore", "open_store",
           "require_editor"]


def open_store(url: str, *, migrate: bool = True) -> TrackerStore:
    """Connect (and migrate to the latest schema); a ``StoreError`` if the database can't be reached."""
    return _open_store(url, migrate)


@translated
def _open_store(url: str, migrate: bool) -> TrackerStore:
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    else:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    return TrackerStore(engine)


class TrackerStore(ReportWrites):
    """Reads and writes of the tracker database; see the module docstring for the rules of every write."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] | None = None):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._ticks = itertools.count()
        self._write_tick = next(self._ticks)
        # (read at, write tick, change-feed tick, fingerprint) of the last fingerprint read
        self._signature: tuple[float, int, int, tuple[Any, ...]] | None = None
        self._feed: ChangeFeed | None = None

    @translated
    def listen_for_changes(self) -> bool:
        """PostgreSQL: follow other processes' writes through ``LISTEN`` (see :mod:`smedx.tracker.changes`), so
        :meth:`reports_signature` needs no round trip while nothing changed. True if listening; a no-op on SQLite
        (single process: its writes go through this store)."""
        if self.engine.dialect.name != "postgresql":
            return False
        if self._feed is None:
            self._feed = ChangeFeed(self.engine)
        return self._feed.wait_ready()

    def close(self) -> None:
        """Stop listening and close the pooled connections."""
        if self._feed is not None:
            self._feed.close()
            self._feed = None
        self.engine.dispose()

    # ------------------------------------------------------------------ helpers
    def ping(self) -> bool:
        """True if the database answers."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:
            if is_driver_error(exc):
                return False
            raise
        return True

    @translated
    def city_adcodes(self) -> set[str]:
        with self._sessions() as session:
            return set(session.scalars(select(City.adcode)))

    @translated
    def reports_signature(self, max_age: float = 0.0) -> tuple[Any, ...]:
        """A cheap fingerprint that changes with every write (count, id and version sums, latest change):
        lets a UI cache derived tables until the data changes.

        The last fingerprint read by this store is reused, without a database round trip, unless a write went
        through this store since (or during) that read, and
        - while :meth:`listen_for_changes` is listening: unless a change notification arrived since;
        - otherwise: unless it is ``max_age`` seconds old or older (another process's write is seen at most
          ``max_age`` later; 0 always reads).
        """
        feed, cached, now = self._feed, self._signature, time.monotonic()
        listening = feed is not None and feed.healthy
        tick, feed_tick = self._write_tick, feed.tick if feed is not None else 0
        if (cached is not None and cached[1] == tick and cached[2] == feed_tick
                and (listening or now - cached[0] < max_age)):
            return cached[3]
        table = Report.__table__
        query = select(func.count(), func.sum(table.c.id), func.sum(table.c.version), func.max(table.c.updated_at))
        # PostgreSQL: one statement outside a transaction saves the BEGIN and ROLLBACK round trips (SQLite has no
        # round trips, and switching its isolation level costs more than it saves).
        options = {"isolation_level": "AUTOCOMMIT"} if self.engine.dialect.name == "postgresql" else {}
        with self.engine.connect().execution_options(**options) as connection:
            count, ids, versions, latest = connection.execute(query).one()
        signature = (count, ids or 0, versions or 0, str(latest))
        self._signature = (now, tick, feed_tick, signature)
        return signature

    @translated
    def report_versions(self) -> dict[tuple[str, str], int]:
        """(city adcode, period) → version of every stored report (what an import is checked against)."""
        with self._sessions() as session:
            query = select(Report.city_adcode, Report.period, Report.version)
            return {(c, p): v for c, p, v in session.execute(query)}

    @translated
    def report(self, report_id: int) -> ReportRow | None:
        """One report by id (``None`` if there is none)."""
        return self._current(report_id)

    @translated
    def reports(self, city_adcode: str | None = None) -> list[ReportRow]:
        """Reports ordered by city and period (all cities, or one)."""
        query = select(Report).order_by(Report.city_adcode, Report.period)
        if city_adcode is not None:
            query = query.where(Report.city_adcode == city_adcode)
        with self._sessions() as session:
            return [row_of(r) for r in session.scalars(query)]

    @translated
    def reports_frame(self, city_adcode: str | None = None) -> pd.DataFrame:
        """Reports as a DataFrame (one row per report; columns of :class:`ReportRow`; times in UTC)."""
        columns = [f.name for f in dataclasses.fields(ReportRow)]
        table = Report.__table__
        query = select(*(table.c[c] for c in columns)).order_by(table.c.city_adcode, table.c.period)
        if city_adcode is not None:
            query = query.where(table.c.city_adcode == city_adcode)
        with self.engine.connect() as connection:
            frame = pd.DataFrame(connection.execute(query).all(), columns=columns)
        for column in ("created_at", "updated_at"):
            frame[column] = pd.to_datetime(frame[column], utc=True)
        return frame

    @translated
    def audit(self, entity_key: str | None = None, limit: int = 500, *, city_adcode: str | None = None
              ) -> list[AuditRecord]:
        """Most recent audit entries first (optionally for one ``city/period`` key or all periods of a city)."""
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if entity_key is not None:
            query = query.where(AuditEntry.entity_key == entity_key)
        if city_adcode is not None:
            query = query.where(AuditEntry.entity_key.startswith(f"{city_adcode}/"))
        with self._sessions() as session:
            return [AuditRecord(aware(e.at), e.actor, e.action, e.entity_key, e.old, e.new)
                    for e in session.scalars(query)]

    # ------------------------------------------------------------------ writes
    @translated
    def sync_cities(self, cities: pd.DataFrame) -> int:
        """Insert or update the reference copy of the pilot cities (system action); returns rows changed."""
        changed = 0
        with self._sessions() as session, session.begin():
            existing = {c.adcode: c for c in session.scalars(select(City))}
            for row in cities.itertuples():
                values = {
                    "name_zh": row.name_zh,
                    "name_en": row.name_en,
                    "batch": None if pd.isna(row.batch) else int(row.batch),
                    "award_cap_yi": float(row.award_cap_yi),
                }
                city = existing.get(row.adcode)
                if city is None:
                    session.add(City(adcode=row.adcode, **values))
                elif any(getattr(city, k) != v for k, v in values.items()):
                    for key, value in values.items():
                        setattr(city, key, value)
                else:
                    continue
                changed += 1
        return changed

