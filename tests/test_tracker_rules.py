"""Report rules shared by the store and the importer."""
from __future__ import annotations

from datetime import date

import pytest

from smedx.tracker.rules import parse_period, period_issue, value_issues


@pytest.mark.parametrize(
    ("raw", "period"),
    [("2024-03", "2024-03"), ("2024-3", "2024-03"), ("2024/03", "2024-03"), ("2024.3", "2024-03"),
     ("2024年3月", "2024-03"), ("2024-03-31", "2024-03"), (" 2024 - 03 ", "2024-03"), (date(2024, 3, 5), "2024-03"),
     ("2024-13", None), ("2024", None), ("三月", None), ("", None)],
)
def test_parse_period(raw: object, period: str | None) -> None:
    assert parse_period(raw) == period


@pytest.mark.parametrize(
    ("period", "key"),
    [("2025-06", None), ("2023-01", None), ("2025-07", "period_in_future"), ("2022-12", "period_out_of_range"),
     (None, "bad_period")],
)
def test_period_issue(period: str | None, key: str | None) -> None:
    issue = period_issue(period, "raw", date(2025, 6, 15))
    assert (issue.key if issue else None) == key


@pytest.mark.parametrize(
    ("values", "cap", "keys"),
    [
        ({"firms_retrofitted": 10, "l2_share_pct": 100.0, "funds_disbursed_yi": 1.0}, 1.0, []),
        ({"firms_retrofitted": -1}, None, [("firms_retrofitted", "negative")]),
        ({"products": 1.5}, None, [("products", "not_integer")]),
        ({"l2_share_pct": 100.01}, None, [("l2_share_pct", "above_max")]),
        ({"funds_disbursed_yi": 1.01}, 1.0, [("funds_disbursed_yi", "above_cap")]),
        ({"funds_disbursed_yi": 1.4}, 1.5, []),
        ({"service_providers": "abc", "lighthouse_firms": True}, None,
         [("service_providers", "not_a_number"), ("lighthouse_firms", "not_a_number")]),
        ({"l2_share_pct": float("nan")}, None, [("l2_share_pct", "not_a_number")]),
    ],
)
def test_value_issues(values: dict, cap: float | None, keys: list[tuple[str, str]]) -> None:
    assert [(column, message.key) for column, message in value_issues(values, cap)] == keys
