"""Map builders: a pydeck choropleth (interactive) and its Altair ``mark_geoshape`` twin (static export).

Pure functions: they take joined features (see :func:`smedx.geo.join_rates`) and localized labels, and return a
``pydeck.Deck`` / ``altair`` chart. No basemap and no external request: the deck uses an ``OrthographicView`` on
coordinates projected in Python (China Albers), because Streamlit's pydeck frontend adds a Carto basemap whenever
every view is a ``MapView`` (or there is none) and the deck sets no map style.
"""
from __future__ import annotations

import copy
import json
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import altair as alt
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from smedx import geo

PROVINCE_LINE: list[int] = [255, 255, 255, 255]
REGION_LINE: list[int] = [33, 33, 33, 255]
SELECTED_LINE: list[int] = [0, 0, 0, 255]
SCS_LINE: list[int] = [90, 90, 90, 255]
PROVINCE_LINE_PX = 0.6
CITY_RADIUS_PX = 8  # city points: large enough to see and tap on a phone
FONT = "Noto Sans CJK SC"
FONT_DIRS: tuple[Path, ...] = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/opentype/noto-cjk"))
PROJECTION: dict[str, Any] = {"type": "conicEqualArea", "parallels": list(geo.PARALLELS),
                              "rotate": [-geo.CENTRAL_MERIDIAN, 0]}


class CompactDeck(pdk.Deck):
    """A ``pydeck.Deck`` whose JSON has no indentation (pydeck indents by 2, which Streamlit sends as is: the
    province layer would cost ~1.8 MB per rerun instead of ~0.3 MB). The JSON is computed once: treat a built
    deck as immutable, so it can be cached and re-sent without re-serializing."""

    _json: str | None = None

    def to_json(self) -> str:
        if self._json is None:
            self._json = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
        return self._json

    def with_tooltip(self, html: str) -> CompactDeck:
        """This deck with another tooltip template and the same JSON (Streamlit sends the tooltip beside the
        spec): the browser keeps the drawn map when only the tooltip's language changes."""
        self.to_json()
        twin = copy.copy(self)
        twin._tooltip = {**(self._tooltip or {}), "html": html}
        return twin


def localized_tooltip(html: str, lang: str, keys: Sequence[str] = geo.LOCALIZED_PROPS) -> str:
    """A tooltip template for features from :func:`smedx.geo.bilingual`: ``{name}`` → ``{name_<lang>}`` for
    each of ``keys``; other fields stay."""
    return re.sub(r"\{(\w+)\}", lambda m: f"{{{m[1]}_{lang}}}" if m[1] in keys else m[0], html)


def fit_view(bounds: tuple[float, float, float, float], width: int, height: int,
             padding: float = 0.04) -> pdk.ViewState:
    """Orthographic view state that fits ``bounds`` (deck units) into ``width`` × ``height`` pixels."""
    min_x, min_y, max_x, max_y = bounds
    span_x = (max_x - min_x) * (1 + 2 * padding)
    span_y = (max_y - min_y) * (1 + 2 * padding)
    zoom = math.log2(min(width / span_x, height / span_y))
    return pdk.ViewState(target=[(min_x + max_x) / 2, (min_y + max_y) / 2, 0], zoom=round(zoom, 3),
                         min_zoom=round(zoom - 1, 3), max_zoom=round(zoom + 4, 3))


def _line_layer(layer_id: str, collection: Mapping[str, Any], colour: list[int], width_px: float) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer", id=layer_id, data=collection, filled=False, stroked=True, pickable=False,
        get_line_color=colour, get_line_width=width_px, line_width_units="'pixels'",
    )


