"""The writes of the tracker store (a mixin of :class:`smedx.tracker.store.TrackerStore`): save, delete, redact
and the all-or-nothing import. Every write requires the editor role, is validated with
:func:`smedx.tracker.rules.check_report`, uses optimistic locking on ``version`` and is audited in the same
transaction (see the store's docstring)."""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from smedx.tracker.changes import CHANNEL
from smedx.tracker.engine import translated
from smedx.tracker.messages import ConflictError, Message, PermissionDenied, ValidationFailed
from smedx.tracker.models import ACTOR_LENGTH, AuditEntry, City, Report
from smedx.tracker.records import TEXT_FIELDS, Actor, ImportSummary, ReportData, ReportRow, values_of
from smedx.tracker.rules import check_report

REDACTED = "[redacted]"


def aware(moment: datetime) -> datetime:
    """SQLite drops the time zone: values are written in UTC, so read them back as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def row_of(report: Report) -> ReportRow:
    return ReportRow(
        **values_of(report),
        id=report.id,
        version=report.version,
        created_by=report.created_by,
        created_at=aware(report.created_at),
        updated_by=report.updated_by,
        updated_at=aware(report.updated_at),
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


def _writes_reports(method: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a write of reports: a fingerprint read by this store while it runs, or before it, is not reused."""
    @functools.wraps(method)
    def wrapper(self: ReportWrites, *args: Any, **kwargs: Any) -> Any:
        self._write_tick = next(self._ticks)
        try:
            return method(self, *args, **kwargs)
        finally:
            self._write_tick = next(self._ticks)
    return translated(wrapper)



class ReportWrites:
    """Writes of reports; the store provides ``engine``, ``_sessions``, ``_clock``, ``_ticks`` and
    ``_write_tick``."""

    engine: Any
    _sessions: Callable[[], Session]
    _clock: Callable[[], datetime]
    _ticks: Iterator[int]
    _write_tick: int

    def _notify_change(self, session: Session) -> None:
        """Inside a write transaction: tell every listening replica on commit (PostgreSQL)."""
        if self.engine.dialect.name == "postgresql":
            session.execute(text(f"NOTIFY {CHANNEL}"))

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
            return row_of(report) if report else None

    def _existing(self, city_adcode: str, period: str) -> ReportRow | None:
        with self._sessions() as session:
            report = session.scalars(
                select(Report).where(Report.city_adcode == city_adcode, Report.period == period)
            ).first()
            return row_of(report) if report else None

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
                        raise self._changed_conflict(data, row_of(report) if report else None)
                    old = _snapshot(report)
                    for name, value in values.items():
                        setattr(report, name, value)
                    report.updated_by, report.updated_at = actor.name, now
                    session.flush()
                    self._audit(session, actor, "update", f"{data.city_adcode}/{data.period}", old, _snapshot(report))
                saved = row_of(report)
        except StaleDataError:
            raise self._changed_conflict(data, self._current(report_id) if report_id else None) from None
        except IntegrityError:
            raise self._exists_conflict(data) from None
        return saved

    def _locked_report(self, session: Session, report_id: int, expected_version: int) -> Report:
        """The report at ``expected_version`` (``ConflictError`` if it changed or vanished)."""
        report = session.get(Report, report_id)
        if report is None or report.version != expected_version:
            raise self._changed_conflict(None, row_of(report) if report else None)
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
                saved = row_of(report)
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

