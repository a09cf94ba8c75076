"""Figures: one observation with label, unit, display text and provenance."""
from __future__ import annotations

import pytest

from smedx import figures


@pytest.mark.parametrize(("indicator", "geo_id", "year", "lang", "text", "status"), [
    ("dt_share_implemented", "CN", 2021, "zh", "44.8%", "published"),
    ("city_dt_share", "310000", 2020, "en", ">40.0 % and ≤44.0 %", "interval"),
    ("dt_share_unclassified", "CN", 2020, "en", "not stated (remainder 8.5 %)", "not_published"),
    ("broadband_share_east", "east", None, "zh", "45.9%", "published"),
])
def test_figure_text_and_status(indicator: str, geo_id: str, year: int | None, lang: str, text: str,
                                status: str) -> None:
    """Display text and status come from the data row."""
    fig = figures.figure(indicator, lang, geo_id, year)
    assert (fig.text, fig.status) == (text, status)


def test_figure_carries_label_unit_and_locator() -> None:
    """Label and unit from indicators.csv; source and locator from the observation."""
    fig = figures.figure("region_dt_share", "en", "west", 2020)
    assert (fig.label, fig.unit, fig.value) == ("SMEs that have started digital transformation — by region",
                                                "percent", 28.3)
    assert (fig.source_id, fig.locator) == ("paper", "§二(三)1, footnote (1)")


def test_unknown_or_ambiguous_lookup_raises() -> None:
    """A missing observation is an error, never a silent zero; so is an ambiguous one (no year given)."""
    with pytest.raises(LookupError):
        figures.figure("city_dt_share", "zh", "999999", 2020)
    with pytest.raises(LookupError):
        figures.figure("dt_share_implemented", "zh", "CN")


def test_table_lists_every_observation_of_an_indicator() -> None:
    """table() gives all rows of one indicator with display text."""
    table = figures.table("cluster_dt_share", "zh")
    assert dict(zip(table["geo_id"], table["text"], strict=True)) == {
        "yrd": "43.0%", "prd": "40.1%", "jjj": "37.4%", "chengyu": "34.6%", "mid_yangtze": "31.0%"}
