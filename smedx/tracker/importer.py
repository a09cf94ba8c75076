"""Import progress reports from CSV or XLSX: validate every row, then write ALL rows or NONE.

Reading (limits, encodings, strict CSV, XLSX) is :mod:`smedx.tracker.reading`; city names
:mod:`smedx.tracker.cities`; each row goes through :func:`smedx.tracker.rules.check_report`, the validation the form
and the store use. Headers may be the machine names of the export/template (``city``, ``period``, KPI names …)
or their Chinese labels; a column that appears twice, a cell without a header and ``city`` / ``adcode`` cells that
disagree are errors, never silently resolved. An export's ``version`` column makes a re-import refuse rows whose
report changed since the export (the store checks again in its transaction).
The validation report names the spreadsheet row (header = row 1) and column of each problem, in zh and en.
Units: ``l2_share_pct`` percent 0–100 (a trailing % is accepted); ``funds_disbursed_yi`` 亿元.
"""
from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd

from smedx.i18n import t
from smedx.tracker.cities import CityIndex
from smedx.tracker.messages import NAMESPACE, Message, ValidationFailed
from smedx.tracker.reading import Cell, ImportFileError, column_letter, read_rows
from smedx.tracker.records import TEXT_FIELDS, Actor, ImportSummary, ReportData
from smedx.tracker.rules import check_report, parse_number
from smedx.tracker.schema import KPI_NAMES, KPIS
from smedx.tracker.store import TrackerStore, require_editor

__all__ = ["COLUMNS", "EXPORT_ONLY", "TEXT_COLUMNS", "CityIndex", "ImportFileError", "ImportReport", "import_file",
           "validate_rows"]
TEXT_COLUMNS = TEXT_FIELDS
COLUMNS: tuple[str, ...] = ("city", "period", *KPI_NAMES, *TEXT_COLUMNS)
REQUIRED: tuple[str, ...] = ("city", "period", *KPI_NAMES)
# Columns the export adds: ``adcode`` resolves the city (with ``city``: both must agree), ``version`` guards a
# re-import against newer edits; the rest are ignored.
EXPORT_ONLY = ("adcode", "id", "version", "created_by", "created_at", "updated_by", "updated_at")
ALIASES: dict[str, str] = {
    "城市": "city", "试点城市": "city", "城市名称": "city", "行政区划代码": "adcode",
    "报告期": "period", "期间": "period", "月份": "period",
    **{alias: kpi.name for kpi in KPIS for alias in kpi.aliases},
    "备注": "note", "来源": "source", "版本": "version",
}
_NEUTRALISED = ("'=", "'+", "'-", "'@")
_VERSION = next(k for k in KPIS if k.integer)  # parsed like a count


@dataclass(frozen=True)
class ImportIssue:
    """One problem: spreadsheet ``row`` (None = whole file), ``column`` (None = whole row) and message."""

    row: int | None
    column: str | None
    message: Message

    def text(self, lang: str) -> str:
        body = self.message.text(lang)
        return body if self.row is None else t(f"{NAMESPACE}.at_row", lang, row=self.row, text=body)


@dataclass
class ImportReport:
    """The validation result; ``rows`` are ready to write only if ``issues`` is empty. ``expected`` maps each
    row's (city, period) to the version of the export it came from (only for files with a ``version`` column)."""

    rows: list[ReportData] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    summary: ImportSummary | None = None
    expected: dict[tuple[str, str], int | None] | None = None

    @property
    def ok(self) -> bool:
        return not self.issues and bool(self.rows)

    def headline(self, lang: str) -> str:
        """One sentence for the top of the report."""
        if self.summary is not None:
            return Message("import_ok", {"inserted": self.summary.inserted, "updated": self.summary.updated}).text(lang)
        return Message("import_failed", {"n": len(self.issues)}).text(lang)

    def messages(self, lang: str) -> list[str]:
        return [issue.text(lang) for issue in self.issues]


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() == "")


