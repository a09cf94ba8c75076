"""Map geometry at run time: the small files in ``geo/`` (built from cnmaps by ``geo/build.py``).

Everything here is read once per process and must be treated as read-only; functions that add data
(rates, colours) return new feature dicts that share the cached geometry objects. Rates are PERCENT (0–100).
The survey reports rates by NBS region, not by province: every province carries its region's rate.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import numpy as np
import pandas as pd

from smedx.paths import GEO_DIR
from smedx.tables import read_json, read_plain_csv

RGBA = tuple[int, int, int, int]

# ColorBrewer YlGnBu, 9 classes (sequential, colour-blind safe): light = low, dark = high.
YLGNBU: tuple[str, ...] = (
    "#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58",
)
NO_DATA: RGBA = (217, 217, 217, 255)  # not in the survey (Hong Kong, Macao, Taiwan)
FADED_ALPHA = 70  # provinces outside a selected region

# China Albers: equal-area conic, standard parallels 25°N / 47°N, central meridian 105°E (same as the Altair twin).
PARALLELS = (25.0, 47.0)
CENTRAL_MERIDIAN = 105.0
PROJECTED_UNITS = 1000.0  # projected units per Earth radius (≈ 6.4 km each)
PROJECTED_DECIMALS = 1  # ≈ 640 m, well under the 3 km simplification tolerance


@cache
def _read_json(name: str) -> dict[str, Any]:
    return read_json(GEO_DIR / name)


def provinces_geojson() -> dict[str, Any]:
    """34 provincial units (FeatureCollection; properties adcode, name_zh, name_en, region, in_survey)."""
    return _read_json("provinces.geojson")


def region_borders_geojson() -> dict[str, Any]:
    """Per NBS region, the borders it shares with other regions (MultiLineString; properties region, names)."""
    return _read_json("regions.geojson")


def scs_line_geojson() -> dict[str, Any]:
    """The South China Sea dashed line (MultiLineString)."""
    return _read_json("scs_line.geojson")


@cache
def province_lines_geojson() -> dict[str, Any]:
    """The borders between neighbouring provinces of one region, each once (one MultiLineString feature,
    lon/lat): coasts and the national border (the fill's edge draws them) and the region borders (their own,
    stronger layer) are left out. The provinces are coverage-simplified (``geo/build.py``), so neighbours' shared
    borders coincide and the union keeps one copy."""
    import shapely

    shapes = [shapely.geometry.shape(f["geometry"]) for f in provinces_geojson()["features"]]
    every = shapely.union_all([shapely.boundary(g) for g in shapes])
    drawn = shapely.union_all([shapely.boundary(shapely.coverage_union_all(shapes)),
                               *(shapely.geometry.shape(f["geometry"]) for f in region_borders_geojson()["features"])])
    inner = shapely.line_merge(shapely.difference(every, drawn))
    lines = [list(map(list, part.coords)) for part in shapely.get_parts(inner) if part.geom_type == "LineString"]
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "MultiLineString", "coordinates": lines}}]}


def meta() -> dict[str, Any]:
    """Build parameters and versions of the geometry (geo/meta.json)."""
    return _read_json("meta.json")


def notice(lang: str) -> str:
    """The map notice (source of the boundaries) to show with every map."""
    return str(meta()["notice_en" if lang == "en" else "notice_zh"])


@lru_cache(maxsize=1)
def _cities() -> pd.DataFrame:
    return read_plain_csv(GEO_DIR / "cities.csv", dtype={"adcode": str, "province_adcode": str})


def cities() -> pd.DataFrame:
    """Label points of every city the app names: adcode, name_zh, name_en, province_adcode, lon, lat (WGS-84).

    The point is the centroid of the city's boundary (or a point inside it), not its seat of government.
    """
    return _cities().copy(deep=False)


@dataclass(frozen=True)
class SequentialScale:
    """Linear colour scale over ``domain`` (percent), interpolated in RGB between evenly spaced palette stops."""

    domain: tuple[float, float]
    palette: tuple[str, ...] = YLGNBU

    @classmethod
    def for_values(cls, values: Sequence[float], step: float = 10.0) -> SequentialScale:
        """Scale whose domain is the values' range widened to multiples of ``step`` (e.g. 28.3–37.2 → 20–40)."""
        finite = [v for v in values if v is not None and math.isfinite(v)]
        if not finite:
            raise ValueError("no values to scale")
        low = math.floor(min(finite) / step) * step
        high = math.ceil(max(finite) / step) * step
        return cls((low, high if high > low else low + step))

    @property
    def stops(self) -> np.ndarray:
        """Domain values at which the palette colours sit (same length as the palette)."""
        return np.linspace(self.domain[0], self.domain[1], len(self.palette))

    def rgba(self, value: float | None, alpha: int = 255) -> RGBA:
        """Colour of ``value``; values outside the domain are clamped; missing → the no-data grey."""
        if value is None or not math.isfinite(value):
            return (*NO_DATA[:3], alpha)
        rgb = np.array([_hex_to_rgb(c) for c in self.palette], dtype=float)
        channels = [round(float(np.interp(value, self.stops, rgb[:, i]))) for i in range(3)]
        return (channels[0], channels[1], channels[2], alpha)

    def hex(self, value: float | None) -> str:
        """Colour of ``value`` as ``#rrggbb``."""
        r, g, b, _ = self.rgba(value)
        return f"#{r:02x}{g:02x}{b:02x}"