def choropleth_deck(
    provinces: Mapping[str, Any],
    *,
    tooltip_html: str,
    cities: Sequence[Mapping[str, Any]] = (),
    provinces_pickable: bool = True,
    bounds: tuple[float, float, float, float] | None = None,
    width: int = 700,
    height: int = 560,
    pan: bool = False,
    city_labels: bool = False,
) -> CompactDeck:
    """Province map on projected coordinates: fills from ``properties.fill``, region borders stronger than
    province lines (the selected region's, from ``properties.selected``, strongest), the South China Sea dashed
    line, optional city points (dicts with ``position`` in deck units from ``geo.project_points``, RGBA ``fill``
    and ``line``; ``name`` printed beside each point with ``city_labels``, where it fits without overlapping). The view
    fits ``bounds`` (deck units; default: the whole map) into ``width`` × ``height`` px; without ``pan`` (the
    default: a map must not take the page's swipe) the view has no controller (drag, wheel and pinch do not move
    it; hover and click still pick). Put a still deck in :func:`smedx.ui.maps.still_map_container`: deck.gl sets
    ``touch-action: none`` on its canvas even without a controller.

    ``provinces`` = ``geo.join_rates(geo.projected("provinces"), ...)``. ``tooltip_html`` may use any feature
    property, e.g. ``"<b>{name}</b><br/>{region_name}: {rate_text}<br/>{source}"`` (Streamlit escapes values).
    """
    view = fit_view(bounds or geo.projected_bounds(), width, height)
    layers = [
        # Fill only: deck.gl picks on pointerdown, and picking a stroked GeoJSON layer (its path sublayer) held
        # the page ~0.6-1.5 s in headless chromium, past the 250 ms a click may last; the fill alone picks in
        # ~50 ms. The province borders are a layer of their own, not pickable.
        pdk.Layer(
            "GeoJsonLayer", id="provinces", data=provinces, filled=True, stroked=False, pickable=provinces_pickable,
            auto_highlight=provinces_pickable, highlight_color=[255, 255, 255, 90],
            get_fill_color="properties.fill",
        ),
        _line_layer("province-borders", geo.projected("province_lines"), PROVINCE_LINE, PROVINCE_LINE_PX),
        _line_layer("region-borders", geo.projected("regions"), REGION_LINE, 2.2),
        _line_layer("scs-line", geo.projected("scs_line"), SCS_LINE, 1.2),
    ]
    selected = {f["properties"]["region"] for f in provinces["features"] if f["properties"].get("selected")}
    if selected:
        borders = geo.projected("regions")["features"]
        chosen = {"type": "FeatureCollection",
                  "features": [f for f in borders if f["properties"]["region"] in selected]}
        layers.append(_line_layer("selected-region", chosen, SELECTED_LINE, 4.0))
    if cities:
        layers.append(pdk.Layer(
            "ScatterplotLayer", id="cities", data=list(cities), get_position="position", get_fill_color="fill",
            get_line_color="line", stroked=True, get_radius=CITY_RADIUS_PX, radius_units="'pixels'",
            get_line_width=2.5, line_width_units="'pixels'", pickable=True, auto_highlight=True,
        ))
        if city_labels:
            layers.append(_city_labels(cities, view, width))
    return CompactDeck(
        layers=layers,
        views=[pdk.View(type="OrthographicView", controller=pan)],
        initial_view_state=view,
        map_style=None,
        map_provider=None,
        tooltip={"html": tooltip_html, "style": {"fontSize": "13px"}},
        height=height,
    )


LABEL_PX = 12


