"""The province tile map (方块地图) as an Altair chart: one equal square per provincial unit (rect marks) with its
short label and value (text marks), and a point selection on ``adcode`` so a tap selects the tile's province.

Input rows come from :func:`smedx.tiles.tile_rows` plus a ``fill`` colour (``#rrggbb``) chosen by the caller.
No projection and no boundaries; every tile has the same size, so 北京 is as easy to tap as 新疆.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from smedx.charts.style import configure

PARAM = "tile"  # name of the selection parameter (Streamlit reports the selection under this key)
TILE_PX = 50  # tile pitch on a phone: 7 columns fit a 358 px column, each tile above the 44 px touch target
TILE_PX_WIDE = 60  # on a desktop column
FADED = 0.3  # opacity of the squares outside the selection
FADED_INK = "#444444"  # their text, on the faded (light) square


def ink(fill: str) -> str:
    """Black or white text, whichever reads better on ``fill`` (#rrggbb; WCAG relative luminance)."""
    channels = [int(fill.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if luminance > 0.18 else "#ffffff"


def tile_map(rows: Sequence[Mapping[str, Any]], *, tooltip_titles: Mapping[str, str], alt_text: str,
             tile_px: int = TILE_PX, param: str = PARAM) -> alt.LayerChart:
    """Tile map of ``rows`` (``adcode``, ``row``, ``col``, ``label``, ``short``, ``name``, ``text``, ``fill``,
    ``selected``): ``label`` and ``short`` are printed on the tile, the ``tooltip_titles`` fields on hover.

    Tiles not ``selected`` are faded, selected ones outlined. ``tooltip_titles`` maps fields to localized titles;
    ``alt_text`` is the chart's description (screen readers). The chart is ``tile_px`` per column and row
    (square tiles); a click or tap on a tile or its label selects its ``adcode`` (parameter ``param``).
    """
    narrowed = not all(row["selected"] for row in rows)  # a selection: its tiles get an outline too
    data = [{**row, "ink": ink(str(row["fill"])) if row["selected"] else FADED_INK,
             "opacity": 1.0 if row["selected"] else FADED, "outline": 2.5 if narrowed and row["selected"] else 0.0}
            for row in rows]
    n_cols = max(int(r["col"]) for r in data) + 1
    n_rows = max(int(r["row"]) for r in data) + 1
    base = alt.Chart(alt.Data(values=data)).encode(
        x=alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(n_cols)), paddingInner=0.08)),
        y=alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(n_rows)), paddingInner=0.08)),
        tooltip=[alt.Tooltip(f"{key}:N", title=title) for key, title in tooltip_titles.items()],
    )
    tiles = base.mark_rect(cornerRadius=3, stroke="#222222", cursor="pointer").encode(
        color=alt.Color("fill:N", scale=None), opacity=alt.Opacity("opacity:Q", scale=None),
        strokeWidth=alt.StrokeWidth("outline:Q", scale=None))
    texts = [base.mark_text(fontSize=size, fontWeight=weight, dy=dy, cursor="pointer").encode(
        text=f"{field}:N", color=alt.Color("ink:N", scale=None))
        for field, size, weight, dy in (("label", 13, "bold", -7), ("short", 11, "normal", 9))]
    # The selection is defined on the squares; Vega-Lite reads a click's datum in the whole layer group, so a tap
    # on a tile's text (same datum) selects it too.
    selection = alt.selection_point(name=param, fields=["adcode"], on="click", toggle=False, clear=False)
    chart = alt.layer(tiles.add_params(selection), *texts).properties(
        width=tile_px * n_cols, height=tile_px * n_rows, description=alt_text)
    return configure(chart)
