"""The tracker's database: pilot cities (reference copy), progress reports per city and period, audit log.

Plain Python with SQLAlchemy 2 (engine in, rows out), so it runs without Streamlit. Every write
- requires an :class:`Actor` with the editor role (``PermissionDenied`` otherwise; checked here, server-side),
- is validated with :mod:`smedx.tracker.rules` (``ValidationFailed``),
- uses optimistic locking on ``version`` (``ConflictError`` carries the submitted values and the current row),
- appends to the audit log (who, when, old, new) in the same transaction.
Units: see :mod:`smedx.tracker.schema` (percent 0–100, 亿元, cumulative counts).
"""
from __future__ import annotations

import dataclasses
import functools
import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, ClassVar

import pandas as pd
from sqlalchemy import (
    JSON,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from smedx.tracker import config
from smedx.tracker.auth import EDITOR
from smedx.tracker.changes import CHANNEL, ChangeFeed
from smedx.tracker.messages import (
    ConflictError,
    Message,
    PermissionDenied,
    StoreUnavailable,
    ValidationFailed,
)
from smedx.tracker.rules import parse_period, period_issue, value_issues

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class City(Base):
    """Reference copy of ``data/pilot_cities.csv`` (kept in sync at start-up) so reports have a foreign key."""

    __tablename__ = "tracker_city"
    adcode: Mapped[str] = mapped_column(String(6), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(128))
    batch: Mapped[int | None] = mapped_column(Integer)
    award_cap_yi: Mapped[float] = mapped_column(Float)


class Report(Base):
    """One progress report of a city for a period (``YYYY-MM``); KPI values are cumulative at period end."""

    __tablename__ = "tracker_report"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city_adcode: Mapped[str] = mapped_column(String(6), ForeignKey("tracker_city.adcode"))
    period: Mapped[str] = mapped_column(String(7))
    firms_retrofitted: Mapped[int | None] = mapped_column(Integer)
    l2_share_pct: Mapped[float | None] = mapped_column(Float)
    service_providers: Mapped[int | None] = mapped_column(Integer)
    products: Mapped[int | None] = mapped_column(Integer)
    lighthouse_firms: Mapped[int | None] = mapped_column(Integer)
    funds_disbursed_yi: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("city_adcode", "period"),)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": version}


class AuditEntry(Base):
    """Append-only log of every change: who, when, what (entity and key), old and new values."""

    __tablename__ = "tracker_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(32))
    entity_key: Mapped[str] = mapped_column(String(64))
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    __table_args__ = (Index(None, "entity", "entity_key"),)


@dataclass(frozen=True)
class Actor:
    """Who acts: a display name or e-mail, and a role (``editor`` may write; anything else may only read)."""

    name: str
    role: str

    @property
    def is_editor(self) -> bool:
        return self.role == EDITOR


SYSTEM = Actor("system", EDITOR)


@dataclass(frozen=True)
class ReportData:
    """The editable content of a report (what a form or an import row submits)."""

    city_adcode: str
    period: str
    firms_retrofitted: int | None = None
    l2_share_pct: float | None = None
    service_providers: int | None = None
    products: int | None = None
    lighthouse_firms: int | None = None
    funds_disbursed_yi: float | None = None
    note: str | None = None
    source: str | None = None


DATA_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(ReportData))


@dataclass(frozen=True, kw_only=True)
class ReportRow(ReportData):
    """A stored report with its id, version and who/when."""

    id: int
    version: int
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime


@dataclass(frozen=True)
class ImportSummary:
    inserted: int
    updated: int


