"""Altair charts of the regional page. Inputs are the tables of :mod:`smedx.regional` (percent 0–100)."""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from smedx import geo, regional
from smedx.charts import maps
from smedx.charts.style import LABEL_PX, configure
from smedx.figures import Figure
from smedx.i18n import t


def region_bars(table: pd.DataFrame, national: Figure, scale: geo.SequentialScale, lang: str,
                selected: str | None = None) -> alt.LayerChart:
    """Horizontal bars of the regional shares (map colours), highest first, with the national 2020 figure as a
    dashed line; regions other than ``selected`` are faded."""
    data = table.assign(colour=[scale.hex(v) for v in table["value"]],
                        opacity=[1.0 if selected in (None, r) else 0.35 for r in table["region"]])
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=list(data["name"]), title=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("value:Q", title=t("regional.axis_share", lang), scale=alt.Scale(domain=[0, 45]),
                axis=alt.Axis(tickCount=9)),
        tooltip=[alt.Tooltip("name:N", title=t("regional.col_region", lang)),
                 alt.Tooltip("text:N", title=t("regional.col_region_share", lang))],
    )
    bars = base.mark_bar(height=26).encode(color=alt.Color("colour:N", scale=None),
                                           opacity=alt.Opacity("opacity:Q", scale=None))
    # value labels inside the bar ends: outside, "37.2%" runs over the axis end on a phone
    labels = base.mark_text(align="right", dx=-4, fontSize=13, color="white").encode(text="text:N")
    line_data = pd.DataFrame({"x": [national.value], "label": [t("regional.national_line", lang, x=national.text)]})
    rule = alt.Chart(line_data).mark_rule(strokeDash=[5, 3], color="#444", size=1.5).encode(x="x:Q")
    # ends at the line: to its right the label would run past the chart on a phone
    rule_label = alt.Chart(line_data).mark_text(align="right", dx=-4, dy=-6, color="#444", fontSize=LABEL_PX).encode(
        x="x:Q", y=alt.value(0), text="label:N")
    return configure(alt.layer(bars, labels, rule, rule_label).properties(height=36 * len(data) + 70,
                                                                          width="container"))


def legend(scale: geo.SequentialScale, table: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Colour legend of the map: the gradient over the scale's domain, a tick per region and its label
    (labels alternate above and below the bar so neighbours never collide), domain ends as text on a row of
    their own (on a phone the highest region's label reaches the end of the bar)."""
    low, high = scale.domain
    edges = np.linspace(low, high, 41)
    ramp = pd.DataFrame({"x0": edges[:-1], "x1": edges[1:]})
    ramp["colour"] = [scale.hex((a + b) / 2) for a, b in zip(ramp["x0"], ramp["x1"], strict=True)]
    x_scale = alt.Scale(domain=[low, high], nice=False)
    x = alt.X("x0:Q", scale=x_scale, axis=None)
    gradient = alt.Chart(ramp).mark_rect(height=14).encode(x=x, x2="x1:Q", y=alt.value(34),
                                                           color=alt.Color("colour:N", scale=None))
    marks = table.sort_values("value").assign(label=lambda f: f["name"] + " " + f["text"])
    marks["y"] = [12 if i % 2 == 0 else 58 for i in range(len(marks))]
    ticks = alt.Chart(marks).mark_tick(color="black", thickness=2, size=24).encode(
        x=alt.X("value:Q", scale=x_scale, axis=None), y=alt.value(34))
    labels = alt.Chart(marks).mark_text(fontSize=LABEL_PX).encode(
        x=alt.X("value:Q", scale=x_scale, axis=None), y=alt.Y("y:Q", scale=None), text="label:N")
    ends = pd.DataFrame({"value": [low, high], "label": [t("units.percent", lang, x=f"{v:.0f}") for v in (low, high)],
                         "align": ["left", "right"]})
    end_labels = [alt.Chart(ends[ends["align"].eq(side)]).mark_text(fontSize=LABEL_PX, color="#666", align=side).encode(
        x=alt.X("value:Q", scale=x_scale, axis=None), y=alt.value(80), text="label:N") for side in ("left", "right")]
    return configure(alt.layer(gradient, ticks, labels, *end_labels).properties(height=90, width="container"))


def static_map_words(lang: str) -> tuple[str, tuple[str, ...]]:
    """Title and notes (the legend note and the map notice) of the static map."""
    return (t("regional.export_map_title", lang, **regional.year_fields(lang)),
            (t("regional.legend_note", lang), geo.notice(lang)))


def static_map(lang: str, region: str | None = None) -> alt.LayerChart:
    """The Altair twin of the choropleth (China Albers) with the legend note and the map notice, for export;
    ``region`` (id) is outlined as on the interactive map."""
    title, notes = static_map_words(lang)
    return maps.choropleth_chart(
        regional.map_features(lang, selected=region, projected=False), regional.scale(), selected_region=region,
        title=title, legend_title=t("regional.legend_title", lang), notes=list(notes),
        tooltip_titles={"name": t("regional.col_province", lang), "region_name": t("regional.col_region", lang),
                        "rate_text": t("regional.col_region_share", lang)},
    )
