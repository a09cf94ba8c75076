"""Charts of the "since the survey" section render in Altair 6 / vl-convert with their labels."""
from __future__ import annotations

import pytest
import vl_convert as vlc

from smedx.charts import since_survey as charts
from smedx.charts.maps import register_fonts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rates_chart_renders_targets_and_footnotes(lang: str) -> None:
    register_fonts()
    spec = charts.spec("rates", lang)
    svg = vlc.vegalite_to_svg({**spec, "width": 700}, allowed_base_urls=[])
    assert ("85%" if lang == "zh" else "85 %") in svg and ("68%" if lang == "zh" else "68 %") in svg
    assert ("重点工业企业" if lang == "zh" else "key industrial firms") in svg  # scope footnote on the chart
    values = [row for data in spec["datasets"].values() for row in data if "scope" in row]
    assert {row["value"] for row in values if row["period"] == "2021" and row["indicator"] == "miit_cnc_rate"} == {
        51.3, 55.3}


def test_region_measures_are_two_charts_with_their_own_axes() -> None:
    spec = charts.spec("region_measures", "zh")
    assert len(spec["concat"]) == 2 and spec["columns"] == 1  # stacked: side by side wider than a phone
    svg = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
    assert "62.2%（未核实）" in svg and "37.2%" in svg


def test_unknown_chart_is_rejected() -> None:
    with pytest.raises(ValueError):
        charts.spec("nope", "zh")
