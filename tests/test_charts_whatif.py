"""Vega-Lite specs of the what-if page: valid against the schema, bands and the labelled reference."""
from __future__ import annotations

import json

import altair as alt
import pytest

from smedx import geo, whatif
from smedx.charts import maps
from smedx.charts import whatif as charts
from smedx.model import params, sensitivity, simulate
from smedx.places import place_name

RESULT = simulate.run(n_draws=300)


@pytest.mark.parametrize(("lang", "reference"), [("zh", "无额外政策（参照情景，不是预测）"),
                                                 ("en", "No additional policy (reference, not a forecast)")])
def test_fan_has_bands_and_labelled_reference(lang: str, reference: str) -> None:
    spec = charts.fan(whatif.path(RESULT, "CN", lang), lang)
    alt.LayerChart.from_dict(spec)  # validates against the Vega-Lite schema
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["area", "area", "line"]
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"][0] == reference
    assert len(spec["data"]["values"]) == 2 * 8  # 2020–2027, baseline and scenario


def test_gain_bars_and_sensitivity_are_valid() -> None:
    bars = charts.gain_bars(whatif.gains(RESULT, "region", "en"), "en")
    alt.LayerChart.from_dict(bars)
    assert [layer["mark"]["type"] for layer in bars["layer"]] == ["bar", "rule", "rule"]
    assert [v["unit"] for v in bars["data"]["values"]] == ["East", "Central", "Northeast", "West"]
    table = whatif.sensitivity_table(sensitivity.sobol(params.default_scenario(params.load_spec()),
                                                       base_samples=64), "en")
    spec = charts.sensitivity_bars(table, "en")
    alt.Chart.from_dict(spec)
    assert len(spec["data"]["values"]) == 10


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_region_gain_deck_equals_a_freshly_built_deck(lang: str) -> None:
    """The cached-geometry deck has exactly the JSON of the full build (fills, tooltip texts, no-data grey)."""
    gains = {"east": 0.123, "central": 0.2, "northeast": 0.05, "west": 0.31}
    scale = geo.SequentialScale.for_values(list(gains.values()), step=0.05)
    names = {g: place_name("region", g, lang) for g in gains}
    features = geo.join_rates(geo.projected("provinces"), gains, scale, lang=lang, region_names=names,
                              rate_texts={g: f"{v:.2f} pp" for g, v in gains.items()},
                              no_data_label=whatif.t("whatif.map_no_data", lang),
                              source_label=whatif.t("whatif.map_source", lang))
    fresh = maps.choropleth_deck(features, tooltip_html=charts.MAP_TOOLTIP)
    deck = charts.region_gain_deck(gains, scale, lang)
    assert deck.to_json() == fresh.to_json()
    assert deck._tooltip == fresh._tooltip  # what st.pydeck_chart sends as the tooltip
    provinces = json.loads(deck.to_json())["layers"][0]["data"]["features"]
    zhejiang = next(f["properties"] for f in provinces if f["properties"]["adcode"] == "330000")
    assert zhejiang["rate_text"] == "0.12 pp" and zhejiang["fill"] == list(scale.rgba(0.123))
