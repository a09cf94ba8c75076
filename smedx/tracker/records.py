"""Plain records the store hands in and out (no SQLAlchemy): who acts, a report's content, a stored report, an
audit entry and an import's summary. The KPI fields of :data:`ReportData` come from
:data:`smedx.tracker.schema.KPIS` (counts ``int``, percent 0–100 and 亿元 ``float``; ``None`` = not reported)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from smedx.tracker.auth import EDITOR
from smedx.tracker.schema import KPIS

TEXT_FIELDS = ("note", "source")


@dataclass(frozen=True)
class Actor:
    """Who acts: the signed-in account (editor name or OIDC e-mail) and a role (``editor`` may write)."""

    name: str
    role: str

    @property
    def is_editor(self) -> bool:
        return self.role == EDITOR


SYSTEM = Actor("system", EDITOR)

ReportData = dataclasses.make_dataclass(
    "ReportData",
    [("city_adcode", str), ("period", str),
     *((k.name, int | None if k.integer else float | None, dataclasses.field(default=None)) for k in KPIS),
     *((name, str | None, dataclasses.field(default=None)) for name in TEXT_FIELDS)],
    frozen=True,
)
ReportData.__module__ = __name__
ReportData.__doc__ = "The editable content of a report (what a form or an import row submits)."
DATA_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(ReportData))


@dataclass(frozen=True, kw_only=True)
class ReportRow(ReportData):  # type: ignore[valid-type, misc]
    """A stored report with its id, version and who/when."""

    id: int
    version: int
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry: when (UTC), who, what (action, ``city/period`` key) and the values before and after."""

    at: datetime
    actor: str
    action: str
    entity_key: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None


@dataclass(frozen=True)
class ImportSummary:
    inserted: int
    updated: int


def values_of(data: Any) -> dict[str, Any]:
    """The editable fields of a report (record or ORM row) as a dict."""
    return {name: getattr(data, name) for name in DATA_FIELDS}
