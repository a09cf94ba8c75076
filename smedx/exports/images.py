"""Slide-ready chart images: a chart's Vega-Lite spec framed with title, subtitle, source line and the link that
reopens the view, rendered server-side with vl-convert as PNG (2×) or SVG (text as glyph outlines).

No request leaves the machine (``allowed_base_urls=[]``); the CJK font is the installed Noto Sans CJK SC.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from smedx.charts.maps import register_fonts, wrap_lines
from smedx.i18n import DEFAULT_LANG, normalise_lang, t

WIDTH = 720  # pixels of a framed chart's plot and footer (a 16:9 slide holds it at 2×)
FOOT_SIZE = 10  # font size of the source and link lines
FOOT_LINE = 14  # pixels per footer line
PX_PER_COLUMN = 5.6  # footer pixels per display column (a CJK character is two columns)
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
MIME = {"png": "image/png", "svg": "image/svg+xml"}


@dataclass(frozen=True)
class ChartExport:
    """One chart as exported: its spec (or a function making it, so a page can name the files without building
    the chart) and the words around it. ``parts`` name the selection in the file name (ids, e.g. ``("east",)``);
    ``year`` the data year; ``url`` reopens the view."""

    view: str
    spec: dict[str, Any] | Callable[[], dict[str, Any]]
    title: str
    subtitle: str
    source: str
    url: str
    lang: str
    parts: tuple[str, ...] = ()
    year: int | str | None = None
    notes: tuple[str, ...] = field(default=())

    def chart_spec(self) -> dict[str, Any]:
        """The chart's Vega-Lite dict (built now if the export holds a function)."""
        return self.spec() if callable(self.spec) else self.spec


def _slug(text: object) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def filename(export: ChartExport, fmt: str) -> str:
    """``smedx_<view>_<selection…>_<year>[_en].<fmt>``, e.g. ``smedx_regional_east_2020.png``."""
    words = [_slug(w) for w in ("smedx", export.view, *export.parts, export.year) if w not in (None, "")]
    if normalise_lang(export.lang) != DEFAULT_LANG:
        words.append(export.lang)
    return "_".join(w for w in words if w) + f".{fmt}"


def _footer(lines: list[str], width: int) -> dict[str, Any]:
    values = [{"line": line, "y": i * FOOT_LINE} for i, line in enumerate(lines)]
    return {
        "data": {"values": values}, "width": width, "height": FOOT_LINE * len(lines),
        "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": FOOT_SIZE, "color": "#555555"},
        "encoding": {"x": {"value": 0}, "y": {"field": "y", "type": "quantitative", "scale": None},
                     "text": {"field": "line", "type": "nominal"}},
    }


def _fixed_width(spec: dict[str, Any], width: int) -> None:
    """Replace ``"container"`` widths (Streamlit's) by pixels: a server render has no container."""
    if spec.get("width") == "container":
        spec["width"] = width
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in spec.get(key, []):
            _fixed_width(child, width)


def framed(export: ChartExport, width: int = WIDTH) -> dict[str, Any]:
    """The chart's spec inside a frame: title and subtitle on top, notes, source and link lines below."""
    inner = copy.deepcopy(export.chart_spec())
    config = inner.pop("config", {})
    datasets = inner.pop("datasets", None)
    inner.pop("$schema", None)
    _fixed_width(inner, width)
    columns = int(width / PX_PER_COLUMN)
    lines = [ln for text in (*export.notes, export.source, t("exports.link_line", export.lang, url=export.url))
             for ln in wrap_lines(text, columns)]
    frame: dict[str, Any] = {
        "$schema": SCHEMA,
        "title": {"text": wrap_lines(export.title, int(columns / 1.6)), "subtitle": wrap_lines(export.subtitle,
                                                                                              int(columns / 1.2)),
                  "anchor": "start", "fontSize": 16, "subtitleFontSize": 12, "subtitleColor": "#333333", "offset": 12},
        "vconcat": [inner, _footer(lines, width)],
        "spacing": 18,
        # each legend stays with its chart (a shared one would sit under the footer)
        "resolve": {"legend": dict.fromkeys(("color", "fill", "opacity", "shape", "size", "stroke"), "independent")},
        "padding": 16,
        "background": "white",
        "config": config,
    }
    if datasets is not None:
        frame["datasets"] = datasets
    return frame


def render_spec(spec: dict[str, Any], fmt: str, scale: float = 2.0, width: int = WIDTH) -> bytes:
    """PNG (``scale`` × pixels) or SVG bytes of a Vega-Lite ``spec`` (container widths become ``width``); in the
    SVG every text is glyph outlines."""
    import vl_convert as vlc  # loaded on first export only (~0.3 s), as are fontTools and the font

    from smedx.exports.svgpaths import FontMissing, outline_text

    if not register_fonts():
        raise FontMissing("no CJK font directory found (install fonts-noto-cjk)")
    spec = copy.deepcopy(spec)
    _fixed_width(spec, width)
    if fmt == "png":
        return bytes(vlc.vegalite_to_png(spec, scale=scale, allowed_base_urls=[]))
    if fmt == "svg":
        svg, _ = outline_text(vlc.vegalite_to_svg(spec, allowed_base_urls=[]))
        return svg.encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")


def render(export: ChartExport, fmt: str, scale: float = 2.0) -> bytes:
    """PNG or SVG bytes of the framed chart (see :func:`render_spec`)."""
    return render_spec(framed(export), fmt, scale)
