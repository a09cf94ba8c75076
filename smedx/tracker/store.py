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
import functools
import itertools
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from smedx.tracker.changes import CHANNEL, ChangeFeed
from smedx.tracker.engine import is_driver_error, make_engine, store_error
from smedx.tracker.messages import (
    ConflictError,
    Message,
    PermissionDenied,
    TrackerError,
    ValidationFailed,
)
from smedx.tracker.migrate import upgrade
from smedx.tracker.models import ACTOR_LENGTH, AuditEntry, City, Report
from smedx.tracker.records import (
    SYSTEM,
    TEXT_FIELDS,
    Actor,
    AuditRecord,
    ImportSummary,
    ReportData,
    ReportRow,
    values_of,
)
from smedx.tracker.rules import check_report

__all__ = ["SYSTEM", "Actor", "ImportSummary", "ReportData", "ReportRow", "TrackerStore", "open_store",
           "require_editor"]
REDACTED = "[redacted]"


def _aware(moment: datetime) -> datetime:
    """SQLite drops the time zone: values are written in UTC, so read them back as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _row(report: Report) -> ReportRow:
    return ReportRow(
        **values_of(report),
        id=report.id,
        version=report.version,
        created_by=report.created_by,
        created_at=_aware(report.created_at),
        updated_by=report.updated_by,
        updated_at=_aware(report.updated_at),
    )


def _snapshot(report: Report | ReportData) -> dict[str, Any]:
    values = values_of(report)
    if isinstance(report, Report):
        values["version"] = report.version
    return values


def require_editor(actor: Actor | None) -> Actor:
    """The actor if it has the editor role, else ``PermissionDenied`` (the server-side role check)."""
    if actor is None or not actor.is_editor:
        name = actor.name[:ACTOR_LENGTH] if actor else "anonymous"
        raise PermissionDenied(Message("permission_denied", {"actor": name}))
    if not actor.name.strip() or len(actor.name) > ACTOR_LENGTH:
        raise ValidationFailed([Message("bad_actor", {"max": ACTOR_LENGTH})])
    return actor


def _audit_values(actor: Actor, now: datetime, action: str, key: str, old: Any, new: Any) -> dict[str, Any]:
    return {"at": now, "actor": actor.name, "action": action, "entity": "report", "entity_key": key,
            "old": old, "new": new}


def _translated(method: Callable[..., Any]) -> Callable[..., Any]:
    """Database failures of a store method become the tracker's own errors (see the module docstring)."""
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except TrackerError:
            raise
        except Exception as exc:
            if is_driver_error(exc):
                raise store_error(exc) from None
            raise
    return wrapper


@_translated
def open_store(url: str, *, migrate: bool = True) -> TrackerStore:
    """Connect (and migrate to the latest schema); a ``StoreError`` if the database can't be reached."""
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    else:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    return TrackerStore(engine)


