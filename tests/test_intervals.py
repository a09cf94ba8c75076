"""Exact values vs intervals for the first-tier cities (paper §二(三)3, Fig. 2)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from smedx import datasets
from smedx.intervals import Interval, ranked, relation_to

NATIONAL_2020 = 32.9  # paper §二(一): share of SMEs that implemented a digital-transformation strategy


@pytest.mark.parametrize(("row", "expected"), [
    ({"status": "published", "value": 47.2}, Interval(47.2, 47.2)),
    ({"status": "interval", "lower": 40.0, "upper": 44.0, "bounds": "(]"}, Interval(40.0, 44.0, False, True)),
    ({"status": "interval", "lower": 29.7, "upper": 40.0, "bounds": "[]"}, Interval(29.7, 40.0, True, True)),
    ({"status": "interval", "lower": 40.0, "upper": math.nan, "bounds": "("}, Interval(40.0, None, False, True)),
    ({"status": "not_published", "value": math.nan}, Interval(None, None, False, False)),
])
def test_from_row(row: dict, expected: Interval) -> None:
    assert Interval.from_row(row) == expected


def test_published_row_needs_a_value() -> None:
    with pytest.raises(ValueError):
        Interval.from_row({"status": "published", "value": None})


@pytest.mark.parametrize(("interval", "x", "inside"), [
    (Interval(40.0, 44.0, False, True), 40.0, False),
    (Interval(40.0, 44.0, False, True), 40.05, True),
    (Interval(40.0, 44.0, False, True), 44.0, True),
    (Interval(40.0, 44.0, False, True), 44.1, False),
    (Interval(29.7, 40.0), 29.7, True),
    (Interval.point(46.0), 46.0, True),
    (Interval(None, None, False, False), -5.0, True),
])
def test_contains(interval: Interval, x: float, inside: bool) -> None:
    assert interval.contains(x) is inside


@pytest.mark.parametrize(("interval", "threshold", "relation"), [
    (Interval.point(47.2), NATIONAL_2020, "above"),
    (Interval.point(25.7), NATIONAL_2020, "below"),
    (Interval.point(32.9), NATIONAL_2020, "equal"),
    (Interval(40.0, 44.0, False, True), 40.0, "above"),  # open lower bound: every value exceeds 40
    (Interval(40.0, 44.0, False, True), NATIONAL_2020, "above"),
    (Interval(29.7, 40.0), NATIONAL_2020, "unknown"),  # the six unnamed cities straddle the average
    (Interval(29.7, 40.0), 40.0, "unknown"),
    (Interval(29.7, 40.0, True, False), 40.0, "below"),
    (Interval(40.0, None, False, True), 40.0, "above"),
    (Interval(None, None, False, False), 0.0, "unknown"),
])
def test_compare_is_three_valued(interval: Interval, threshold: float, relation: str) -> None:
    assert interval.compare(threshold) == relation


@pytest.mark.parametrize(("interval", "text"), [
    (Interval.point(47.2), "47.2"),
    (Interval(40.0, 44.0, False, True), "(40.0, 44.0]"),
    (Interval(29.7, 40.0), "[29.7, 40.0]"),
    (Interval(40.0, None, False, True), "(40.0, ∞)"),
    (Interval(None, None, False, False), "(−∞, ∞)"),
])
def test_notation(interval: Interval, text: str) -> None:
    assert interval.notation() == text


def test_first_tier_cities_ranked_as_the_paper_gives_them() -> None:
    table = ranked(datasets.observations())
    assert list(table["geo_id"]) == ["330100", "440300", "440100", "330200", "310000", "110000", "320500",
                                     "first_tier_unnamed", "340100", "430100", "120000"]
    assert list(table["notation"]) == ["47.2", "46.0", "44.0"] + ["(40.0, 44.0]"] * 4 + ["(−∞, 40.0]",
                                                                                      "29.7", "28.6", "25.7"]
    assert list(table["kind"]) == ["point"] * 3 + ["interval"] * 5 + ["point"] * 3
    points = table[table["kind"].eq("point")]
    assert (points["lower_plot"] == points["upper_plot"]).all()


def test_seven_cities_above_40_and_relation_to_national_average() -> None:
    table = ranked(datasets.observations())
    cities = table[table["geo_level"].eq("city")]
    assert (relation_to(cities, 40.0) == "above").sum() == 7  # paper: 7 cities exceed 40 %
    relations = dict(zip(table["geo_id"], relation_to(table, NATIONAL_2020), strict=True))
    assert relations["first_tier_unnamed"] == "unknown"
    assert relations["340100"] == "below" and relations["330200"] == "above"


def test_ranked_keeps_source_order_for_ties() -> None:
    frame = pd.DataFrame({
        "indicator": ["x"] * 3, "geo_level": ["city"] * 3, "geo_id": ["b", "a", "c"],
        "status": ["interval", "interval", "published"], "value": [math.nan, math.nan, 50.0],
        "lower": [40.0, 40.0, math.nan], "upper": [44.0, 44.0, math.nan], "bounds": ["(]", "(]", ""],
    })
    assert list(ranked(frame, "x")["geo_id"]) == ["c", "b", "a"]
