"""Vega-Lite specs of the what-if page: valid against the schema, bands and the labelled reference."""
from __future__ import annotations

import altair as alt
import pytest

from smedx import whatif
from smedx.charts import whatif as charts
from smedx.model import params, sensitivity, simulate

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
