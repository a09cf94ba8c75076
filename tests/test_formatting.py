"""Display text of figures, intervals and unpublished values in both languages (exact strings)."""
from __future__ import annotations

import math

import pytest

from smedx import formatting

NAN = math.nan


def _row(**fields: object) -> dict[str, object]:
    base = {"value": NAN, "lower": NAN, "upper": NAN, "bounds": None, "status": "published", "approx": False,
            "decimals": 1}
    return {**base, **fields}


@pytest.mark.parametrize(("row", "unit", "zh", "en"), [
    (_row(value=32.9), "percent", "32.9%", "32.9 %"),
    (_row(value=43.0), "percent", "43.0%", "43.0 %"),
    (_row(value=58, decimals=0), "percent", "58%", "58 %"),
    (_row(value=60, decimals=0, approx=True), "percent", "约60%", "≈60 %"),
    (_row(value=11.9), "pp", "11.9个百分点", "11.9 pp"),
    (_row(value=21781, decimals=0), "firms", "21,781家", "21,781 firms"),
    (_row(value=4842, decimals=0), "wan_firms", "4842万户", "48.42 million firms"),
    (_row(value=23300.4), "wan_persons", "23300.4万人", "233.004 million persons"),
    (_row(value=41, decimals=0), "trillion_yuan", "41万亿元", "41 trillion yuan"),
    (_row(value=1.7), "times_increase", "增长了1.7倍（即增加170%，为基期的2.7倍）",
     "+170 % (2.7 × the base; “增长了1.7倍”)"),  # "增长了1.7倍" is +170 %, not "1.7-fold"
    (_row(status="interval", lower=40.0, upper=44.0, bounds="(]"), "percent", ">40.0%且≤44.0%",
     ">40.0 % and ≤44.0 %"),  # an open end is never hidden behind "40.0–44.0"
    (_row(status="interval", lower=99, bounds="[", decimals=0), "percent", "≥99%", "≥99 %"),  # "99%以上"
    (_row(status="interval", lower=80, bounds="(", decimals=0), "percent", ">80%", ">80 %"),
    (_row(status="interval", lower=4000, upper=6000, bounds="[]", decimals=0), "firms", "4,000–6,000家",
     "4,000–6,000 firms"),
    (_row(status="not_published", lower=8.5, upper=8.5, bounds="[]"), "percent", "未说明（剩余8.5%）",
     "not stated (remainder 8.5 %)"),
    (_row(status="not_published"), "percent", "未公布", "not published"),
])
def test_observation_text(row: dict[str, object], unit: str, zh: str, en: str) -> None:
    """The short display text in Chinese and English."""
    assert formatting.observation(row, unit, "zh") == zh
    assert formatting.observation(row, unit, "en") == en


@pytest.mark.parametrize(("bounds", "zh", "en"), [
    ("(]", ">40.0%且≤44.0%", ">40.0 % and ≤44.0 %"),
    ("[]", "≥40.0%且≤44.0%", "≥40.0 % and ≤44.0 %"),
    ("()", ">40.0%且<44.0%", ">40.0 % and <44.0 %"),
])
def test_long_interval_spells_out_open_and_closed_bounds(bounds: str, zh: str, en: str) -> None:
    """long=True says whether each bound is included."""
    row = _row(status="interval", lower=40.0, upper=44.0, bounds=bounds)
    assert formatting.observation(row, "percent", "zh", long=True) == zh
    assert formatting.observation(row, "percent", "en", long=True) == en