def _clean_text(cell: Any) -> str | None:
    """Text of a cell without surrounding spaces and without the apostrophe our export adds against formulas."""
    if _blank(cell):
        return None
    text = str(cell).strip()
    return text[1:] if text.startswith(_NEUTRALISED) else text


def _number_cell(cell: Any) -> Any:
    """A number cell as typed: text without blanks or Excel's text apostrophe (``'120``); other cells as they are."""
    if not isinstance(cell, str):
        return cell
    text = _clean_text(cell)
    return text.removeprefix("'") if text is not None else None


def _canonical(header: Any) -> str:
    text = "" if header is None else str(header).strip().lstrip("\ufeff")
    return ALIASES.get(text, text.lower())


def _header_issues(header_row: int, names: list[str]) -> list[ImportIssue]:
    issues: list[ImportIssue] = []
    known = set(COLUMNS) | set(EXPORT_ONLY)
    first: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            continue
        if name in first:
            fields = {"column": name, "first": column_letter(first[name]), "second": column_letter(index)}
            issues.append(ImportIssue(header_row, name, Message("duplicate_column", fields)))
        first.setdefault(name, index)
        if name not in known:
            close = difflib.get_close_matches(name, list(COLUMNS), n=1, cutoff=0.6)
            message = (Message("unknown_column_suggest", {"column": name[:60], "suggestion": close[0]}) if close
                       else Message("unknown_column", {"column": name[:60]}))
            issues.append(ImportIssue(header_row, name[:60], message))
    for column in REQUIRED:
        if column not in names and not (column == "city" and "adcode" in names):
            issues.append(ImportIssue(header_row, column, Message("missing_column", {"column": column})))
    return issues


def validate_rows(
    rows: list[tuple[int, list[Any]]], cities: CityIndex, existing: Mapping[tuple[str, str], int], *,
    replace: bool = False, today: date | None = None,
) -> ImportReport:
    """Check header and rows against the reports ``existing`` ((city, period) → version); returns the parsed rows
    and every issue (nothing is written here)."""
    today = today or date.today()
    report = ImportReport()
    if len(rows) < 2:
        report.issues.append(ImportIssue(None, None, Message("empty_file")))
        return report
    header_row, header = rows[0]
    names = [_canonical(h) for h in header]
    report.issues += _header_issues(header_row, names)
    if report.issues:
        return report
    position = {name: i for i, name in enumerate(names) if name}
    if "version" in position:
        report.expected = {}
    seen: dict[tuple[str, str], int] = {}
    for line_no, cells in rows[1:]:
        unnamed = [i for i, c in enumerate(cells) if not _blank(c) and (i >= len(names) or not names[i])]
        if unnamed:
            fields = {"column": column_letter(unnamed[0])}
            report.issues.append(ImportIssue(line_no, fields["column"], Message("cell_without_header", fields)))
            continue
        cell = {name: cells[i] if i < len(cells) else None for name, i in position.items()}
        row = _Row(line_no, cell, cities, report.issues)
        data = row.data(today)
        if data is None:
            continue
        key = (data.city_adcode, data.period)
        if key in seen:
            fields = {"first": seen[key], "city": cities.display[key[0]], "period": key[1]}
            row.issue("period", Message("duplicate_row", fields))
            continue
        seen[key] = line_no
        version = row.version() if report.expected is not None else None
        if key in existing and not replace:
            row.issue("period", Message("already_reported", {"city": cities.display[key[0]], "period": key[1]}))
        elif report.expected is not None and existing.get(key) != version:
            fields = {"city": cities.display[key[0]], "period": key[1], "yours": version or "—",
                      "current": existing.get(key) or "—", "who": "—"}
            row.issue("version", Message("stale_import", fields))
        elif row.ok:
            report.rows.append(data)
            if report.expected is not None:
                report.expected[key] = version
    if report.issues:
        report.rows = []
    return report


