"""Import progress reports from CSV or XLSX: validate every row, then write ALL rows or NONE.

Accepted encodings for CSV: UTF-8, UTF-8 with BOM and GB18030 (what Chinese Excel writes). Headers may be
the machine names of the export/template (``city``, ``period``, KPI names …) or their Chinese labels.
The validation report names the spreadsheet row (header = row 1) and column of each problem, in zh and en:
unknown city (with the nearest name as a suggestion), missing or unknown column, malformed period,
non-number, negative or out-of-range value, duplicate city+period in the file or already in the database.
Units: ``l2_share_pct`` percent 0–100 (a trailing % is accepted); ``funds_disbursed_yi`` 亿元.
"""
from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any

import pandas as pd

from smedx.i18n import t
from smedx.tracker.messages import NAMESPACE, Message, TrackerError, ValidationFailed
from smedx.tracker.rules import parse_period, period_issue, value_issues
from smedx.tracker.schema import KPI_NAMES
from smedx.tracker.store import Actor, ImportSummary, ReportData, TrackerStore, require_editor

MAX_ROWS = 50_000
TEXT_COLUMNS = ("note", "source")
COLUMNS: tuple[str, ...] = ("city", "period", *KPI_NAMES, *TEXT_COLUMNS)
REQUIRED: tuple[str, ...] = ("city", "period", *KPI_NAMES)
# Columns the export adds that an import ignores (``adcode`` is used to resolve the city when present).
EXPORT_ONLY = ("adcode", "id", "version", "created_by", "created_at", "updated_by", "updated_at")
ALIASES: dict[str, str] = {
    "城市": "city", "试点城市": "city", "城市名称": "city", "行政区划代码": "adcode",
    "报告期": "period", "期间": "period", "月份": "period",
    "完成改造企业数": "firms_retrofitted", "改造企业数": "firms_retrofitted",
    "二级及以上占比": "l2_share_pct", "二级及以上占比(%)": "l2_share_pct", "二级及以上占比（%）": "l2_share_pct",
    "服务商数": "service_providers", "数字化服务商数": "service_providers",
    "小快轻准产品数": "products", "小灯塔企业数": "lighthouse_firms",
    "已拨付中央资金(亿元)": "funds_disbursed_yi", "已拨付中央资金（亿元）": "funds_disbursed_yi",
    "已拨付中央资金": "funds_disbursed_yi", "备注": "note", "来源": "source",
}
_NEUTRALISED = ("'=", "'+", "'-", "'@")
_SUFFIXES = ("回族自治州", "自治州", "新区", "市", "区", "州")


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
    """The validation result; ``rows`` are ready to write only if ``issues`` is empty."""

    rows: list[ReportData] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    summary: ImportSummary | None = None

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


class ImportFileError(TrackerError):
    """The file as a whole cannot be read (type, encoding, syntax)."""


# ---------------------------------------------------------------------------------------------- reading
def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030; anything else is an ``ImportFileError``."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(Message("bad_encoding"))


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    reader = csv.reader(io.StringIO(decode_text(data), newline=""))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise ImportFileError(Message("file_unreadable", {"detail": str(exc)})) from None


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken or non-xlsx file
        raise ImportFileError(Message("file_unreadable", {"detail": type(exc).__name__})) from None
    try:
        yield from enumerate((list(cells) for cells in book.worksheets[0].iter_rows(values_only=True)), start=1)
    finally:
        book.close()