def _hex_to_rgb(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def join_rates(
    collection: Mapping[str, Any],
    rates: Mapping[str, float],
    scale: SequentialScale,
    *,
    lang: str,
    region_names: Mapping[str, str],
    rate_texts: Mapping[str, str] | None = None,
    no_data_label: str,
    source_label: str,
    selected_region: str | None = None,
) -> dict[str, Any]:
    """``collection``'s province features with their region's rate and colour (new dicts; geometry is shared).

    ``collection`` is :func:`provinces_geojson` (lon/lat, for Altair) or ``projected("provinces")`` (for deck).
    Added properties: ``name`` and ``region_name`` in ``lang``, ``rate`` (percent or None), ``rate_text`` (from
    ``rate_texts`` by region, e.g. the figures' display text, else one decimal and "%"),
    ``source``, ``fill`` (RGBA list; faded outside ``selected_region``) and ``fill_hex``.
    """
    features = []
    for feat in collection["features"]:
        props = feat["properties"]
        region = props["region"]
        rate = rates.get(region) if region else None
        alpha = 255 if selected_region is None or region == selected_region else FADED_ALPHA
        extra = {
            "name": props["name_en" if lang == "en" else "name_zh"],
            "region_name": region_names.get(region, "") if region else "",
            "rate": rate,
            "rate_text": no_data_label if rate is None else (rate_texts or {}).get(region, f"{rate:.1f}%"),
            "source": source_label if rate is not None else "",
            "fill": list(scale.rgba(rate, alpha)),
            "fill_hex": scale.hex(rate),
            "selected": selected_region is not None and region == selected_region,
        }
        features.append({"type": "Feature", "properties": {**props, **extra}, "geometry": feat["geometry"]})
    return {"type": "FeatureCollection", "features": features}


#: Properties :func:`join_rates` writes in the reader's language (everything else it adds is the same in both).
LOCALIZED_PROPS: tuple[str, ...] = ("name", "region_name", "rate_text", "source")


def bilingual_rows(rows: Mapping[str, Sequence[Mapping[str, Any]]], keys: Sequence[str]) -> list[dict[str, Any]]:
    """One list from the same rows built once per language (``{lang: rows}``, same order): each of ``keys``
    becomes ``<key>_<lang>``; the other fields are the first language's, which must not differ between them."""
    langs = list(rows)
    first = rows[langs[0]]
    if any(len(rows[lang]) != len(first) for lang in langs):
        raise ValueError("the languages do not hold the same rows")
    merged = []
    for index, row in enumerate(first):
        out = {k: v for k, v in row.items() if k not in keys}
        for lang in langs:
            own = rows[lang][index]
            out.update({f"{key}_{lang}": own[key] for key in keys if key in own})
        merged.append(out)
    return merged


def bilingual(collections: Mapping[str, Mapping[str, Any]],
              keys: Sequence[str] = LOCALIZED_PROPS) -> dict[str, Any]:
    """One collection from the same features joined once per language (``{lang: join_rates(...)}``): their
    properties merged by :func:`bilingual_rows` (``name`` → ``name_zh``, ``name_en``), the geometry the first
    collection's. A deck built on it is the same in every language, so a language switch changes only its tooltip
    template (see ``charts.maps.localized_tooltip``)."""
    first = next(iter(collections.values()))["features"]
    props = bilingual_rows({lang: [f["properties"] for f in c["features"]] for lang, c in collections.items()}, keys)
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": merged, "geometry": feat["geometry"]}
        for merged, feat in zip(props, first, strict=True)]}


