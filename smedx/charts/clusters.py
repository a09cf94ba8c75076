"""Altair charts of the clusters & cities page. Inputs are the tables of :mod:`smedx.clusters` (percent 0–100)."""
from __future__ import annotations

import html

import altair as alt
import pandas as pd

from smedx import geo
from smedx.charts.labels import AXIS_COLUMNS, LINE_PX, line_count, wrapped_axis, wrapped_expr
from smedx.charts.maps import wrap_lines
from smedx.charts.style import CATEGORICAL, LABEL_PX, NOT_PUBLISHED, configure
from smedx.figures import Figure
from smedx.i18n import t
from smedx.intervals import Interval

SIDE_COLOURS = {"above": CATEGORICAL[0], "below": CATEGORICAL[1]}
KIND_COLOURS = {"point": CATEGORICAL[0], "interval": CATEGORICAL[5]}
BAND_COLOURS = {"high": CATEGORICAL[0], "middle": CATEGORICAL[4], "low": NOT_PUBLISHED}


def cluster_bars(table: pd.DataFrame, band: Interval, national: Figure, lang: str) -> alt.LayerChart:
    """Clusters, highest first, coloured by the paper's above/below-average statement; the national average
    the paper compares with is drawn as the band its wording implies, the headline national figure as a line."""
    sides = {s: t(f"clusters.side_{s}", lang) for s in SIDE_COLOURS}
    data = table.assign(side_label=table["side"].map(sides))
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=list(data["name"]), title=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("value:Q", title=t("clusters.axis_share", lang), scale=alt.Scale(domain=[0, 50])),
        tooltip=[alt.Tooltip("name:N", title=t("clusters.col_cluster", lang)),
                 alt.Tooltip("text:N", title=t("clusters.col_share", lang)),
                 alt.Tooltip("side_label:N", title=t("clusters.col_side", lang))],
    )
    bars = base.mark_bar(height=24).encode(color=alt.Color(
        "side_label:N", title=None, legend=alt.Legend(orient="bottom", direction="vertical"),
        scale=alt.Scale(domain=list(sides.values()), range=list(SIDE_COLOURS.values()))))
    # value labels inside the bar ends: outside they run past the plot on a phone
    labels = base.mark_text(align="right", dx=-4, fontSize=13, color="white").encode(text="text:N")
    band_data = pd.DataFrame({"lo": [band.lower], "hi": [band.upper],
                              "label": [t("clusters.band_label", lang, notation=band.notation())]})
    shade = alt.Chart(band_data).mark_rect(color="#999", opacity=0.25).encode(x="lo:Q", x2="hi:Q")
    # the band's and the line's labels end at their marks, on two rows above the plot (never past its right edge,
    # never over each other)
    shade_label = alt.Chart(band_data).mark_text(align="right", dy=-8, fontSize=LABEL_PX, color="#555").encode(
        x="hi:Q", y=alt.value(0), text="label:N")
    line_data = pd.DataFrame({"x": [national.value], "label": [t("clusters.national_line", lang, x=national.text)]})
    rule = alt.Chart(line_data).mark_rule(strokeDash=[5, 3], color="#444", size=1.5).encode(x="x:Q")
    rule_label = alt.Chart(line_data).mark_text(align="right", dx=-4, dy=-24, fontSize=LABEL_PX, color="#444").encode(
        x="x:Q", y=alt.value(0), text="label:N")
    return configure(alt.layer(shade, bars, labels, rule, shade_label, rule_label)
                     .properties(height=36 * len(data) + 110, width="container",  # autosize includes axes+legend
                                 padding={"top": 34, "left": 5, "right": 5, "bottom": 5}))


def first_tier(frame: pd.DataFrame, lang: str) -> alt.LayerChart:
    """First-tier cities in the given order: exact values as dots, intervals as bars between their bounds
    (open ends hollow, closed ends filled), with 40 % marked. Only values and bounds the paper gives."""
    kinds = {k: t(f"clusters.kind_{k}", lang) for k in KIND_COLOURS}
    data = frame[frame["kind"].isin(list(KIND_COLOURS))].assign(kind_label=lambda f: f["kind"].map(kinds))
    order = list(data["name"])
    colour = alt.Color("kind_label:N", title=None, legend=alt.Legend(orient="bottom"),
                       scale=alt.Scale(domain=list(kinds.values()), range=list(KIND_COLOURS.values())))
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    x_scale = alt.Scale(domain=[20, 50])
    tooltip = [alt.Tooltip("name:N", title=t("clusters.col_city", lang)),
               alt.Tooltip("text:N", title=t("clusters.col_share", lang)),
               alt.Tooltip("notation:N", title=t("clusters.col_notation", lang))]
    intervals = data[data["kind"].eq("interval")]
    ends = pd.concat([
        intervals.assign(x=intervals["lower_plot"], closed=[i.lower_closed for i in intervals["interval"]]),
        intervals.assign(x=intervals["upper_plot"], closed=[i.upper_closed for i in intervals["interval"]]),
    ]).drop(columns=["interval"])
    spans = alt.Chart(intervals.drop(columns=["interval"])).mark_bar(height=8, opacity=0.55).encode(
        y=y, x=alt.X("lower_plot:Q", scale=x_scale, title=t("clusters.axis_share", lang)), x2="upper_plot:Q",
        color=colour, tooltip=tooltip)
    closed_ends = alt.Chart(ends[ends["closed"]]).mark_point(filled=True, size=60, shape="circle").encode(
        y=y, x=alt.X("x:Q", scale=x_scale), color=colour, tooltip=tooltip)
    open_ends = alt.Chart(ends[~ends["closed"]]).mark_point(filled=True, fill="white", size=60,
                                                             strokeWidth=2).encode(
        y=y, x=alt.X("x:Q", scale=x_scale), color=colour, tooltip=tooltip)
    points_data = data[data["kind"].eq("point")].drop(columns=["interval"])
    points = alt.Chart(points_data).mark_point(filled=True, size=110, shape="diamond").encode(
        y=y, x=alt.X("lower_plot:Q", scale=x_scale), color=colour, tooltip=tooltip)
    point_labels = alt.Chart(points_data).mark_text(align="left", dx=9, fontSize=12).encode(
        y=y, x=alt.X("lower_plot:Q", scale=x_scale), text="text:N")
    forty = alt.Chart(pd.DataFrame({"x": [40.0]})).mark_rule(strokeDash=[4, 3], color="#666").encode(
        x=alt.X("x:Q", scale=x_scale))
    height = 28 * max(len(order), 1) + 100  # Streamlit's autosize "fit" counts the axis and legend in the height
    return configure(alt.layer(forty, spans, closed_ends, open_ends, points, point_labels)
                     .properties(height=height, width="container"))


