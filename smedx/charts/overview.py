"""Altair charts of the overview page. Inputs are the tables of :mod:`smedx.overview` (percent 0–100).

Each builder shares its name with the table function it draws; :func:`spec` caches the Vega-Lite dict of a
builder applied to its table, so a page rerun does not rebuild and re-validate unchanged charts.
"""
from __future__ import annotations

import sys
from functools import lru_cache

import altair as alt
import pandas as pd

from smedx import overview
from smedx.charts.labels import LINE_PX, line_count, wrapped_axis
from smedx.charts.style import CATEGORICAL, NOT_PUBLISHED, configure
from smedx.i18n import t

AXIS_PX = 50  # the x axis and its title: Streamlit's autosize "fit" counts them in the height

def stage_split(table: pd.DataFrame, lang: str) -> alt.Chart:
    """One bar per 2020 stage with its value; the unpublished remainder is grey and labelled as such."""
    colours = [NOT_PUBLISHED if s == "not_published" else CATEGORICAL[i] for i, s in enumerate(table["status"])]
    base = alt.Chart(table).encode(
        y=alt.Y("stage:N", sort=list(table["stage"]), title=None,  # names on short lines: room for the values
                axis=wrapped_axis(table["stage"])),
        x=alt.X("width:Q", title=t("overview.axis_share", lang), scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("stage:N", title=t("overview.axis_stage", lang)),
                 alt.Tooltip("text:N", title=t("overview.axis_value", lang))],
    )
    bars = base.mark_bar().encode(
        color=alt.Color("stage:N", scale=alt.Scale(domain=list(table["stage"]), range=colours), legend=None),
    )
    labels = base.mark_text(align="left", dx=4).encode(text="text:N")
    band = max(42, LINE_PX * line_count(table["stage"]) + 8)  # tall enough for every name's lines
    return configure(alt.layer(bars, labels).properties(height=band * len(table) + AXIS_PX, width="container"))


def year_change(table: pd.DataFrame, lang: str) -> alt.Chart:
    """Bars of the 2020 and 2021 shares with their values on top."""
    base = alt.Chart(table).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("share:Q", title=t("overview.axis_share", lang), scale=alt.Scale(domain=[0, 60])),
        tooltip=[alt.Tooltip("year:O", title=t("overview.axis_year", lang)),
                 alt.Tooltip("text:N", title=t("overview.axis_value", lang))],
    )
    bars = base.mark_bar(size=48, color=CATEGORICAL[0])
    labels = base.mark_text(dy=-10, fontSize=14).encode(text="text:N")
    return configure(alt.layer(bars, labels).properties(height=240, width="container"))


def sector_shares(table: pd.DataFrame, lang: str) -> alt.Chart:
    """Horizontal bars of the digital-economy share of each sector's value added."""
    base = alt.Chart(table).encode(
        y=alt.Y("sector:N", title=None, sort=None, axis=wrapped_axis(table["sector"])),
        x=alt.X("share:Q", title=t("overview.axis_share", lang), scale=alt.Scale(domain=[0, 60])),
        tooltip=[alt.Tooltip("sector:N", title=""), alt.Tooltip("text:N", title=t("overview.axis_value", lang))],
    )
    bars = base.mark_bar(color=CATEGORICAL[2])
    labels = base.mark_text(align="left", dx=4).encode(text="text:N")
    band = max(40, LINE_PX * line_count(table["sector"]) + 8)  # tall enough for every name's lines
    return configure(alt.layer(bars, labels).properties(height=band * len(table) + AXIS_PX, width="container"))


def timeline(table: pd.DataFrame, lang: str) -> alt.Chart:
    """Policies of :func:`smedx.overview.timeline` as points on a time axis; hover shows title and issuers."""
    return configure(
        alt.Chart(table).mark_point(size=140, filled=True, opacity=0.85).encode(
            x=alt.X("when:T", title=None, axis=alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1})),
            y=alt.Y("in_paper:N", title=None, axis=alt.Axis(labelLimit=240)),
            color=alt.Color("in_paper:N", legend=None, scale=alt.Scale(range=list(CATEGORICAL[:2]))),
            tooltip=[alt.Tooltip("date:N", title=t("overview.col_date", lang)),
                     alt.Tooltip("title:N", title=t("overview.col_title", lang)),
                     alt.Tooltip("issuers:N", title=t("overview.col_issuers", lang))],
        ).properties(height=140, width="container")
    )


@lru_cache(maxsize=128)
def spec(name: str, lang: str, *args: object) -> dict:
    """Vega-Lite dict of chart ``name`` drawn from ``smedx.overview.<name>(lang, *args)`` (cached; read-only)."""
    table = getattr(overview, name)(lang, *args)
    return getattr(sys.modules[__name__], name)(table, lang).to_dict()