def _writes_reports(method: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a write of reports: a fingerprint read by this store while it runs, or before it, is not reused."""
    @functools.wraps(method)
    def wrapper(self: TrackerStore, *args: Any, **kwargs: Any) -> Any:
        self._write_tick = next(self._ticks)
        try:
            return method(self, *args, **kwargs)
        finally:
            self._write_tick = next(self._ticks)
    return _translated(wrapper)


class TrackerStore:
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

    @_translated
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

    def _notify_change(self, session: Session) -> None:
        """Inside a write transaction: tell every listening replica on commit (PostgreSQL)."""
        if self.engine.dialect.name == "postgresql":
            session.execute(text(f"NOTIFY {CHANNEL}"))

    # ------------------------------------------------------------------ helpers
    def _now(self) -> datetime:
        return self._clock()

    def _today(self) -> date:
        return self._now().date()

    def _audit(self, session: Session, actor: Actor, action: str, key: str, old: Any, new: Any) -> None:
        session.add(AuditEntry(**_audit_values(actor, self._now(), action, key, old, new)))

    def _checked(self, data: ReportData, cities: Mapping[str, City]) -> tuple[ReportData, list[Message]]:
        """The shared validation (:func:`check_report`) plus the city's existence."""
        city = cities.get(data.city_adcode)
        if city is None:
            return data, [Message("unknown_city", {"value": str(data.city_adcode)[:60]})]
        checked, issues = check_report(data, city.award_cap_yi, self._today())
        return checked, [message for _, message in issues]

    def _validate(self, session: Session, data: ReportData) -> ReportData:
        city = session.get(City, data.city_adcode) if isinstance(data.city_adcode, str) else None
        checked, issues = self._checked(data, {city.adcode: city} if city else {})
        if issues:
            raise ValidationFailed(issues)
        return checked

    def _current(self, report_id: int) -> ReportRow | None:
        with self._sessions() as session:
            report = session.get(Report, report_id)
            return _row(report) if report else None

    def _existing(self, city_adcode: str, period: str) -> ReportRow | None:
        with self._sessions() as session:
            report = session.scalars(
                select(Report).where(Report.city_adcode == city_adcode, Report.period == period)
            ).first()
            return _row(report) if report else None

    @staticmethod
    def _changed_conflict(yours: ReportData | None, current: ReportRow | None) -> ConflictError:
        """``yours`` is what the writer submitted (``None`` for a delete); ``current`` the row as it is now."""
        if current is None:
            return ConflictError(Message("conflict_deleted"), yours=yours, current=None)
        when = f"{current.updated_at:%Y-%m-%d %H:%M} UTC"
        fields = {"who": current.updated_by, "when": when, "version": current.version}
        return ConflictError(Message("conflict_changed", fields), yours=yours, current=current)

    def _exists_conflict(self, data: ReportData) -> ConflictError:
        current = self._existing(data.city_adcode, data.period)
        fields = {"city": data.city_adcode, "period": data.period, "who": current.updated_by if current else "?"}
        return ConflictError(Message("conflict_exists", fields), yours=data, current=current)

    # ------------------------------------------------------------------ reads
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

    @_translated
    def city_adcodes(self) -> set[str]:
        with self._sessions() as session:
            return set(session.scalars(select(City.adcode)))

    @_translated
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

    @_translated
    def report_versions(self) -> dict[tuple[str, str], int]:
        """(city adcode, period) → version of every stored report (what an import is checked against)."""
        with self._sessions() as session:
            query = select(Report.city_adcode, Report.period, Report.version)
            return {(c, p): v for c, p, v in session.execute(query)}

    @_translated
    def report(self, report_id: int) -> ReportRow | None:
        """One report by id (``None`` if there is none)."""
        return self._current(report_id)

    @_translated
    def reports(self, city_adcode: str | None = None) -> list[ReportRow]:
        """Reports ordered by city and period (all cities, or one)."""
        query = select(Report).order_by(Report.city_adcode, Report.period)
        if city_adcode is not None:
            query = query.where(Report.city_adcode == city_adcode)
        with self._sessions() as session:
            return [_row(r) for r in session.scalars(query)]

    @_translated
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

    @_translated
    def audit(self, entity_key: str | None = None, limit: int = 500, *, city_adcode: str | None = None
              ) -> list[AuditRecord]:
        """Most recent audit entries first (optionally for one ``city/period`` key or all periods of a city)."""
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if entity_key is not None:
            query = query.where(AuditEntry.entity_key == entity_key)
        if city_adcode is not None:
            query = query.where(AuditEntry.entity_key.startswith(f"{city_adcode}/"))
        with self._sessions() as session:
            return [AuditRecord(_aware(e.at), e.actor, e.action, e.entity_key, e.old, e.new)
                    for e in session.scalars(query)]

    # ------------------------------------------------------------------ writes
    @_translated
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

    @_writes_reports
    def save_report(
        self, actor: Actor | None, data: ReportData, *, report_id: int | None = None,
        expected_version: int | None = None,
    ) -> ReportRow:
        """Create (``report_id`` None) or update a report. An update must name the ``expected_version`` it
        was based on; if the record changed or vanished meanwhile, ``ConflictError`` (nothing written)."""
        actor = require_editor(actor)
        now = self._now()
        try:
            with self._sessions() as session, session.begin():
                self._notify_change(session)  # delivered to listening replicas on commit
                data = self._validate(session, data)
                values = values_of(data)
                if report_id is None:
                    report = Report(
                        **values, created_by=actor.name, created_at=now, updated_by=actor.name, updated_at=now
                    )
                    session.add(report)
                    session.flush()
                    self._audit(session, actor, "insert", f"{data.city_adcode}/{data.period}", None, _snapshot(report))
                else:
                    report = session.get(Report, report_id)
                    if report is None or report.version != expected_version:
                        raise self._changed_conflict(data, _row(report) if report else None)
                    old = _snapshot(report)
                    for name, value in values.items():
                        setattr(report, name, value)
                    report.updated_by, report.updated_at = actor.name, now
                    session.flush()
                    self._audit(session, actor, "update", f"{data.city_adcode}/{data.period}", old, _snapshot(report))
                saved = _row(report)
        except StaleDataError:
            raise self._changed_conflict(data, self._current(report_id) if report_id else None) from None
        except IntegrityError:
            raise self._exists_conflict(data) from None
        return saved

    def _locked_report(self, session: Session, report_id: int, expected_version: int) -> Report:
        """The report at ``expected_version`` (``ConflictError`` if it changed or vanished)."""
        report = session.get(Report, report_id)
        if report is None or report.version != expected_version:
            raise self._changed_conflict(None, _row(report) if report else None)
        return report

    @_writes_reports
    def delete_report(self, actor: Actor | None, report_id: int, expected_version: int) -> None:
        """Delete a report if it is still at ``expected_version`` (``ConflictError`` otherwise); audited with the
        values it had."""
        actor = require_editor(actor)
        try:
            with self._sessions() as session, session.begin():
                self._notify_change(session)  # delivered to listening replicas on commit
                report = self._locked_report(session, report_id, expected_version)
                old = _snapshot(report)
                session.delete(report)
                session.flush()
                self._audit(session, actor, "delete", f"{report.city_adcode}/{report.period}", old, None)
        except StaleDataError:
            raise self._changed_conflict(None, self._current(report_id)) from None

    @_writes_reports
    def redact_report(self, actor: Actor | None, report_id: int, expected_version: int) -> ReportRow:
        """Remove the free text (note, source) of a report AND from every earlier audit entry of it (text that
        must not be kept: personal data, a pasted document); audited as ``redact`` without the removed text."""
        actor = require_editor(actor)
        try:
            with self._sessions() as session, session.begin():
                self._notify_change(session)
                report = self._locked_report(session, report_id, expected_version)
                key = f"{report.city_adcode}/{report.period}"
                redacted = [name for name in TEXT_FIELDS if getattr(report, name) is not None]
                for entry in session.scalars(select(AuditEntry).where(AuditEntry.entity_key == key)):
                    entry.old, entry.new = _scrubbed(entry.old), _scrubbed(entry.new)
                old_version = report.version
                for name in TEXT_FIELDS:
                    setattr(report, name, None)
                report.updated_by, report.updated_at = actor.name, self._now()
                session.flush()
                self._audit(session, actor, "redact", key, {"version": old_version, "fields": redacted},
                            {"version": report.version})
                saved = _row(report)
        except StaleDataError:
            raise self._changed_conflict(None, self._current(report_id)) from None
        return saved

    @_writes_reports
    def import_reports(
        self, actor: Actor | None, rows: Sequence[ReportData], *, replace: bool = False,
        expected: Mapping[tuple[str, str], int | None] | None = None,
    ) -> ImportSummary:
        """Write many validated reports in ONE transaction: all or nothing.

        New (city, period) pairs are inserted; existing ones are updated only with ``replace=True``,
        otherwise the whole import fails with ``ValidationFailed`` and nothing is written. ``expected`` (from an
        export's ``version`` column) maps a row's key to the version it was exported at (``None``: the report did
        not exist then): a report changed, created or deleted since is refused as stale.
        """
        actor = require_editor(actor)
        now = self._now()
        try:
            with self._sessions() as session, session.begin():
                self._notify_change(session)  # delivered to listening replicas on commit
                cities = {c.adcode: c for c in session.scalars(select(City))}
                checked: list[ReportData] = []
                issues: list[Message] = []
                for data in rows:
                    normalised, found = self._checked(data, cities)
                    issues += found
                    if not found:
                        checked.append(normalised)
                if issues:
                    raise ValidationFailed(issues)
                keys = {(d.city_adcode, d.period) for d in checked}
                if len(keys) != len(checked):
                    raise ValidationFailed([Message("duplicate_in_batch")])
                existing = {
                    (r.city_adcode, r.period): r
                    for r in session.scalars(
                        select(Report).where(Report.city_adcode.in_({k[0] for k in keys}))
                    )
                    if (r.city_adcode, r.period) in keys
                }
                if existing and not replace:
                    (city, period), _ = next(iter(existing.items()))
                    raise ValidationFailed(
                        [Message("duplicate_existing", {"city": city, "period": period, "n": len(existing)})]
                    )
                stale = _stale(expected or {}, existing)
                if stale:
                    raise ValidationFailed(stale)
                inserts, audits = [], []
                updated = 0
                for data in checked:
                    key = f"{data.city_adcode}/{data.period}"
                    values = values_of(data)
                    report = existing.get((data.city_adcode, data.period))
                    if report is None:
                        inserts.append(
                            {**values, "created_by": actor.name, "created_at": now, "updated_by": actor.name,
                             "updated_at": now, "version": 1}
                        )
                        new = {**values, "version": 1}
                        audits.append(_audit_values(actor, now, "import", key, None, new))
                    else:
                        old = _snapshot(report)
                        for name, value in values.items():
                            setattr(report, name, value)
                        report.updated_by, report.updated_at = actor.name, now
                        session.flush()
                        audits.append(_audit_values(actor, now, "import", key, old, _snapshot(report)))
                        updated += 1
                if inserts:
                    session.execute(insert(Report), inserts)
                if audits:
                    session.execute(insert(AuditEntry), audits)
        except (StaleDataError, IntegrityError):
            raise ValidationFailed([Message("import_conflict")]) from None
        return ImportSummary(inserted=len(inserts), updated=updated)


def _scrubbed(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if not values:
        return values
    return {k: (REDACTED if k in TEXT_FIELDS and v is not None else v) for k, v in values.items()}


def _stale(expected: Mapping[tuple[str, str], int | None], existing: Mapping[tuple[str, str], Report]
           ) -> list[Message]:
    """A message per key whose stored version is not the one the file was exported at."""
    messages = []
    for key, version in expected.items():
        report = existing.get(key)
        current = report.version if report is not None else None
        if current != version:
            fields = {"city": key[0], "period": key[1], "yours": version if version is not None else "—",
                      "current": current if current is not None else "—",
                      "who": report.updated_by if report is not None else "—"}
            messages.append(Message("stale_import", fields))
    return messages
