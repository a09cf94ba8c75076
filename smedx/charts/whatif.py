"""Vega-Lite charts of the what-if page, as plain spec dicts (inputs: tables of :mod:`smedx.whatif`).

Plain dicts instead of Altair objects: building and validating Altair charts costs ~30 ms each, too slow
for a slider rerun. The specs are validated against the Vega-Lite schema in the tests
(``alt.Chart.from_dict``). Styling matches :mod:`smedx.charts.style`.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from smedx.charts.style import CATEGORICAL, FONT
from smedx.i18n import t

BASE_COLOUR = "#666666"
SCEN_COLOUR = CATEGORICAL[0]
Spec = dict[str, Any]


def _spec(table: pd.DataFrame, columns: list[str], body: Spec) -> Spec:
    values = table[columns].to_dict("records")
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": values},
        "width": "container",
        "config": {"font": FONT, "view": {"stroke": None}, "axis": {"grid": False}},
        **body,
    }


def _tip(field: str, title: str, kind: str = "quantitative", fmt: str | None = None) -> Spec:
    tip: Spec = {"field": field, "type": kind, "title": title}
    return tip | {"format": fmt} if fmt else tip


def fan(table: pd.DataFrame, lang: str) -> Spec:
    """Baseline (dashed, grey band) and scenario (blue ribbon): 90 % band light, 50 % band darker, median line.

    ``table`` = :func:`smedx.whatif.path` (year, series, measure, p05…p95).
    """
    year = {"field": "year", "type": "ordinal", "title": t("whatif.axis_year", lang), "axis": {"labelAngle": 0}}
    colour = {"field": "series", "type": "nominal",
              "scale": {"domain": [t("whatif.series_base", lang), t("whatif.series_scen", lang)],
                        "range": [BASE_COLOUR, SCEN_COLOUR]},
              "legend": {"orient": "bottom", "title": None, "labelLimit": 400}}
    level = t("whatif.axis_level", lang)
    layers = [
        {"mark": {"type": "area", "opacity": 0.15},
         "encoding": {"x": year, "color": colour, "y": {"field": "p05", "type": "quantitative", "title": level},
                      "y2": {"field": "p95"}}},
        {"mark": {"type": "area", "opacity": 0.3},
         "encoding": {"x": year, "color": colour, "y": {"field": "p25", "type": "quantitative"},
                      "y2": {"field": "p75"}}},
        {"mark": {"type": "line", "point": True},
         "encoding": {"x": year, "color": colour, "y": {"field": "p50", "type": "quantitative"},
                      "strokeDash": {"field": "measure", "type": "nominal", "legend": None,
                                     "scale": {"domain": ["baseline", "scenario"], "range": [[6, 4], [1, 0]]}},
                      "tooltip": [_tip("series", "", "nominal"), _tip("year", t("whatif.axis_year", lang), "ordinal"),
                                  _tip("p50", t("whatif.tt_median", lang), fmt=".1f"),
                                  _tip("p05", "p5", fmt=".1f"), _tip("p95", "p95", fmt=".1f")]}},
    ]
    columns = ["year", "series", "measure", "p05", "p25", "p50", "p75", "p95"]
    return _spec(table, columns, {"height": 320, "layer": layers})


def gain_bars(table: pd.DataFrame, lang: str) -> Spec:
    """Median gain per unit (bar) with the 90 % band (thin rule) and 50 % band (thick rule); ``table`` =
    :func:`smedx.whatif.gains`."""
    unit = {"field": "unit", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 300}}
    tooltip = [_tip("unit", "", "nominal"), _tip("p50", t("whatif.tt_median", lang), fmt=".2f"),
               _tip("p05", "p5", fmt=".2f"), _tip("p95", "p95", fmt=".2f")]
    layers = [
        {"mark": {"type": "bar", "color": SCEN_COLOUR, "opacity": 0.6},
         "encoding": {"y": unit, "x": {"field": "p50", "type": "quantitative", "title": t("whatif.axis_gain", lang)},
                      "tooltip": tooltip}},
        {"mark": {"type": "rule", "color": "black"},
         "encoding": {"y": unit, "x": {"field": "p05", "type": "quantitative"}, "x2": {"field": "p95"},
                      "tooltip": tooltip}},
        {"mark": {"type": "rule", "color": "black", "strokeWidth": 4},
         "encoding": {"y": unit, "x": {"field": "p25", "type": "quantitative"}, "x2": {"field": "p75"},
                      "tooltip": tooltip}},
    ]
    columns = ["unit", "p05", "p25", "p50", "p75", "p95"]
    return _spec(table, columns, {"height": {"step": 28}, "layer": layers})


def sensitivity_bars(table: pd.DataFrame, lang: str) -> Spec:
    """Total-order Sobol index per assumption (sorted), with first-order index and grade in the tooltip."""
    body = {
        "height": {"step": 24},
        "mark": {"type": "bar", "color": CATEGORICAL[1]},
        "encoding": {
            "y": {"field": "factor_label", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 300}},
            "x": {"field": "ST", "type": "quantitative", "title": t("whatif.axis_sobol", lang)},
            "tooltip": [_tip("factor_label", "", "nominal"), _tip("ST", "ST", fmt=".2f"), _tip("S1", "S1", fmt=".2f"),
                        _tip("grade", t("whatif.ev_grade", lang), "nominal")],
        },
    }
    return _spec(table, ["factor_label", "ST", "S1", "grade"], body)
