"""Altair charts of the overview's "since the survey" section. Inputs are the tables of
:mod:`smedx.since_survey` (percent 0–100). No chart joins these measures with the ACFIC share of SMEs.
"""
from __future__ import annotations

from functools import lru_cache

import altair as alt
import pandas as pd

from smedx import since_survey
from smedx.charts.labels import LINE_PX, phrase_lines, wrapped_expr
from smedx.charts.maps import wrap_lines
from smedx.charts.style import CATEGORICAL, LABEL_PX, configure
from smedx.i18n import t

FOOTNOTE_COLUMNS = 50  # display columns per footnote line (CJK characters count 2): fits a 390 px phone at 12 px
LABEL_COLUMNS = 44  # display columns per target-line label and legend label: ~270 px, the plot's width on a phone
PLOT_HEIGHT = 300  # pixels of the plot itself
FOOTNOTE_LINE = 15  # pixels per footnote line; Streamlit's autosize "fit" counts title, legend and axes in the height
LEGEND_HEIGHT = 90


def _scale(table: pd.DataFrame) -> alt.Scale:
    labels = list(dict.fromkeys(table["label"]))
    return alt.Scale(domain=labels, range=list(CATEGORICAL[:len(labels)]))


def rates(table: pd.DataFrame, targets: pd.DataFrame, footnotes: tuple[str, ...], lang: str) -> alt.LayerChart:
    """One line per MIIT rate through every reported value (both values where a year has two), verified
    points filled and unverified hollow, the 2025 targets as dashed reference lines, and the scope breaks and
    conflicts as footnotes under the chart."""
    scale = _scale(table)
    colour = alt.Color("label:N", title=None, scale=scale,
                       legend=alt.Legend(orient="bottom", direction="vertical",
                                         labelExpr=wrapped_expr(table["label"], LABEL_COLUMNS)))
    x = alt.X("when:T", title=None, axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 2}))
    y = alt.Y("value:Q", title=t("overview.axis_rate", lang), scale=alt.Scale(domain=[0, 100]))
    tooltip = [alt.Tooltip("label:N", title=" "), alt.Tooltip("period_text:N", title=t("overview.col_period", lang)),
               alt.Tooltip("text:N", title=t("overview.axis_value", lang)),
               alt.Tooltip("scope_label:N", title=t("overview.col_scope", lang)),
               alt.Tooltip("status:N", title=t("overview.col_status", lang)),
               alt.Tooltip("source:N", title=t("overview.col_source", lang))]
    data = table.drop(columns=["when"]).assign(when=table["when"].dt.strftime("%Y-%m-%d"))
    line = alt.Chart(data).mark_line(strokeWidth=1.5, opacity=0.7).encode(x=x, y=y, color=colour, detail="label:N")
    points = alt.Chart(data).mark_point(size=70, strokeWidth=2).encode(
        x=x, y=y, color=colour, tooltip=tooltip,
        fill=alt.condition("datum.unverified", alt.value("white"), colour))
    rules = alt.Chart(targets).mark_rule(strokeDash=[6, 4], size=1.2).encode(
        y="value:Q", color=colour)
    # target labels wrapped above their line (one long line runs past the chart on a phone); Vega stacks a
    # multi-line text downwards from its baseline, so each label is raised by its extra lines
    lines = [phrase_lines(label, LABEL_COLUMNS) for label in targets["line_label"]]
    wrapped = targets.assign(label_lines=["\n".join(label) for label in lines], n_lines=[len(x) for x in lines])
    rule_labels = [alt.Chart(group).mark_text(align="left", baseline="bottom", dx=4, dy=-3 - (n - 1) * LINE_PX,
                                              lineBreak="\n", lineHeight=LINE_PX, fontSize=LABEL_PX).encode(
        y="value:Q", x=alt.value(4), text="label_lines:N", color=colour)
        for n, group in wrapped.groupby("n_lines")]
    notes = [line for note in (t("overview.rates_legend", lang), *footnotes)
             for line in wrap_lines(note, FOOTNOTE_COLUMNS)]
    title = alt.TitleParams(text=notes[0], subtitle=notes[1:], orient="bottom", anchor="start", fontSize=LABEL_PX,
                            fontWeight="normal", subtitleFontSize=LABEL_PX, offset=12)
    height = PLOT_HEIGHT + LEGEND_HEIGHT + FOOTNOTE_LINE * len(notes)
    return configure(alt.layer(rules, *rule_labels, line, points).properties(
        height=height, width="container", title=title, padding={"left": 10, "top": 5, "right": 5, "bottom": 5}))


def region_measures(table: pd.DataFrame, lang: str) -> alt.ConcatChart:
    """The survey's regional SME shares and the census's regional split of core digital-economy enterprises as
    two separate bar charts with their own titles and axes, one above the other (side by side they are wider
    than a phone): two measures, never one scale. A one-column ``concat``, not ``vconcat``: Streamlit widens
    every ``vconcat`` view's plot to the container's width, which pushes its axis labels past the chart."""
    charts = []
    for index, (_, group) in enumerate(table.groupby("measure", sort=False)):
        base = alt.Chart(group).encode(
            y=alt.Y("name:N", sort=list(group["name"]), title=None),
            x=alt.X("value:Q", title=t("overview.axis_share", lang), scale=alt.Scale(domain=[0, 100])),
            tooltip=[alt.Tooltip("name:N", title=" "), alt.Tooltip("text:N", title=t("overview.axis_value", lang))])
        bars = base.mark_bar(color=CATEGORICAL[2 * index + 1], height=18)
        labels = base.mark_text(align="left", dx=4, fontSize=12).encode(text="text:N")
        title = alt.TitleParams(wrap_lines(group["measure_label"].iloc[0], 48), fontSize=12, anchor="start")
        charts.append(alt.layer(bars, labels).properties(title=title, height=150, width=260))
    return configure(alt.concat(*charts, columns=1, spacing=30))


@lru_cache(maxsize=8)
def spec(name: str, lang: str) -> dict:
    """Vega-Lite dict of chart ``name`` ("rates" or "region_measures") for ``lang`` (cached; read-only)."""
    if name == "rates":
        chart = rates(since_survey.rates(lang), since_survey.targets(lang), since_survey.rate_footnotes(lang), lang)
    elif name == "region_measures":
        chart = region_measures(since_survey.region_measures(lang), lang)
    else:
        raise ValueError(f"unknown chart {name!r}")
    return chart.to_dict()