def read_rows(data: bytes, filename: str) -> list[tuple[int, list[Any]]]:
    """(spreadsheet row number, cells) for every non-empty row of a CSV or XLSX file, header included."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".csv", ".txt"):
        rows = _csv_rows(data)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(data)
    else:
        raise ImportFileError(Message("unsupported_type", {"name": filename}))
    return [(n, cells) for n, cells in rows if any(_blank(c) is False for c in cells)]


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() == "")


def _clean_text(cell: Any) -> str | None:
    """Text of a cell without surrounding spaces and without the apostrophe our export adds against formulas."""
    if _blank(cell):
        return None
    text = str(cell).strip()
    return text[1:] if text.startswith(_NEUTRALISED) else text


# ---------------------------------------------------------------------------------------------- cities
def _short_names(name_zh: str) -> set[str]:
    """上海市浦东新区 → 浦东新区, 浦东; 沈阳市 → 沈阳; 昌吉回族自治州 → 昌吉州, 昌吉."""
    names = {name_zh}
    for prefix in ("北京市", "天津市", "上海市", "重庆市"):
        if name_zh.startswith(prefix) and len(name_zh) > len(prefix):
            names.add(name_zh[len(prefix):])
    for name in list(names):
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                base = name[: -len(suffix)]
                names |= {base, base + "州"} if suffix.endswith("自治州") else {base}
    return names


class CityIndex:
    """Resolves a city cell (adcode, Chinese name with or without 市/区, English name) to an adcode."""

    def __init__(self, cities: pd.DataFrame):
        self.by_key: dict[str, str] = {}
        self.display: dict[str, str] = {}
        for row in cities.itertuples():
            self.display[row.adcode] = row.name_zh
            keys = {row.adcode, row.name_en.lower(), row.name_en.lower().removesuffix(" district")}
            keys |= {row.name_en.lower().replace(" new area", "")} | _short_names(row.name_zh)
            for key in keys:
                self.by_key.setdefault(key, row.adcode)
        self.caps = dict(zip(cities["adcode"], cities["award_cap_yi"].astype(float), strict=True))

    def resolve(self, value: str) -> str | None:
        key = value.strip()
        return self.by_key.get(key) or self.by_key.get(key.lower())

    def suggest(self, value: str) -> str | None:
        """The closest known name (difflib), shown as the pilot city's Chinese name."""
        close = difflib.get_close_matches(value.strip().lower(), list(self.by_key), n=1, cutoff=0.6)
        return self.display[self.by_key[close[0]]] if close else None


# ---------------------------------------------------------------------------------------------- validation
def _canonical(header: Any) -> str:
    text = "" if header is None else str(header).strip().lstrip("\ufeff")
    return ALIASES.get(text, text.lower())


def _number(cell: Any) -> float | int | str | None:
    """A KPI cell as int/float, None when empty, or the original text when it is not a number."""
    if _blank(cell):
        return None
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int | float):
        number = float(cell)
    else:
        text = (_clean_text(cell) or "").replace(",", "").replace("，", "").removesuffix("%").strip()
        try:
            number = float(text)
        except ValueError:
            return str(cell).strip()
    return int(number) if number.is_integer() else number


def validate_rows(
    rows: list[tuple[int, list[Any]]], cities: CityIndex, existing: set[tuple[str, str]], *,
    replace: bool = False, today: date | None = None,
) -> ImportReport:
    """Check header and rows; returns the parsed rows and every issue (nothing is written here)."""
    today = today or date.today()
    report = ImportReport()
    if len(rows) < 2:
        report.issues.append(ImportIssue(None, None, Message("empty_file")))
        return report
    if len(rows) - 1 > MAX_ROWS:
        report.issues.append(ImportIssue(None, None, Message("too_many_rows", {"n": len(rows) - 1, "max": MAX_ROWS})))
        return report
    header_row, header = rows[0]
    names = [_canonical(h) for h in header]
    known = set(COLUMNS) | set(EXPORT_ONLY)
    for name in names:
        if name and name not in known:
            close = difflib.get_close_matches(name, list(COLUMNS), n=1, cutoff=0.6)
            message = (Message("unknown_column_suggest", {"column": name, "suggestion": close[0]}) if close
                       else Message("unknown_column", {"column": name}))
            report.issues.append(ImportIssue(header_row, name, message))
    has_city = "city" in names or "adcode" in names
    for column in REQUIRED:
        if column not in names and not (column == "city" and has_city):
            report.issues.append(ImportIssue(header_row, column, Message("missing_column", {"column": column})))
    if report.issues:
        return report
    position = {name: i for i, name in enumerate(names) if name}
    seen: dict[tuple[str, str], int] = {}
    for line_no, cells in rows[1:]:
        cell = dict.fromkeys(position)
        for name, i in position.items():
            cell[name] = cells[i] if i < len(cells) else None
        report.rows.extend(_validate_row(line_no, cell, cities, existing, seen, replace, today, report.issues))
    if report.issues:
        report.rows = []
    return report


