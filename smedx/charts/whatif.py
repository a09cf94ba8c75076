"""Altair charts of the what-if page. Inputs are tables of :mod:`smedx.whatif` (percent, pp)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from smedx.charts.style import CATEGORICAL, configure
from smedx.i18n import t

BASE_COLOUR = "#666666"
SCEN_COLOUR = CATEGORICAL[0]


def fan(table: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Baseline (dashed, grey band) and scenario (blue ribbon): 90 % band light, 50 % band darker, median line.

    ``table`` = :func:`smedx.whatif.path` (year, series, measure, p05…p95).
    """
    colours = alt.Scale(domain=[t("whatif.series_base", lang), t("whatif.series_scen", lang)],
                        range=[BASE_COLOUR, SCEN_COLOUR])
    base = alt.Chart(table).encode(
        x=alt.X("year:O", title=t("whatif.axis_year", lang), axis=alt.Axis(labelAngle=0)),
        color=alt.Color("series:N", scale=colours, legend=alt.Legend(orient="bottom", title=None, labelLimit=400)),
    )
    wide = base.mark_area(opacity=0.15).encode(y=alt.Y("p05:Q", title=t("whatif.axis_level", lang)), y2="p95:Q")
    mid = base.mark_area(opacity=0.3).encode(y="p25:Q", y2="p75:Q")
    line = base.mark_line(point=True).encode(
        y="p50:Q",
        strokeDash=alt.StrokeDash("measure:N", scale=alt.Scale(domain=["baseline", "scenario"],
                                                                range=[[6, 4], [1, 0]]), legend=None),
        tooltip=[alt.Tooltip("series:N", title=""), alt.Tooltip("year:O", title=t("whatif.axis_year", lang)),
                 alt.Tooltip("p50:Q", title=t("whatif.tt_median", lang), format=".1f"),
                 alt.Tooltip("p05:Q", title="p5", format=".1f"), alt.Tooltip("p95:Q", title="p95", format=".1f")],
    )
    return configure(alt.layer(wide, mid, line).properties(height=320, width="container"))


def gain_bars(table: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Median gain per unit (bar) with the 90 % band (rule) and 50 % band (thick tick); ``table`` =
    :func:`smedx.whatif.gains`."""
    base = alt.Chart(table).encode(
        y=alt.Y("unit:N", title=None, sort=None, axis=alt.Axis(labelLimit=300)),
        tooltip=[alt.Tooltip("unit:N", title=""),
                 alt.Tooltip("p50:Q", title=t("whatif.tt_median", lang), format=".2f"),
                 alt.Tooltip("p05:Q", title="p5", format=".2f"), alt.Tooltip("p95:Q", title="p95", format=".2f")],
    )
    bars = base.mark_bar(color=SCEN_COLOUR, opacity=0.6).encode(x=alt.X("p50:Q", title=t("whatif.axis_gain", lang)))
    wide = base.mark_rule(color="black").encode(x="p05:Q", x2="p95:Q")
    mid = base.mark_rule(color="black", strokeWidth=4).encode(x="p25:Q", x2="p75:Q")
    return configure(alt.layer(bars, wide, mid).properties(height=max(120, 28 * len(table)), width="container"))


def sensitivity_bars(table: pd.DataFrame, lang: str) -> alt.Chart:
    """Total-order Sobol index per assumption (sorted), with the grade in the tooltip."""
    return configure(
        alt.Chart(table).mark_bar(color=CATEGORICAL[1]).encode(
            y=alt.Y("factor_label:N", title=None, sort=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X("ST:Q", title=t("whatif.axis_sobol", lang)),
            tooltip=[alt.Tooltip("factor_label:N", title=""), alt.Tooltip("ST:Q", format=".2f"),
                     alt.Tooltip("S1:Q", format=".2f"), alt.Tooltip("grade:N", title=t("whatif.ev_grade", lang))],
        ).properties(height=28 * len(table), width="container")
    )
