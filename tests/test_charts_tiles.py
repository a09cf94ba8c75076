"""The tile map chart builder (smedx.charts.tiles): one square per province, values from the data rows, a point
selection on adcode."""
from __future__ import annotations

import vl_convert as vlc

from smedx import regional, tiles
from smedx.charts import tiles as charts
from smedx.ui import regional as view


def _rows(region: str | None = None) -> list[dict]:
    scale = regional.scale()
    return [{**r, "fill": scale.hex(r["value"])}
            for r in tiles.tile_rows(regional.province_table("zh", None), "zh", regional.province_codes(region))]


def _spec(region: str | None = None, tile_px: int = charts.TILE_PX) -> dict:
    return charts.tile_map(_rows(region), tooltip_titles={"name": "省份", "text": "地区占比"}, alt_text="alt",
                           tile_px=tile_px).to_dict()


def test_spec_has_a_point_selection_on_adcode() -> None:
    params = _spec()["params"]
    assert len(params) == 1
    assert params[0]["name"] == charts.PARAM
    assert params[0]["select"] == {"type": "point", "fields": ["adcode"], "on": "click", "toggle": False,
                                   "clear": False}


def test_values_come_from_the_data_rows() -> None:
    spec = _spec()
    values = {r["adcode"]: r for r in spec["data"]["values"]}
    assert len(values) == 34
    assert values["310000"]["short"] == "37.2%" and values["310000"]["label"] == "上海"  # east, paper §二(三)1
    assert values["150000"]["short"] == "28.3%"  # 内蒙古: west
    assert values["820000"]["short"] == "—" and values["820000"]["text"] == "不在调查范围内"
    assert values["310000"]["fill"] == regional.scale().hex(37.2)
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rect", "text", "text"]
    assert [layer["encoding"]["text"]["field"] for layer in spec["layer"][1:]] == ["label", "short"]


def test_equal_squares_sized_for_a_phone_column() -> None:
    spec = _spec()
    assert spec["width"] == 7 * charts.TILE_PX <= 358 and spec["height"] == 8 * charts.TILE_PX
    assert charts.TILE_PX >= 44  # touch target
    assert _spec(tile_px=60)["width"] == 420


def test_selection_fades_the_other_tiles_and_outlines_its_own() -> None:
    values = {r["adcode"]: r for r in _spec("central")["data"]["values"]}
    assert values["430000"]["opacity"] == 1.0 and values["430000"]["outline"] > 0
    assert values["110000"]["opacity"] == charts.FADED and values["110000"]["outline"] == 0
    assert all(r["outline"] == 0 for r in _spec()["data"]["values"])


def test_text_contrast() -> None:
    assert charts.ink("#081d58") == "#ffffff" and charts.ink("#ffffd9") == "#000000"


def test_spec_compiles_and_renders() -> None:
    """Vega-Lite accepts the spec (a selection defined twice in one layer group would fail here)."""
    assert vlc.vegalite_to_svg(view._tiles_spec("en", "west"), allowed_base_urls=[]).startswith("<svg")
