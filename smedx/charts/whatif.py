"""Vega-Lite charts of the what-if page, as plain spec dicts (inputs: tables of :mod:`smedx.whatif`).

Plain dicts instead of Altair objects: building and validating Altair charts costs ~30 ms each, too slow
for a slider rerun. The specs are validated against the Vega-Lite schema in the tests
(``alt.Chart.from_dict``). Styling matches :mod:`smedx.charts.style`.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import pandas as pd

from smedx import geo
from smedx.charts import maps
from smedx.charts.style import CATEGORICAL, CONFIG
from smedx.i18n import t
from smedx.places import place_name
from smedx.whatif import pp

BASE_COLOUR = "#666666"
SCEN_COLOUR = CATEGORICAL[0]
Spec = dict[str, Any]


Table = pd.DataFrame | Mapping[str, list]  # a DataFrame, or columns as lists of plain values


def _column(table: Table, name: str) -> list:
    values = table[name]
    return values if isinstance(values, list) else values.tolist()


def _spec(table: Table, columns: list[str], body: Spec) -> Spec:
    # records from whole columns: the same plain values as ``to_dict("records")``, ~10× faster on small tables
    rows = zip(*(_column(table, c) for c in columns), strict=True)
    values = [dict(zip(columns, row, strict=True)) for row in rows]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": values},
        "width": "container",
        "config": CONFIG,
        **body,
    }


def _tip(field: str, title: str, kind: str = "quantitative", fmt: str | None = None) -> Spec:
    tip: Spec = {"field": field, "type": kind, "title": title}
    return tip | {"format": fmt} if fmt else tip


def _band_layers(x: Spec, colour: Spec | str, y_title: str, fmt: str, tooltip_title: str) -> list[Spec]:
    """90 % band (light), 50 % band (darker) and the median line with points, over ``x``."""
    paint = colour if isinstance(colour, dict) else {"value": colour}
    median = {"field": "p50", "type": "quantitative", "title": y_title}
    tooltip = [_tip("year", "", "ordinal"), _tip("p50", tooltip_title, fmt=fmt), _tip("p05", "p5", fmt=fmt),
               _tip("p95", "p95", fmt=fmt)]
    if isinstance(colour, dict):
        tooltip.insert(0, _tip("series", "", "nominal"))
    return [
        {"mark": {"type": "area", "opacity": 0.15},
         "encoding": {"x": x, "color": paint, "y": {"field": "p05", "type": "quantitative", "title": y_title},
                      "y2": {"field": "p95"}}},
        {"mark": {"type": "area", "opacity": 0.3},
         "encoding": {"x": x, "color": paint, "y": {"field": "p25", "type": "quantitative"}, "y2": {"field": "p75"}}},
        {"mark": {"type": "line", "point": True},
         "encoding": {"x": x, "color": paint, "y": median, "tooltip": tooltip}},
    ]


def _year(lang: str) -> Spec:
    return {"field": "year", "type": "ordinal", "title": t("whatif.axis_year", lang), "axis": {"labelAngle": 0}}


def gain_fan(table: Table, lang: str) -> Spec:
    """The gain itself on its own axis (pp): 90 % band light, 50 % band darker, median line, a rule at zero.

    ``table`` = :func:`smedx.whatif.gain_path` (year, p05…p95).
    """
    layers = _band_layers(_year(lang), SCEN_COLOUR, t("whatif.axis_gain", lang), ".3f", t("whatif.tt_median", lang))
    layers.append({"mark": {"type": "rule", "color": BASE_COLOUR}, "encoding": {"y": {"datum": 0}}})
    return _spec(table, ["year", "p05", "p25", "p50", "p75", "p95"], {"height": 260, "layer": layers})


def levels(table: Table, lang: str, target: float | None = None) -> Spec:
    """Reference (grey) and scenario (blue) levels in PERCENT with their bands; ``target`` (PERCENT) draws the
    programme's target as a reference line. ``table`` = :func:`smedx.whatif.level_path`."""
    colour = {"field": "series", "type": "nominal",
              "scale": {"domain": [t("whatif.series_base", lang), t("whatif.series_scen", lang)],
                        "range": [BASE_COLOUR, SCEN_COLOUR]},
              # one entry a line: side by side the two run past a phone's chart
              "legend": {"orient": "bottom", "direction": "vertical", "title": None, "labelLimit": 400}}
    layers = _band_layers(_year(lang), colour, t("whatif.axis_level", lang), ".1f", t("whatif.tt_median", lang))
    if target is not None:
        layers.append({"mark": {"type": "rule", "strokeDash": [4, 4], "color": CATEGORICAL[5]},
                       "encoding": {"y": {"datum": target}}})
        layers.append({"mark": {"type": "text", "align": "left", "dx": 4, "dy": -6, "color": CATEGORICAL[5]},
                       "encoding": {"x": {"value": 0}, "y": {"datum": target},
                                    "text": {"value": t("whatif.target_label", lang, value=f"{target:g}")}}})
    columns = ["year", "series", "measure", "p05", "p25", "p50", "p75", "p95"]
    return _spec(table, columns, {"height": 280, "layer": layers})