# --- projection for the non-geographic deck view (d3's conicEqualArea formulas, on the sphere) ---------------

def _conic_constants() -> tuple[float, float, float]:
    phi0, phi1 = (math.radians(p) for p in PARALLELS)
    n = (math.sin(phi0) + math.sin(phi1)) / 2
    c = 1 + math.sin(phi0) * (2 * n - math.sin(phi0))
    return n, c, math.sqrt(c) / n


def project(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """China Albers of WGS-84 lon/lat (degrees) → x (east), y (north) in PROJECTED_UNITS per Earth radius."""
    n, c, r0 = _conic_constants()
    lam = np.radians(np.asarray(lon, dtype=float) - CENTRAL_MERIDIAN) * n
    rho = np.sqrt(c - 2 * n * np.sin(np.radians(np.asarray(lat, dtype=float)))) / n
    return rho * np.sin(lam) * PROJECTED_UNITS, (r0 - rho * np.cos(lam)) * PROJECTED_UNITS


def _project_coords(coords: Any) -> Any:
    """Nested GeoJSON coordinates → projected [x, -y] (screen y grows downwards in deck's orthographic view)."""
    if coords and isinstance(coords[0], (int, float)):
        x, y = project(np.array([coords[0]]), np.array([coords[1]]))
        return [round(float(x[0]), PROJECTED_DECIMALS), round(float(-y[0]), PROJECTED_DECIMALS)]
    if coords and coords[0] and isinstance(coords[0][0], (int, float)):
        array = np.asarray(coords, dtype=float)
        x, y = project(array[:, 0], array[:, 1])
        return np.round(np.column_stack([x, -y]), PROJECTED_DECIMALS).tolist()
    return [_project_coords(c) for c in coords]


def project_geojson(collection: Mapping[str, Any]) -> dict[str, Any]:
    """A FeatureCollection with every coordinate projected for the orthographic deck view (new dict)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": f["properties"],
             "geometry": {"type": f["geometry"]["type"], "coordinates": _project_coords(f["geometry"]["coordinates"])}}
            for f in collection["features"]
        ],
    }


@cache
def projected(name: str) -> dict[str, Any]:
    """Projected copy of one geo layer ("provinces", "regions", "scs_line", "province_lines"), cached; read-only."""
    loaders = {"provinces": provinces_geojson, "regions": region_borders_geojson, "scs_line": scs_line_geojson,
               "province_lines": province_lines_geojson}
    return project_geojson(loaders[name]())


@cache
def projected_bounds() -> tuple[float, float, float, float]:
    """(min x, min y, max x, max y) of the projected provinces and dashed line, in deck units (y down)."""
    points = []
    for name in ("provinces", "scs_line"):
        for feat in projected(name)["features"]:
            points.append(np.asarray(_flatten(feat["geometry"]["coordinates"])))
    stacked = np.vstack(points)
    return (float(stacked[:, 0].min()), float(stacked[:, 1].min()),
            float(stacked[:, 0].max()), float(stacked[:, 1].max()))


def _flatten(coords: Any) -> list[list[float]]:
    if coords and isinstance(coords[0], (int, float)):
        return [coords]
    out: list[list[float]] = []
    for c in coords:
        out.extend(_flatten(c))
    return out


def project_points(lon: Sequence[float], lat: Sequence[float]) -> list[list[float]]:
    """Projected deck positions [x, -y] of points (e.g. city label points)."""
    x, y = project(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.round(np.column_stack([x, -y]), PROJECTED_DECIMALS).tolist()


def points_bounds(positions: Sequence[Sequence[float]], margin: float = 60.0) -> tuple[float, float, float, float]:
    """Bounds (deck units) around projected points, widened by ``margin`` (≈ 6.4 km per unit) on every side."""
    array = np.asarray(positions, dtype=float)
    return (float(array[:, 0].min() - margin), float(array[:, 1].min() - margin),
            float(array[:, 0].max() + margin), float(array[:, 1].max() + margin))


def plain_features(collection: Mapping[str, Any], lang: str, fill: RGBA = (236, 236, 236, 255)) -> dict[str, Any]:
    """Province features with a uniform ``fill`` and ``name`` in ``lang`` (a base map for point layers)."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": f["geometry"],
             "properties": {**f["properties"], "name": f["properties"]["name_en" if lang == "en" else "name_zh"],
                            "fill": list(fill)}}
            for f in collection["features"]
        ],
    }