def _aware(moment: datetime) -> datetime:
    """SQLite drops the time zone: values are written in UTC, so read them back as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _row(report: Report) -> ReportRow:
    values = {name: getattr(report, name) for name in DATA_FIELDS}
    return ReportRow(
        **values,
        id=report.id,
        version=report.version,
        created_by=report.created_by,
        created_at=_aware(report.created_at),
        updated_by=report.updated_by,
        updated_at=_aware(report.updated_at),
    )


def _snapshot(report: Report | ReportData) -> dict[str, Any]:
    values = {name: getattr(report, name) for name in DATA_FIELDS}
    if isinstance(report, Report):
        values["version"] = report.version
    return values


def require_editor(actor: Actor | None) -> Actor:
    """The actor if it has the editor role, else ``PermissionDenied`` (the server-side role check)."""
    if actor is None or not actor.is_editor:
        raise PermissionDenied(Message("permission_denied", {"actor": actor.name if actor else "anonymous"}))
    return actor


def _audit_values(actor: Actor, now: datetime, action: str, key: str, old: Any, new: Any) -> dict[str, Any]:
    return {"at": now, "actor": actor.name, "action": action, "entity": "report", "entity_key": key,
            "old": old, "new": new}


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


def _unavailable(exc: Exception) -> StoreUnavailable:
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return StoreUnavailable(Message("db_unavailable", {"detail": detail[0] if detail else type(exc).__name__}))


def open_store(url: str, *, migrate: bool = True) -> TrackerStore:
    """Connect (and migrate to the latest schema); ``StoreUnavailable`` if the database can't be reached."""
    from smedx.tracker.migrate import upgrade

    try:
        engine = make_engine(url)
        if migrate:
            upgrade(engine)
        else:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as exc:
        raise _unavailable(exc) from exc
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
    return wrapper


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

    def _validate(self, session: Session, data: ReportData) -> ReportData:
        city = session.get(City, data.city_adcode)
        if city is None:
            raise ValidationFailed([Message("unknown_city", {"value": data.city_adcode})])
        period = parse_period(data.period)
        issues = [m for m in [period_issue(period, data.period, self._today())] if m is not None]
        issues += [m for _, m in value_issues(_snapshot(data), city.award_cap_yi)]
        if issues:
            raise ValidationFailed(issues)
        return dataclasses.replace(data, period=period)

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
        except SQLAlchemyError:
            return False
        return True

    def city_adcodes(self) -> set[str]:
        with self._sessions() as session:
            return set(session.scalars(select(City.adcode)))

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

    def report_keys(self) -> set[tuple[str, str]]:
        """All (city adcode, period) pairs that already have a report."""
        with self._sessions() as session:
            return {(c, p) for c, p in session.execute(select(Report.city_adcode, Report.period))}

    def report(self, report_id: int) -> ReportRow | None:
        """One report by id (``None`` if there is none)."""
        return self._current(report_id)

    def reports(self, city_adcode: str | None = None) -> list[ReportRow]:
        """Reports ordered by city and period (all cities, or one)."""
        query = select(Report).order_by(Report.city_adcode, Report.period)
        if city_adcode is not None:
            query = query.where(Report.city_adcode == city_adcode)
        with self._sessions() as session:
            return [_row(r) for r in session.scalars(query)]

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

    def audit(self, entity_key: str | None = None, limit: int = 500, *, city_adcode: str | None = None
              ) -> list[AuditEntry]:
        """Most recent audit entries first (optionally for one ``city/period`` key or all periods of a city)."""
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if entity_key is not None:
            query = query.where(AuditEntry.entity_key == entity_key)
        if city_adcode is not None:
            query = query.where(AuditEntry.entity_key.startswith(f"{city_adcode}/"))
        with self._sessions() as session:
            entries = list(session.scalars(query))
        for entry in entries:
            entry.at = _aware(entry.at)
        return entries

    # ------------------------------------------------------------------ writes
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
                values = {name: getattr(data, name) for name in DATA_FIELDS}
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

    @_writes_reports
    def delete_report(self, actor: Actor | None, report_id: int, expected_version: int) -> None:
        """Delete a report if it is still at ``expected_version`` (``ConflictError`` otherwise)."""
        actor = require_editor(actor)
        try:
            with self._sessions() as session, session.begin():
                self._notify_change(session)  # delivered to listening replicas on commit
                report = session.get(Report, report_id)
                if report is None or report.version != expected_version:
                    raise self._changed_conflict(None, _row(report) if report else None)
                old = _snapshot(report)
                session.delete(report)
                session.flush()
                self._audit(session, actor, "delete", f"{report.city_adcode}/{report.period}", old, None)
        except StaleDataError:
            raise self._changed_conflict(None, self._current(report_id)) from None

    @_writes_reports
    def import_reports(
        self, actor: Actor | None, rows: Sequence[ReportData], *, replace: bool = False
    ) -> ImportSummary:
        """Write many validated reports in ONE transaction: all or nothing.

        New (city, period) pairs are inserted; existing ones are updated only with ``replace=True``,
        otherwise the whole import fails with ``ValidationFailed`` and nothing is written.
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
                    if data.city_adcode not in cities:
                        issues.append(Message("unknown_city", {"value": data.city_adcode}))
                        continue
                    period = parse_period(data.period)
                    problem = period_issue(period, data.period, self._today())
                    found = [problem] if problem else []
                    found += [m for _, m in value_issues(_snapshot(data), cities[data.city_adcode].award_cap_yi)]
                    issues += found
                    if not found:
                        checked.append(dataclasses.replace(data, period=period))
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
                inserts, audits = [], []
                updated = 0
                for data in checked:
                    key = f"{data.city_adcode}/{data.period}"
                    values = {name: getattr(data, name) for name in DATA_FIELDS}
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
        except StaleDataError:
            raise ValidationFailed([Message("import_conflict")]) from None
        except IntegrityError:
            raise ValidationFailed([Message("import_conflict")]) from None
        return ImportSummary(inserted=len(inserts), updated=updated)

