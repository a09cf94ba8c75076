"""Tables and texts behind the regional page (smedx.regional) and its charts (smedx.charts.regional)."""
from __future__ import annotations

import pytest

from smedx import geo, places, regional
from smedx.charts import regional as charts

PAPER = {"east": 37.2, "central": 33.7, "northeast": 29.6, "west": 28.3}  # paper §二(三)1, 2020


def test_rates_and_ranking() -> None:
    assert regional.rates() == PAPER
    assert list(regional.region_table("zh")["region"]) == ["east", "central", "northeast", "west"]
    assert regional.national("en").value == 32.9


@pytest.mark.parametrize(("region", "count"), [(None, 34), ("east", 10), ("central", 6), ("northeast", 3),
                                                ("west", 12)])
def test_province_table_filters_by_region(region: str | None, count: int) -> None:
    table = regional.province_table("zh", region)
    assert len(table) == count
    if region:
        assert set(table["value"]) == {PAPER[region]}
    else:
        assert list(table["adcode"].tail(3)) == ["710000", "810000", "820000"]  # not surveyed, last


@pytest.mark.parametrize(("state", "region"), [
    (None, None),
    ({"selection": {"indices": {}, "objects": {}}}, None),
    ({"selection": {"indices": {"provinces": [3]}, "objects": {"provinces": [
        {"type": "Feature", "properties": {"adcode": "330000", "region": "east"}}]}}}, "east"),
    ({"selection": {"indices": {"provinces": [31]}, "objects": {"provinces": [
        {"type": "Feature", "properties": {"adcode": "710000", "region": None}}]}}}, None),
])
def test_region_of_a_map_click(state: dict | None, region: str | None) -> None:
    assert regional.region_of_selection(state) == region


def test_map_features_carry_the_figures_text_and_source() -> None:
    features = regional.map_features("en", "west", projected=True)["features"]
    tibet = next(f["properties"] for f in features if f["properties"]["adcode"] == "540000")
    assert tibet["rate_text"] == "28.3 %" and tibet["selected"] is True
    assert tibet["source"] == "Source: the paper, §2(3)1, footnote (1)"  # the locator in English (locators.py)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_texts_name_every_region_and_source(lang: str) -> None:
    alt_text = regional.map_alt(lang)
    for name in places.region_options(lang).values():
        assert name in alt_text
    sections = ("§二(三)1", "§二(一)") if lang == "zh" else ("§2(3)1", "§2(1)")
    assert all(section in regional.bars_source(lang) for section in sections)
    # the broadband figures are uncited in the paper ("有数据显示"); footnote (2) belongs to the sentence before
    footnote, wording = ("脚注", "有数据显示") if lang == "zh" else ("footnote", "‘data show’")
    assert footnote not in regional.broadband_source(lang) and wording in regional.broadband_source(lang)


def test_map_colours_read_the_same_figures_as_the_text() -> None:
    """One path from a data row to the screen: the map's rates are the values of the figures the page prints."""
    assert regional.rates() == {f.geo_id: f.value for f in regional.region_figures("en")}
    assert regional.rates() == {"east": 37.2, "central": 33.7, "northeast": 29.6, "west": 28.3}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_titles_mark_the_inferred_year(lang: str) -> None:
    """The paper gives no year for the regional shares: titles say the year 2020 is inferred."""
    assert regional.year_fields(lang) == ({"year": "2020年（年份为推断）", "national_year": "2020年"} if lang == "zh"
                                          else {"year": "2020 (year inferred)", "national_year": "2020"})


def test_region_bars_and_legend_use_the_map_colours() -> None:
    scale = regional.scale()
    bars = charts.region_bars(regional.region_table("zh"), regional.national("zh"), scale, "zh",
                              selected="west").to_dict()
    rows = bars["datasets"][bars["layer"][0]["data"]["name"]]
    assert {r["region"]: r["colour"] for r in rows} == {r: scale.hex(v) for r, v in PAPER.items()}
    assert {r["region"]: r["opacity"] for r in rows}["east"] < 1.0
    legend = charts.legend(scale, regional.region_table("zh"), "zh").to_dict()
    assert legend["height"] == 90
    label_rows = {r["y"] for r in legend["datasets"][legend["layer"][2]["data"]["name"]]}
    end_rows = {layer["encoding"]["y"]["value"] for layer in legend["layer"][3:]}
    assert label_rows == {12, 58} and end_rows == {80}  # the scale's ends never share a row with a region's label


def test_static_map_has_the_caveat_and_the_notice() -> None:
    spec = charts.static_map("zh").to_dict()
    subtitle = "".join(spec["title"]["subtitle"])
    assert "调查按地区报告，不按省份报告" in subtitle and geo.notice("zh").replace(" ", "")[:20] in subtitle.replace(
        " ", "")
    assert spec["projection"]["type"] == "conicEqualArea"