def _validate_row(
    line_no: int, cell: dict[str, Any], cities: CityIndex, existing: set[tuple[str, str]],
    seen: dict[tuple[str, str], int], replace: bool, today: date, issues: list[ImportIssue],
) -> Iterable[ReportData]:
    found: list[ImportIssue] = []
    raw_city = _clean_text(cell.get("adcode")) or _clean_text(cell.get("city"))
    adcode = None
    if raw_city is None:
        found.append(ImportIssue(line_no, "city", Message("missing_value", {"column": "city"})))
    else:
        adcode = cities.resolve(raw_city)
        if adcode is None:
            suggestion = cities.suggest(raw_city)
            message = (Message("unknown_city_suggest", {"value": raw_city, "suggestion": suggestion}) if suggestion
                       else Message("unknown_city", {"value": raw_city}))
            found.append(ImportIssue(line_no, "city", message))
    raw_period = cell.get("period")
    period = None
    if _blank(raw_period):
        found.append(ImportIssue(line_no, "period", Message("missing_value", {"column": "period"})))
    else:
        period = parse_period(raw_period if not isinstance(raw_period, str) else _clean_text(raw_period))
        problem = period_issue(period, raw_period, today)
        if problem is not None:
            found.append(ImportIssue(line_no, "period", problem))
            period = None
    values = {name: _number(cell.get(name)) for name in KPI_NAMES}
    cap = cities.caps.get(adcode) if adcode else None
    found += [ImportIssue(line_no, column, message) for column, message in value_issues(values, cap)]
    if adcode and period:
        key = (adcode, period)
        if key in seen:
            fields = {"first": seen[key], "city": cities.display[adcode], "period": period}
            found.append(ImportIssue(line_no, "period", Message("duplicate_row", fields)))
        else:
            seen[key] = line_no
            if key in existing and not replace:
                fields = {"city": cities.display[adcode], "period": period}
                found.append(ImportIssue(line_no, "period", Message("already_reported", fields)))
    issues.extend(found)
    if found or adcode is None or period is None:
        return []
    texts = {name: _clean_text(cell.get(name)) for name in TEXT_COLUMNS}
    return [ReportData(city_adcode=adcode, period=period, **values, **texts)]  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------- entry point
def import_file(
    store: TrackerStore, actor: Actor | None, data: bytes, filename: str, cities: pd.DataFrame, *,
    replace: bool = False, today: date | None = None,
) -> ImportReport:
    """Validate ``data`` and, only if every row is valid, write all rows in one transaction.

    Raises ``PermissionDenied`` for non-editors before reading anything. A file-level problem (type,
    encoding) or any row issue comes back in ``ImportReport.issues`` with the database unchanged.
    """
    actor = require_editor(actor)
    try:
        rows = read_rows(data, filename)
    except ImportFileError as exc:
        return ImportReport(issues=[ImportIssue(None, None, exc.msg)])
    report = validate_rows(rows, CityIndex(cities), store.report_keys(), replace=replace, today=today)
    if report.ok:
        try:
            report.summary = store.import_reports(actor, report.rows, replace=replace)
        except ValidationFailed as exc:  # changed by someone else between validation and writing
            report.issues = [ImportIssue(None, None, message) for message in exc.issues]
            report.rows = []
    elif not report.issues:
        report.issues.append(ImportIssue(None, None, Message("empty_file")))
    return report
