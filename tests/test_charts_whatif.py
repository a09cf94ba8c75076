"""Vega-Lite specs of the what-if page: valid against the schema, the gain on its own axis, the labelled reference."""
from __future__ import annotations

import json
from dataclasses import replace

import altair as alt
import pytest

from smedx import geo, whatif
from smedx.charts import maps
from smedx.charts import whatif as charts
from smedx.model import params, sensitivity, simulate
from smedx.places import place_name

SPEC = params.load_spec()
RESULT = simulate.run(n_draws=300)


@pytest.mark.parametrize(("lang", "reference"), [("zh", "无额外政策（参照情景，不是预测）"),
                                                 ("en", "No additional policy (reference, not a forecast)")])
def test_levels_have_bands_a_labelled_reference_and_the_target(lang: str, reference: str) -> None:
    spec = charts.levels(whatif.level_path(RESULT, "pilot", lang), lang, target=90.0)
    alt.LayerChart.from_dict(spec)  # validates against the Vega-Lite schema
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["area", "area", "line", "rule", "text"]
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"][0] == reference
    assert spec["layer"][3]["encoding"]["y"] == {"datum": 90.0}
    assert len(spec["data"]["values"]) == 2 * 8  # 2020–2027, baseline and scenario


def test_the_gain_is_charted_as_the_gain() -> None:
    spec = charts.gain_fan(whatif.gain_path(RESULT, "CN"), "en")
    alt.LayerChart.from_dict(spec)
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["area", "area", "line", "rule"]
    assert spec["layer"][2]["encoding"]["y"]["title"] == "Gain (pp)"
    assert spec["data"]["values"][-1]["p50"] == pytest.approx(whatif.row(RESULT)["gain_p50"])


def test_decomposition_bars_gain_bars_and_sensitivity_are_valid() -> None:
    both = simulate.run(replace(params.default_scenario(SPEC), levers={**params.default_scenario(SPEC).levers,
                                                                       "trained": 50000.0}), n_draws=300)
    parts = charts.decomposition(whatif.attribution(both, "CN", "zh"), "zh")
    alt.Chart.from_dict(parts)
    assert [v["label"] for v in parts["data"]["values"]] == ["资金", "培训", "交互"]
    bars = charts.gain_bars(whatif.gains(RESULT, "region", "en"), "en")
    alt.LayerChart.from_dict(bars)
    assert [v["unit"] for v in bars["data"]["values"]] == ["East", "Central", "Northeast", "West"]
    table = whatif.sensitivity_table(sensitivity.sobol(params.default_scenario(SPEC), base_samples=64), "en")
    spec = charts.sensitivity_bars(table, "en")
    alt.Chart.from_dict(spec)
    factors = len(sensitivity.used_factors(SPEC, params.default_scenario(SPEC)))
    assert len(spec["data"]["values"]) == 2 * factors and {v["output"] for v in spec["data"]["values"]} == {
        "Nation", "Pilot group"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_region_gain_deck_equals_a_freshly_built_deck(lang: str) -> None:
    """The cached-geometry deck has exactly the JSON of the full build (fills, tooltip texts, no-data grey)."""
    gains = {"east": 0.0123, "central": 0.02, "northeast": 0.005, "west": 0.031}
    scale = geo.SequentialScale.for_values(list(gains.values()), step=0.001)
    names = {g: place_name("region", g, lang) for g in gains}
    features = geo.join_rates(geo.projected("provinces"), gains, scale, lang=lang, region_names=names,
                              rate_texts={g: whatif.pp(v, lang, 3) for g, v in gains.items()},
                              no_data_label=whatif.t("whatif.map_no_data", lang),
                              source_label=whatif.t("whatif.map_source", lang))
    fresh = maps.choropleth_deck(features, tooltip_html=charts.MAP_TOOLTIP)
    deck = charts.region_gain_deck(gains, scale, lang)
    assert deck.to_json() == fresh.to_json()
    assert deck._tooltip == fresh._tooltip  # what st.pydeck_chart sends as the tooltip
    provinces = json.loads(deck.to_json())["layers"][0]["data"]["features"]
    zhejiang = next(f["properties"] for f in provinces if f["properties"]["adcode"] == "330000")
    assert zhejiang["rate_text"] == whatif.pp(0.0123, lang, 3) and zhejiang["fill"] == list(scale.rgba(0.0123))
