"""Charts of the "my data" page: bars with 95 % intervals (the upload, optionally next to the published figures)
and the two region maps on one colour scale. Inputs are the frames of :mod:`smedx.mydata.compare` (percent 0–100).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from smedx import geo, regional
from smedx.charts import maps
from smedx.charts import regional as regional_charts
from smedx.charts.style import CATEGORICAL, LABEL_PX, configure
from smedx.i18n import normalise_lang, t
from smedx.mydata import compare, schema
from smedx.mydata.schema import NAMESPACE as NS

SERIES_COLOURS = {compare.PUBLISHED: CATEGORICAL[0], compare.MINE: CATEGORICAL[1]}
MAP_HEIGHT = 420


def bar_frame(named: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The upload's groups (from :func:`compare.named`) in the columns :func:`interval_bars` draws."""
    return pd.DataFrame({"group": named["group"], "name": named["name"], "series": compare.MINE,
                         "series_label": t(f"{NS}.series_mine", lang), "value": named["share_pct"],
                         "lower": named["lower_pct"], "upper": named["upper_pct"], "text": named["text"],
                         "suppressed": named["suppressed"]})


def interval_bars(frame: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Horizontal bars per group (in the frame's order), one per series side by side, with the upload's 95 %
    interval as a whisker; a suppressed cell has no bar, only its note as the label."""
    data = frame.assign(value=frame["value"].where(~frame["suppressed"]))
    labels = {s: data.loc[data["series"].eq(s), "series_label"].iloc[0] for s in SERIES_COLOURS
              if data["series"].eq(s).any()}
    top = max(float(data[["value", "upper"]].max().max() if data[["value", "upper"]].notna().any().any() else 0), 10)
    x_scale = alt.Scale(domain=[0, min(100.0, (int(top / 10) + 2) * 10)])
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=list(dict.fromkeys(data["name"])), title=None, axis=alt.Axis(labelLimit=220)),
        yOffset=alt.YOffset("series_label:N", sort=list(labels.values())),
        tooltip=[alt.Tooltip("name:N", title=t(f"{NS}.col_group", lang)),
                 alt.Tooltip("series_label:N", title=" "),
                 alt.Tooltip("text:N", title=t(f"{NS}.col_share", lang, **schema.text_fields(lang)))],
    )
    colour = alt.Color("series_label:N", title=None, legend=alt.Legend(orient="bottom"),
                       scale=alt.Scale(domain=list(labels.values()), range=[SERIES_COLOURS[s] for s in labels]))
    x = alt.X("value:Q", title=t(f"{NS}.axis_share", lang), scale=x_scale, axis=alt.Axis(tickCount=10))
    bars = base.mark_bar(height={"band": 0.8}).encode(x=x, color=colour)
    whiskers = base.transform_filter("isValid(datum.lower)").mark_rule(color="#222", size=1.5).encode(
        x=alt.X("lower:Q", scale=x_scale), x2="upper:Q")
    text = base.mark_text(align="left", dx=4, fontSize=LABEL_PX).encode(
        x=alt.X("label_x:Q", scale=x_scale), text="text:N").transform_calculate(
        label_x="isValid(datum.upper) ? datum.upper : (isValid(datum.value) ? datum.value : 0)")
    rows = data["name"].nunique() * max(len(labels), 1)
    return configure(alt.layer(bars, whiskers, text).properties(height=26 * rows + 80, width="container"))


def map_scale(published: Mapping[str, float], mine: Mapping[str, float]) -> geo.SequentialScale:
    """One colour scale over both maps' values."""
    return geo.SequentialScale.for_values([*published.values(), *mine.values()])


def region_decks(published: Mapping[str, float], mine: Mapping[str, float], mine_texts: Mapping[str, str],
                 lang: str, pan: bool = False) -> tuple[maps.CompactDeck, maps.CompactDeck]:
    """The published and the upload's region maps (basemap-free decks) on :func:`map_scale`; drag, wheel and
    pinch move them only with ``pan``."""
    lang = normalise_lang(lang)
    scale = map_scale(published, mine)
    published_texts = dict(zip(regional.region_table(lang)["region"], regional.region_table(lang)["text"],
                               strict=True))
    decks = []
    for rates, texts, source in ((published, published_texts, compare.published_source("region", lang)),
                                 (mine, mine_texts, t(f"{NS}.map_mine_source", lang))):
        features = _features(rates, texts, scale, lang, source)
        decks.append(maps.choropleth_deck(features, tooltip_html=t(f"{NS}.map_tooltip_html", lang),
                                          provinces_pickable=True, height=MAP_HEIGHT, pan=pan))
    return decks[0], decks[1]


def _features(rates: Mapping[str, float], texts: Mapping[str, str], scale: geo.SequentialScale, lang: str,
              source: str) -> dict[str, Any]:
    return geo.join_rates(geo.projected("provinces"), rates, scale, lang=lang,
                          region_names=regional.region_options(lang), rate_texts=texts,
                          no_data_label=t(f"{NS}.map_no_data", lang), source_label=source)


def map_legend(scale: geo.SequentialScale, frame: pd.DataFrame, lang: str) -> alt.LayerChart:
    """The regional page's legend (gradient with a tick per region) for one map: ``frame`` has name and value
    (percent); suppressed or missing values get no tick."""
    shown = frame.dropna(subset=["value"])
    table = pd.DataFrame({"name": shown["name"], "value": shown["value"],
                          "text": [compare.percent(v, lang) for v in shown["value"]]})
    return regional_charts.legend(scale, table, lang)
