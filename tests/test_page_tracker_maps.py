"""AppTest of the tracker's map tab (issue 13): the boundary map's bigger labelled dots, swatch legend and pan
switch, and the tile map (pilot cities per province; a tap filters by the province)."""
from __future__ import annotations

import json

import pyarrow as pa
from streamlit.testing.v1 import AppTest

from tests.tracker_pages import open_tracker

pytest_plugins = ["tests.tracker_page_fixtures"]  # db


def _tiles(at: AppTest) -> dict[str, dict]:
    chart = next(c.proto for c in at.get("vega_lite_chart")
                 if any(p.get("name") == "tile" for p in json.loads(c.proto.spec).get("params", [])))
    return {row["adcode"]: row for row in pa.ipc.open_stream(chart.data.data).read_pandas().to_dict("records")}


def test_boundary_map_dots_labels_legend_and_no_gesture_capture(db: str) -> None:
    at = open_tracker("zh")
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert [v["controller"] for v in deck["views"]] == [False]
    layers = {layer["id"]: layer for layer in deck["layers"]}
    assert layers["cities"]["getRadius"] > 5
    assert layers["cities"]["radiusUnits"] == "pixels"
    names = [row["name"] for row in layers["city-labels"]["data"]]
    assert 8 <= len(names) < 46 and "长春市" in names  # the names that fit without overlapping
    assert set(names) <= {row["name"] for row in layers["cities"]["data"]}
    legend = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    labels = [row["label"] for layer in legend["layer"] for row in (layer.get("data") or {}).get("values", [])]
    if not labels:  # Streamlit moved the inline data to Arrow: read the labels from there
        labels = list(pa.ipc.open_stream(at.get("vega_lite_chart")[0].proto.data.data).read_pandas()["label"])
    assert {"第一批", "第二批", "第三批", "批次不详", "进度正常", "尚无报告"} <= set(labels)
    at.toggle(key="tracker_map_pan").set_value(True).run()
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert [v["controller"] for v in deck["views"]] == [True]


def test_tile_map_counts_the_pilot_cities_per_province(db: str) -> None:
    at = open_tracker("zh")
    at.button_group(key="map").set_value("tiles").run()
    assert not at.exception
    assert at.get("deck_gl_json_chart") == []
    tiles = _tiles(at)
    assert len(tiles) == 34
    assert sum(row["value"] for row in tiles.values()) == 46  # every pilot city counted once
    assert tiles["440000"]["short"] == "6" and tiles["370000"]["short"] == "4"  # 广东, 山东 (pilot_cities.csv)
    assert tiles["460000"]["short"] == "0"  # 海南: no pilot city
    at.multiselect(key="tracker_f_batch").select(3).run()
    assert sum(row["value"] for row in _tiles(at).values()) == 9  # the filters apply to the tile map


def test_tapping_a_tile_filters_by_its_province(db: str) -> None:
    at = open_tracker("en")
    at.button_group(key="map").set_value("tiles").run()
    at.session_state["tracker_tiles_0"] = {"selection": {"tile": [{"adcode": "440000"}]}}
    at.run()
    assert not at.exception
    assert at.multiselect(key="tracker_f_province").value == ["440000"]
    tiles = _tiles(at)
    assert tiles["440000"]["outline"] > 0 and tiles["370000"]["opacity"] < 1  # the choice is visible
    assert sum(row["value"] for row in tiles.values()) == 46  # the other provinces stay countable and tappable
    at.session_state["tracker_tiles_1"] = {"selection": {"tile": [{"adcode": "460000"}]}}  # no pilot city
    at.run()
    assert at.multiselect(key="tracker_f_province").value == ["440000"]  # unchanged