def label_points(cities: Sequence[Mapping[str, Any]], zoom: float, right: float = math.inf) -> list[dict[str, Any]]:
    """The cities whose name fits right of its point at ``zoom`` without overlapping another point or an earlier
    label, nor passing ``right`` (deck units; the view's edge), greedy in the given order (a CJK character ≈
    ``LABEL_PX`` wide): on a phone the crowded east keeps a few names, the tooltip has every one."""
    scale = 2 ** zoom
    boxes: list[tuple[float, float, float, float]] = [
        (c["position"][0] * scale - CITY_RADIUS_PX, c["position"][1] * scale - CITY_RADIUS_PX,
         c["position"][0] * scale + CITY_RADIUS_PX, c["position"][1] * scale + CITY_RADIUS_PX) for c in cities]
    kept = []
    for city in cities:  # a label starts right of its own dot's box, so only others' dots and labels block it
        x, y = city["position"][0] * scale + CITY_RADIUS_PX + 4, city["position"][1] * scale
        box = (x, y - LABEL_PX * 0.6, x + LABEL_PX * _columns(str(city["name"])) / 2, y + LABEL_PX * 0.6)
        if box[2] <= right * scale and not any(_overlap(box, other) for other in boxes):
            boxes.append(box)
            kept.append({"position": city["position"], "name": city["name"]})
    return kept


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _city_labels(cities: Sequence[Mapping[str, Any]], view: pdk.ViewState, width: int) -> pdk.Layer:
    """City names right of their points (those that fit, :func:`label_points`); a local canvas font with the
    characters collected from the data: no font request."""
    return pdk.Layer(
        "TextLayer", id="city-labels",
        data=label_points(cities, view.zoom, view.target[0] + width / 2 / 2 ** view.zoom),
        get_position="position", get_text="name", get_size=LABEL_PX, size_units="'pixels'",
        get_color=[20, 20, 20, 255], get_text_anchor="'start'", get_alignment_baseline="'center'",
        get_pixel_offset=[CITY_RADIUS_PX + 4, 0], character_set="'auto'", font_family=f"'{FONT}, sans-serif'",
        outline_width=2, outline_color=[255, 255, 255], font_settings={"sdf": True}, pickable=False,
    )


def choropleth_chart(
    provinces: Mapping[str, Any],
    scale: geo.SequentialScale,
    *,
    title: str,
    legend_title: str,
    notes: Sequence[str] = (),
    tooltip_titles: Mapping[str, str],
    width: int = 560,
    height: int = 520,
    selected_region: str | None = None,
) -> alt.LayerChart:
    """Altair twin of the choropleth (China Albers, equal-area) for PNG/SVG export.

    ``provinces`` = ``geo.join_rates(geo.provinces_geojson(), ...)`` (lon/lat). Units without a rate (not in the
    survey) are drawn grey in their own layer, so Vega does not drop them as invalid values. ``notes`` are
    printed under the title, wrapped (e.g. "the survey reports regions, not provinces" and the map notice).
    ``tooltip_titles`` maps ``name``, ``region_name`` and ``rate_text`` to localized column titles.
    ``selected_region`` (a region id) gets the strongest border, as on the interactive map.
    """
    features = provinces["features"]
    rated = [f for f in features if f["properties"]["rate"] is not None]
    unrated = [f for f in features if f["properties"]["rate"] is None]
    tooltip = [alt.Tooltip(f"properties.{key}:N", title=label) for key, label in tooltip_titles.items()]
    colour = alt.Color(
        "properties.rate:Q",
        scale=alt.Scale(domain=[float(v) for v in scale.stops], range=list(scale.palette), interpolate="rgb"),
        legend=alt.Legend(title=legend_title, orient="bottom-left", format=".0f"),
    )
    fill_layer = alt.Chart(alt.Data(values=rated)).mark_geoshape(stroke="white", strokeWidth=0.4).encode(
        color=colour, tooltip=tooltip)
    grey = scale.hex(None)
    no_data_layer = alt.Chart(alt.Data(values=unrated)).mark_geoshape(
        fill=grey, stroke="white", strokeWidth=0.4).encode(tooltip=tooltip)
    border_layer = alt.Chart(alt.Data(values=geo.region_borders_geojson()["features"])).mark_geoshape(
        filled=False, stroke=_css(REGION_LINE), strokeWidth=1.4)
    scs_layer = alt.Chart(alt.Data(values=geo.scs_line_geojson()["features"])).mark_geoshape(
        filled=False, stroke=_css(SCS_LINE), strokeWidth=0.9)
    layers = [fill_layer, no_data_layer, border_layer, scs_layer]
    if selected_region is not None:
        chosen = [f for f in geo.region_borders_geojson()["features"] if f["properties"]["region"] == selected_region]
        layers.append(alt.Chart(alt.Data(values=chosen)).mark_geoshape(filled=False, stroke=_css(SELECTED_LINE),
                                                                        strokeWidth=3.0))
    return (
        alt.layer(*layers)
        .project(**PROJECTION)
        .properties(width=width, height=height,
                    title=alt.TitleParams(text=title, subtitle=[ln for note in notes for ln in wrap_lines(note)],
                                          anchor="start", subtitleFontSize=10))
        .configure(font=FONT)
        .configure_view(stroke=None)
    )


