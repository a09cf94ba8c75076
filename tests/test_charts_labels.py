"""Wrapped category labels: every name on lines of at most the given display columns, drawn by Vega as a
multi-line label instead of being cut with an ellipsis."""
from __future__ import annotations

import re

import vl_convert as vlc

from smedx.charts import overview as charts
from smedx.charts.labels import wrapped_expr
from smedx.charts.maps import register_fonts

NAME = "SMEs that have implemented a digital-transformation strategy"


def test_wrapped_expr_maps_each_name_to_its_lines() -> None:
    expr = wrapped_expr([NAME, "短"], columns=26)
    assert '"SMEs that have implemented": ["SMEs that have implemented"' not in expr
    assert '["SMEs that have implemented", "a digital-transformation", "strategy"]' in expr
    assert '"短": ["短"]' in expr and expr.endswith("[datum.label] || datum.label")


def test_a_phone_wide_stage_chart_draws_whole_names_on_several_lines() -> None:
    register_fonts()
    svg = vlc.vegalite_to_svg({**charts.spec("stage_split", "en"), "width": 300}, allowed_base_urls=[])
    assert "…" not in svg  # nothing truncated by labelLimit
    assert len(re.findall(r"<tspan[^>]*>a digital-transformation</tspan>", svg)) == 1  # a line of its own
