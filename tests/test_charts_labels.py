"""Wrapped category labels: every name on lines of at most the given display columns, drawn by Vega as a
multi-line label instead of being cut with an ellipsis."""
from __future__ import annotations

import re

import vl_convert as vlc

from smedx.charts import overview as charts
from smedx.charts.labels import line_count, phrase_lines, wrapped_expr
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


def test_phrase_lines_break_chinese_at_phrases_and_keep_brackets_whole() -> None:
    assert phrase_lines("2025年目标：数字化研发设计工具普及率（工信部发布） 85%（未核实）", 44) == [
        "2025年目标：数字化研发设计工具普及率", "（工信部发布） 85%（未核实）"]
    assert phrase_lines("信息传输、软件和信息技术服务业", 26) == ["信息传输、", "软件和信息技术服务业"]
    assert phrase_lines("较高（40%以上）", 12) == ["较高", "（40%以上）"]
    assert line_count([NAME, "短"]) == 3