def swatch_legend(groups: Sequence[tuple[str, Sequence[Mapping[str, Any]]]], column_px: int = 170,
                  row_px: int = 24) -> alt.LayerChart:
    """A legend drawn as a legend: per group a title and one swatch per item (a dot in ``fill`` with a ring in
    ``stroke``, ``opacity`` 0–1) with its label; groups side by side, ``column_px`` apart (two fit a phone)."""
    rows, titles = [], []
    for col, (title, items) in enumerate(groups):
        titles.append({"x": col * column_px, "y": row_px / 2, "label": title})
        for i, item in enumerate(items):
            rows.append({"x": col * column_px + 10, "y": row_px * (i + 1.5), "label": item["label"],
                         "fill": item["fill"], "stroke": item["stroke"], "opacity": item.get("opacity", 1.0)})
    pixel = {"x": alt.X("x:Q", scale=None, axis=None), "y": alt.Y("y:Q", scale=None, axis=None)}
    dots = alt.Chart(alt.Data(values=rows)).mark_point(filled=True, size=170, strokeWidth=3).encode(
        **pixel, fill=alt.Fill("fill:N", scale=None), stroke=alt.Stroke("stroke:N", scale=None),
        opacity=alt.Opacity("opacity:Q", scale=None))
    labels = alt.Chart(alt.Data(values=rows)).mark_text(align="left", dx=14, fontSize=13).encode(
        **pixel, text="label:N")
    heads = alt.Chart(alt.Data(values=titles)).mark_text(align="left", fontSize=13, fontWeight="bold").encode(
        **pixel, text="label:N")
    height = row_px * (max(len(items) for _, items in groups) + 1)
    return alt.layer(dots, labels, heads).properties(width=column_px * len(groups), height=height)


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_lines(text: str, columns: int = 90) -> list[str]:
    """Split ``text`` into lines of at most ``columns`` display columns (CJK characters count 2), breaking after
    a space or a CJK character, never inside a Latin word; for subtitles, which Vega does not wrap."""
    tokens = re.findall(r"[^\x00-\u10ff]|[\x00-\u10ff]+?(?:\s+|$|(?=[^\x00-\u10ff]))", text)
    lines: list[str] = []
    line = ""
    for token in tokens:
        if line and _columns(line + token.rstrip()) > columns:
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _css(colour: Sequence[int]) -> str:
    return f"rgb({colour[0]},{colour[1]},{colour[2]})"


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, ...]:
    """Register the CJK font directories that exist with vl-convert (once); return the registered paths."""
    import vl_convert as vlc

    found = tuple(str(d) for d in FONT_DIRS if d.is_dir())
    for directory in found:
        vlc.register_font_directory(directory)
    return found


def export_image(chart: alt.TopLevelMixin, fmt: str = "png", scale: float = 2.0) -> bytes:
    """Render ``chart`` to PNG or SVG bytes with vl-convert, CJK fonts registered, no remote data allowed."""
    import vl_convert as vlc

    if not register_fonts():
        raise RuntimeError(f"no CJK font directory found in {[str(d) for d in FONT_DIRS]} (install fonts-noto-cjk)")
    spec = chart.to_dict()
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=scale, allowed_base_urls=[])
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec, allowed_base_urls=[]).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")
