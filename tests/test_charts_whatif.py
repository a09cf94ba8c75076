"""Altair charts of the what-if page."""
from __future__ import annotations

import pytest

from smedx import whatif
from smedx.charts import whatif as charts
from smedx.model import params, sensitivity, simulate

RESULT = simulate.run(n_draws=300)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fan_has_bands_and_reference(lang: str) -> None:
    spec = charts.fan(whatif.path(RESULT, "CN", lang), lang).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["area", "area", "line"]
    assert "not a forecast" in str(spec) or "不是预测" in str(spec)


def test_gain_bars_and_sensitivity() -> None:
    bars = charts.gain_bars(whatif.gains(RESULT, "region", "en"), "en").to_dict()
    assert [layer["mark"]["type"] for layer in bars["layer"]] == ["bar", "rule", "rule"]
    table = whatif.sensitivity_table(sensitivity.sobol(params.default_scenario(params.load_spec()),
                                                       base_samples=64), "en")
    assert charts.sensitivity_bars(table, "en").to_dict()["mark"]["type"] == "bar"
