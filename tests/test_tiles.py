"""The tile map layout (geo/tiles.csv), its rows and the deployment setting (smedx.tiles)."""
from __future__ import annotations

import pandas as pd
import pytest

from smedx import geo, regional, tiles

SMALL = ("110000", "120000", "310000", "640000", "460000")  # 北京 天津 上海 宁夏 海南


def _cell(adcode: str) -> tuple[int, int]:
    row = tiles.layout().set_index("adcode").loc[adcode]
    return int(row["row"]), int(row["col"])


def _distance(a: str, b: str) -> int:
    """Chebyshev distance of two tiles (a diagonal neighbour is 1)."""
    (ra, ca), (rb, cb) = _cell(a), _cell(b)
    return max(abs(ra - rb), abs(ca - cb))


def test_every_province_of_the_boundary_file_has_exactly_one_tile() -> None:
    codes = [f["properties"]["adcode"] for f in geo.provinces_geojson()["features"]]
    layout = tiles.layout()
    assert len(codes) == 34
    assert sorted(layout["adcode"]) == sorted(codes)
    assert layout["adcode"].is_unique


def test_no_two_tiles_share_a_cell_and_the_grid_is_compact() -> None:
    layout = tiles.layout()
    cells = list(zip(layout["row"], layout["col"], strict=True))
    assert len(set(cells)) == len(cells) == 34
    assert layout["col"].max() + 1 == 7 and layout["row"].max() + 1 == 8  # 7 × 50 px fit a 358 px phone column


@pytest.mark.parametrize(("a", "b", "most"), [
    ("110000", "120000", 1), ("110000", "130000", 1), ("120000", "130000", 1),  # 北京 天津 河北
    ("310000", "320000", 1), ("310000", "330000", 1),  # 上海 江苏 浙江
    ("650000", "540000", 1), ("650000", "620000", 1), ("540000", "510000", 2),  # 新疆 西藏 甘肃 四川
    ("440000", "810000", 1), ("440000", "820000", 1), ("460000", "440000", 1),  # 广东 香港 澳门 海南
    ("350000", "710000", 1), ("230000", "220000", 1), ("220000", "210000", 1),  # 福建 台湾; 东北
    ("500000", "510000", 1), ("640000", "620000", 1), ("610000", "640000", 1),  # 重庆 四川; 宁夏 甘肃 陕西
])
def test_neighbours_stay_adjacent(a: str, b: str, most: int) -> None:
    assert 1 <= _distance(a, b) <= most


def test_the_grid_keeps_the_countrys_shape() -> None:
    assert _cell("230000")[0] == 0 and _cell("650000")[1] == 0  # 黑龙江 the north, 新疆 the west
    assert _cell("460000")[0] == tiles.layout()["row"].max()  # 海南 the south
    assert _cell("310000")[1] == tiles.layout()["col"].max()  # 上海 the east coast
    assert _cell("110000")[0] < _cell("440000")[0]  # 北京 north of 广东


def test_labels_are_short_names_and_iso_codes() -> None:
    rows = {r["adcode"]: r for r in tiles.tile_rows(regional.province_table("zh", None), "zh")}
    assert [rows[code]["label"] for code in SMALL] == ["北京", "天津", "上海", "宁夏", "海南"]
    en = {r["adcode"]: r["label"] for r in tiles.tile_rows(regional.province_table("en", None), "en")}
    assert [en[code] for code in SMALL] == ["BJ", "TJ", "SH", "NX", "HI"]


def test_rows_carry_the_region_share_from_the_data_rows() -> None:
    rows = {r["adcode"]: r for r in tiles.tile_rows(regional.province_table("zh", None), "zh")}
    assert rows["110000"]["text"] == "37.2%" and rows["110000"]["value"] == 37.2  # east, paper §二(三)1
    assert rows["640000"]["short"] == "28.3%"  # 宁夏: west
    assert rows["710000"]["value"] is None and rows["710000"]["short"] == tiles.NO_VALUE
    assert rows["710000"]["text"] == "不在调查范围内"
    assert all(r["selected"] for r in rows.values())


def test_a_selection_marks_its_tiles() -> None:
    chosen = regional.province_codes("northeast")
    rows = tiles.tile_rows(regional.province_table("zh", None), "zh", chosen)
    assert sorted(r["adcode"] for r in rows if r["selected"]) == ["210000", "220000", "230000"]


def test_missing_rows_leave_a_tile_without_value() -> None:
    rows = tiles.tile_rows(pd.DataFrame({"adcode": ["110000"], "province": ["北京市"], "text": ["1"],
                                         "value": [1.0]}), "zh")
    assert len(rows) == 34
    assert next(r for r in rows if r["adcode"] == "120000")["text"] == ""


@pytest.mark.parametrize(("secrets", "environ", "expected"), [
    ({}, {}, "both"), ({"smedx": {"maps": "tiles"}}, {}, "tiles"), ({}, {"SMEDX_MAPS": "tiles"}, "tiles"),
    ({}, {"SMEDX_MAPS": " Tiles "}, "tiles"), ({"smedx": {"maps": "both"}}, {"SMEDX_MAPS": "tiles"}, "both"),
    ({}, {"SMEDX_MAPS": "nonsense"}, "both"), ({"smedx": "tiles"}, {}, "both"),
])
def test_maps_setting(secrets: dict, environ: dict, expected: str) -> None:
    assert tiles.maps_setting(secrets, environ) == expected


@pytest.mark.parametrize(("state", "expected"), [
    ({"selection": {"tile": [{"adcode": "430000"}]}}, "430000"), ({"selection": {"tile": []}}, None),
    (None, None), ({"selection": {"tile": [{"adcode": "<b>"}]}}, None), ({"selection": {"tile": "x"}}, None),
])
def test_selected_adcode(state: dict | None, expected: str | None) -> None:
    assert tiles.selected_adcode(state, "tile") == expected