BAND_COLUMNS = 12  # display columns per line of a band label ("较高" / "（40%以上）")


def industry_bands(frame: pd.DataFrame, lang: str) -> alt.LayerChart:
    """The paper's industry picture as three ordered bands (lowest → above 40 %): categories, no values."""
    bands = frame.sort_values(["band_order", "name"], ascending=[False, True])
    band_labels = list(dict.fromkeys(frame.sort_values("band_order")["band_label"]))
    colour = alt.Color("band_label:N", legend=None, scale=alt.Scale(
        domain=[frame.loc[frame["band"].eq(b), "band_label"].iloc[0] for b in BAND_COLOURS],
        range=list(BAND_COLOURS.values())))
    base = alt.Chart(bands).encode(
        # names, bands and the axis title on short lines: on a phone the three band columns are ~60 px wide
        x=alt.X("band_label:N", sort=band_labels, title=wrap_lines(t("clusters.axis_band", lang), AXIS_COLUMNS),
                axis=alt.Axis(labelAngle=0, labelExpr=wrapped_expr(band_labels, BAND_COLUMNS))),
        y=alt.Y("name:N", sort=list(bands["name"]), title=None, axis=wrapped_axis(bands["name"])),
        tooltip=[alt.Tooltip("name:N", title=t("clusters.col_industry", lang)),
                 alt.Tooltip("band_label:N", title=t("clusters.col_band", lang)),
                 alt.Tooltip("bound:N", title=t("clusters.col_bound", lang))],
    )
    cells = base.mark_square(size=380).encode(color=colour)
    # the bound left of its square (that row's middle column is empty): to the right it runs past a phone's chart
    bounds = base.mark_text(dx=-16, align="right", fontSize=LABEL_PX).encode(text="bound_short:N").transform_calculate(
        bound_short="datum.band == 'high' ? datum.bound : ''")
    row = max(34, LINE_PX * line_count(bands["name"]) + 6)  # tall enough for every name's lines
    return configure(alt.layer(cells, bounds).properties(height=row * len(bands) + 60, width="container"))


def _rgba(colour: str, alpha: int = 235) -> list[int]:
    text = colour.lstrip("#")
    return [int(text[i:i + 2], 16) for i in (0, 2, 4)] + [alpha]


def cluster_colours(clusters: list[str]) -> dict[str, str]:
    """Okabe–Ito colour per cluster id, in the given (display) order."""
    return {cluster: CATEGORICAL[i % len(CATEGORICAL)] for i, cluster in enumerate(clusters)}


MEMBER_TEXTS = ("city", "cluster_name", "province", "partial_text", "status_text")  # in the reader's language


def member_points(frame: pd.DataFrame, colours: dict[str, str], lang: str) -> list[dict[str, object]]:
    """Deck points of member cities: filled in the cluster's colour, hollow (white fill) for partial members.

    Each point carries the tooltip fields city, cluster_name, province, partial_text, status_text, and the city's
    adcode (a tap opens its profile link).
    """
    points = []
    for row, position in zip(frame.to_dict("records"), geo.project_points(frame["lon"], frame["lat"]),
                             strict=True):
        colour = _rgba(colours[row["cluster"]])
        points.append({
            "position": position,
            "fill": [255, 255, 255, 255] if row["partial"] else colour,
            "line": colour if row["partial"] else [255, 255, 255, 255],
            "adcode": str(row["adcode"]), "city": row["city"], "cluster_name": row["cluster_name"],
            "province": row["province"],
            "partial_text": t("clusters.partial_short", lang) if row["partial"] else "",
            "status_text": f" · {t('common.unverified', lang)}" if row["unverified"] else "",
        })
    return points


def cluster_legend(shown: list[str], names: dict[str, str], colours: dict[str, str], lang: str) -> str:
    """One-line HTML legend of the member map: a dot per cluster in its colour, and the hollow dot for partial
    members (labels escaped). Plain HTML rather than a chart: it costs a page rerun far less."""
    items = [(names[c], f"color:{colours[c]}", "●") for c in shown]
    items.append((t("clusters.legend_partial", lang), "color:#555555", "○"))
    return " &nbsp; ".join(f'<span style="{style};font-size:1.2em">{dot}</span>&nbsp;{html.escape(label)}'
                           for label, style, dot in items)
