"""Rules a progress report must satisfy, shared by the store (every save) and the importer (every row).

Units: ``l2_share_pct`` is PERCENT 0–100; ``funds_disbursed_yi`` is 亿元 and may not exceed the city's
central reward cap (1.5 or 1.0 亿元, 财建〔2023〕117号); counts are non-negative integers.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from smedx.tracker.messages import Message
from smedx.tracker.schema import KPIS

FIRST_YEAR = 2023  # first batch of city pilots
LAST_YEAR = 2030
_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*(?:月)?(?:\s*(?:-|/|\.)\s*\d{1,2}\s*日?)?\s*$")


def parse_period(value: object) -> str | None:
    """Normalise ``2024-3``, ``2024/03``, ``2024年3月``, ``2024-03-31`` or a date to ``YYYY-MM``; else None."""
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    match = _PERIOD.match(str(value))
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


def period_issue(period: str | None, raw: object, today: date) -> Message | None:
    """A message if ``period`` is missing, malformed, before 2023, after 2030 or in the future."""
    if period is None:
        return Message("bad_period", {"value": raw})
    year, month = int(period[:4]), int(period[5:])
    if year < FIRST_YEAR or year > LAST_YEAR:
        return Message("period_out_of_range", {"value": period, "first": FIRST_YEAR, "last": LAST_YEAR})
    if (year, month) > (today.year, today.month):
        return Message("period_in_future", {"value": period})
    return None


def value_issues(values: Mapping[str, object], cap_yi: float | None) -> list[tuple[str, Message]]:
    """(column, message) for each KPI value that is not a number of the right kind or is out of range."""
    issues: list[tuple[str, Message]] = []
    for kpi in KPIS:
        value = values.get(kpi.name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:  # NaN ≠ NaN
            issues.append((kpi.name, Message("not_a_number", {"column": kpi.name, "value": value})))
        elif value < 0:
            issues.append((kpi.name, Message("negative", {"column": kpi.name, "value": value})))
        elif kpi.integer and float(value) != int(value):
            issues.append((kpi.name, Message("not_integer", {"column": kpi.name, "value": value})))
        elif kpi.maximum is not None and value > kpi.maximum:
            issues.append((kpi.name, Message("above_max", {"column": kpi.name, "value": value, "max": kpi.maximum})))
        elif kpi.name == "funds_disbursed_yi" and cap_yi is not None and value > cap_yi + 1e-9:
            issues.append((kpi.name, Message("above_cap", {"value": value, "cap": cap_yi})))
    return issues
