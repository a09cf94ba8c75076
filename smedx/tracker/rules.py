"""The one validation path of a progress report, shared by the form, the importer and the store.

:func:`check_report` normalises a submitted :class:`~smedx.tracker.records.ReportData` (period to ``YYYY-MM``,
texts stripped) and lists every problem as (column, message); the store calls it on every write, the importer on
every row, and the form's values reach it through the store. :func:`parse_number` is the strict reading of a
spreadsheet or form cell as a number (no ``5,5`` → 55, no ``1_000``, no ``inf``/``nan``/exponents).

Units: ``l2_share_pct`` is PERCENT 0–100; ``funds_disbursed_yi`` is 亿元 and may not exceed the city's central
reward cap (1.5 or 1.0 亿元, 财建〔2023〕117号); counts are non-negative integers no larger than ``INT_MAX``
(what a PostgreSQL ``integer`` holds; SQLite holds more).
"""
from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from datetime import date, datetime
from typing import Any

from smedx.tracker.messages import Message
from smedx.tracker.records import ReportData
from smedx.tracker.schema import KPIS, Kpi

FIRST_YEAR = 2023  # first batch of city pilots
LAST_YEAR = 2030
INT_MAX = 2**31 - 1  # PostgreSQL integer
TEXT_LIMITS = {"note": 2000, "source": 500}  # characters
MAX_NUMBER_TEXT = 32  # characters of a number cell ("1" × 400 is not a number anyone typed)
MAX_PERIOD_TEXT = 32
_WESTERN = r"([0-9]{4})\s*[-/.]\s*([0-9]{1,2})(?:\s*[-/.]\s*([0-9]{1,2}))?"
_CHINESE = r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月(?:\s*([0-9]{1,2})\s*日)?"
_PERIOD = re.compile(rf"^\s*(?:{_WESTERN}|{_CHINESE})\s*$")
# ASCII digits (after NFKC), thousands commas only in groups of three
_NUMBER = re.compile(r"^[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab and newline are text; NUL and the rest are not


def parse_period(value: object) -> str | None:
    """``YYYY-MM`` of ``2024-3``, ``2024/03``, ``2024年3月``, ``2025-03-31``, ``2025年3月31日`` or a date; ``None``
    for anything else, including impossible dates (``2025-02-30``)."""
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}"
    text = unicodedata.normalize("NFKC", str(value))
    match = _PERIOD.match(text) if len(text) <= MAX_PERIOD_TEXT else None
    if not match:
        return None
    groups = [g for g in match.groups()]
    year_text, month_text, day_text = groups[:3] if groups[0] is not None else groups[3:]
    year, month = int(year_text), int(month_text)
    try:
        date(year, month, int(day_text) if day_text else 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}"


def period_issue(period: str | None, raw: object, today: date) -> Message | None:
    """A message if ``period`` is missing, malformed, before 2023, after 2030 or in the future."""
    if period is None:
        return Message("bad_period", {"value": _shown(raw)})
    year, month = int(period[:4]), int(period[5:])
    if year < FIRST_YEAR or year > LAST_YEAR:
        return Message("period_out_of_range", {"value": period, "first": FIRST_YEAR, "last": LAST_YEAR})
    if (year, month) > (today.year, today.month):
        return Message("period_in_future", {"value": period})
    return None


def parse_number(cell: Any, kpi: Kpi) -> Any:
    """A cell as an ``int`` (integer KPIs) or ``float``; ``None`` when empty; the cell itself when it is not a
    number, so :func:`check_report` names it. Text: optional sign, digits with thousands commas in groups of three,
    optional decimals, a trailing ``%`` for percent KPIs; full-width digits are read as digits."""
    if cell is None or isinstance(cell, bool):
        return cell
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if kpi.integer and math.isfinite(cell) and cell.is_integer():
            return int(cell)
        return cell
    text = unicodedata.normalize("NFKC", str(cell)).strip()
    if text == "":
        return None
    if kpi.percent:
        text = text.removesuffix("%").rstrip()
    if len(text) > MAX_NUMBER_TEXT or not _NUMBER.match(text):
        return str(cell)
    digits = text.replace(",", "")
    whole, _, fraction = digits.partition(".")
    if kpi.integer and fraction.strip("0") == "":
        return int(whole)
    return float(digits)


def _shown(value: object) -> str:
    """A value as quoted in a message: at most 60 characters."""
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _kpi_issue(kpi: Kpi, value: object, cap_yi: float | None) -> Message | None:
    fields: dict[str, Any] = {"column": kpi.name, "value": _shown(value)}
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return Message("not_a_number", fields)
    if value < 0:
        return Message("negative", fields)
    if kpi.integer and not float(value).is_integer():
        return Message("not_integer", fields)
    if kpi.integer and value > INT_MAX:
        return Message("number_too_large", {**fields, "max": f"{INT_MAX:,}"})
    if kpi.maximum is not None and value > kpi.maximum:
        return Message("above_max", {**fields, "max": kpi.maximum})
    if kpi.capped and cap_yi is not None and value > cap_yi + 1e-9:
        return Message("above_cap", {"value": value, "cap": cap_yi})
    return None


def value_issues(values: dict[str, object], cap_yi: float | None) -> list[tuple[str, Message]]:
    """(column, message) for each KPI value that is not a number of the right kind or is out of range."""
    found = [(kpi.name, _kpi_issue(kpi, values.get(kpi.name), cap_yi)) for kpi in KPIS
             if values.get(kpi.name) is not None]
    return [(name, message) for name, message in found if message is not None]


def clean_text(value: object) -> str | None:
    """Free text as stored: surrounding blanks removed, line ends ``\\n``; ``None`` when empty."""
    if value is None:
        return None
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def text_issue(column: str, text: str | None, limit: int) -> Message | None:
    """Too long, a control character (NUL …) or a lone surrogate in free text."""
    if text is None:
        return None
    if len(text) > limit:
        return Message("too_long", {"column": column, "n": len(text), "max": limit})
    if _CONTROL.search(text):
        return Message("control_character", {"column": column})
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return Message("control_character", {"column": column})
    return None


def check_report(data: ReportData, cap_yi: float | None, today: date) -> tuple[ReportData, list[tuple[str, Message]]]:
    """``data`` normalised (period ``YYYY-MM``, texts cleaned, integral floats of count KPIs as ``int``) and every
    problem as (column, message); the data may only be written when the list is empty."""
    issues: list[tuple[str, Message]] = []
    period = parse_period(data.period)
    problem = period_issue(period, data.period, today)
    if problem is not None:
        issues.append(("period", problem))
    values = {kpi.name: parse_number(getattr(data, kpi.name), kpi) for kpi in KPIS}
    issues += value_issues(values, cap_yi)
    texts = {column: clean_text(getattr(data, column)) for column in TEXT_LIMITS}
    for column, limit in TEXT_LIMITS.items():
        message = text_issue(column, texts[column], limit)
        if message is not None:
            issues.append((column, message))
    normalised = dataclasses.replace(data, period=period or data.period, **values, **texts)
    return normalised, issues