def decomposition(table: Table, lang: str) -> Spec:
    """The mean gain split by lever (funding, training, interaction) as bars; ``table`` =
    :func:`smedx.whatif.attribution`."""
    body = {
        "height": {"step": 28},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 300}},
            "x": {"field": "value", "type": "quantitative", "title": t("whatif.axis_attr", lang)},
            "color": {"field": "part", "type": "nominal", "legend": None,
                      "scale": {"domain": ["funding", "training", "interaction"],
                                "range": [CATEGORICAL[0], CATEGORICAL[2], BASE_COLOUR]}},
            "tooltip": [_tip("label", "", "nominal"), _tip("value", t("whatif.axis_attr", lang), fmt=".4f")],
        },
    }
    # no data-dependent text in the spec: a spec that changes makes the browser rebuild the chart on every lever
    # move, while a new dataset under the same spec is swapped in place (the text alternative is the page's caption)
    return _spec(table, ["part", "label", "value"], body)


def gain_bars(table: Table, lang: str) -> Spec:
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
    """Total-order Sobol index per assumption, one bar per output (nation, pilot segment), with the first-order
    index and grade in the tooltip; ``table`` = :func:`smedx.whatif.sensitivity_table`."""
    body = {
        "height": {"step": 16},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "factor_label", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 300}},
            "yOffset": {"field": "output", "type": "nominal"},
            "x": {"field": "ST", "type": "quantitative", "title": t("whatif.axis_sobol", lang)},
            "color": {"field": "output", "type": "nominal", "title": None, "legend": {"orient": "bottom"},
                      "scale": {"range": [CATEGORICAL[0], CATEGORICAL[1]]}},
            "tooltip": [_tip("factor_label", "", "nominal"), _tip("output", "", "nominal"), _tip("ST", "ST", fmt=".2f"),
                        _tip("S1", "S1", fmt=".2f"), _tip("grade", t("whatif.ev_grade", lang), "nominal")],
        },
    }
    return _spec(table, ["factor_label", "output", "ST", "S1", "grade"], body)


# --- region map coloured by gain: the province geometry is serialised once per language ---------------------
#: Feature properties that depend on the scenario (everything else in the deck is static per language).
_SLOTS = ("rate", "rate_text", "fill", "fill_hex")
_SLOT_RE = re.compile(r'"@@wi:(\w+):(\w+)@@"')
MAP_TOOLTIP = "<b>{name}</b><br/>{region_name}: {rate_text}<br/>{source}"


class _FilledDeck(maps.CompactDeck):
    """The template deck (same layers, view and tooltip) whose JSON is given, with this scenario's values."""

    def __init__(self, template: maps.CompactDeck, text: str) -> None:  # a twin: no pydeck init
        self.__dict__.update(template.__dict__)
        self._filled = text

    def to_json(self) -> str:
        return self._filled


@lru_cache(maxsize=2)
def _region_template(lang: str) -> tuple[maps.CompactDeck, tuple[str, ...]]:
    """Deck of the provinces with a placeholder string per (slot, region), and its JSON split at the
    placeholders: [literal, slot, region, literal, …]. Static, built once per language (~15 ms)."""
    collection = geo.projected("provinces")
    regions = sorted({f["properties"]["region"] for f in collection["features"] if f["properties"]["region"]})
    names = {r: place_name("region", r, lang) for r in regions}
    features = geo.join_rates(collection, dict.fromkeys(regions, 0.0), geo.SequentialScale((0.0, 1.0)), lang=lang,
                              region_names=names, no_data_label=t("whatif.map_no_data", lang),
                              source_label=t("whatif.map_source", lang))
    for feature in features["features"]:
        region = feature["properties"]["region"]
        if region:
            feature["properties"].update({slot: f"@@wi:{slot}:{region}@@" for slot in _SLOTS})
    deck = maps.choropleth_deck(features, tooltip_html=MAP_TOOLTIP)
    return deck, tuple(_SLOT_RE.split(deck.to_json()))


def region_gain_deck(gains: Mapping[str, float], scale: geo.SequentialScale, lang: str) -> maps.CompactDeck:
    """Province map coloured by the median gain (pp) of each province's region; same JSON as
    ``maps.choropleth_deck`` on ``geo.join_rates(..., rate_texts=<gain in pp>)`` but without re-serialising the
    geometry (only the four per-region properties are filled in)."""
    template, parts = _region_template(lang)
    values = {
        region: {"rate": gain, "rate_text": pp(gain, lang, 3), "fill": list(scale.rgba(gain)),
                 "fill_hex": scale.hex(gain)}
        for region, gain in gains.items()
    }
    encoded = {(slot, region): json.dumps(v[slot], separators=(",", ":"))  # escaped, as pydeck writes it
               for region, v in values.items() for slot in _SLOTS}
    out = [parts[0]]
    for i in range(1, len(parts), 3):
        out.append(encoded[(parts[i], parts[i + 1])])
        out.append(parts[i + 2])
    return _FilledDeck(template, "".join(out))