class _Row:
    """One data row being checked; problems go straight into the report's issue list."""

    def __init__(self, line_no: int, cell: dict[str, Any], cities: CityIndex, issues: list[ImportIssue]):
        self.line_no, self.cell, self.cities, self.issues = line_no, cell, cities, issues
        self.ok = True

    def issue(self, column: str | None, message: Message) -> None:
        self.ok = False
        self.issues.append(ImportIssue(self.line_no, column, message))

    def _formula_free(self) -> bool:
        for name, value in self.cell.items():
            if isinstance(value, Cell):
                self.issue(name, Message("formula_without_value", {"column": name, "formula": value.formula}))
        return self.ok

    def _city(self) -> str | None:
        raw = {name: _clean_text(self.cell.get(name)) for name in ("adcode", "city")}
        given = {name: value for name, value in raw.items() if value is not None}
        if not given:
            self.issue("city", Message("missing_value", {"column": "city"}))
            return None
        resolved = {name: self.cities.resolve(value) for name, value in given.items()}
        for name, adcode in resolved.items():
            if adcode is None:
                suggestion = self.cities.suggest(given[name])
                value = given[name][:60]
                self.issue(name, Message("unknown_city_suggest", {"value": value, "suggestion": suggestion})
                           if suggestion else Message("unknown_city", {"value": value}))
        codes = set(resolved.values())
        if None in codes:
            return None
        if len(codes) > 1:
            self.issue("city", Message("city_adcode_disagree", {"city": given["city"][:60], "adcode": given["adcode"]}))
            return None
        return codes.pop()

    def data(self, today: date) -> ReportData | None:
        """The row's report, checked by the shared rules; ``None`` if a problem was found."""
        if not self._formula_free():
            return None
        adcode = self._city()
        raw_period = self.cell.get("period")
        if _blank(raw_period):
            self.issue("period", Message("missing_value", {"column": "period"}))
        period = raw_period if isinstance(raw_period, date | datetime) else _clean_text(raw_period) or ""
        values = {kpi.name: parse_number(_number_cell(self.cell.get(kpi.name)), kpi) for kpi in KPIS}
        texts = {name: _clean_text(self.cell.get(name)) for name in TEXT_COLUMNS}
        data = ReportData(city_adcode=adcode or "", period=period, **values, **texts)
        checked, found = check_report(data, self.cities.caps.get(adcode) if adcode else None, today)
        for column, message in found:
            if not (column == "period" and _blank(raw_period)):
                self.issue(column, message)
        return checked if self.ok and adcode else None

    def version(self) -> int | None:
        value = parse_number(_number_cell(self.cell.get("version")), _VERSION)
        if value is None or isinstance(value, int):
            return value
        self.issue("version", Message("not_integer", {"column": "version", "value": str(value)[:60]}))
        return None


def import_file(
    store: TrackerStore, actor: Actor | None, data: bytes, filename: str, cities: pd.DataFrame, *,
    replace: bool = False, today: date | None = None,
) -> ImportReport:
    """Validate ``data`` and, only if every row is valid, write all rows in one transaction.

    Raises ``PermissionDenied`` for non-editors before reading anything, and a ``StoreError`` if the database
    fails. A file-level problem (type, size, encoding, syntax) or any row issue comes back in
    ``ImportReport.issues`` with the database unchanged.
    """
    actor = require_editor(actor)
    try:
        rows = read_rows(data, filename)
    except ImportFileError as exc:
        return ImportReport(issues=[ImportIssue(None, None, exc.msg)])
    report = validate_rows(rows, CityIndex(cities), store.report_versions(), replace=replace, today=today)
    if report.ok:
        try:
            report.summary = store.import_reports(actor, report.rows, replace=replace, expected=report.expected)
        except ValidationFailed as exc:  # changed by someone else between validation and writing
            report.issues = [ImportIssue(None, None, message) for message in exc.issues]
            report.rows = []
    elif not report.issues:
        report.issues.append(ImportIssue(None, None, Message("empty_file")))
    return report
