"""The text alternative under every chart: the drawn fields with the chart's own titles, escaped."""
from __future__ import annotations

import pandas as pd

from smedx.charts import overview as charts
from smedx.charts import table


def test_the_stage_chart_table_holds_the_papers_figures_under_the_charts_titles() -> None:
    frame = table.data_table(charts.spec("stage_split", "zh"), "类别")
    assert list(frame.columns) == ["阶段", "数值", "占比（%）"]
    assert frame["数值"].tolist() == ["约32.9%", "18.6%", "40.0%", "未说明（剩余8.5%）"]
    assert frame["占比（%）"].tolist() == [32.9, 18.6, 40.0, 8.5]


def test_untitled_fields_and_hidden_legends_are_left_out_and_headers_are_unique() -> None:
    spec = {"data": {"values": [{"id": "east", "name": "东部", "v": 37.2, "c": "a"}]},
            "encoding": {"y": {"field": "name", "type": "nominal", "title": None},
                         "x": {"field": "v", "type": "quantitative", "title": "比例"},
                         "color": {"field": "c", "type": "nominal", "legend": None},
                         "fill": {"field": "c", "type": "nominal", "scale": None},
                         "detail": {"field": "id", "type": "nominal"},
                         "tooltip": [{"field": "v", "title": "比例"}]}}
    assert table.data_table(spec, "类别").to_dict("records") == [{"类别": "东部", "比例": 37.2}]


def test_cells_are_escaped_never_markdown() -> None:

    text = table.markdown(pd.DataFrame({"名称": ["**x** [a](http://evil.example) | b"]}))
    assert text.splitlines()[2] == "| \\*\\*x\\*\\* \\[a\\](http:\u2060//evil.example) \\| b |"


def test_duplicate_rows_are_dropped_as_pandas_drops_them_keeping_the_datasets_column_types() -> None:
    records = [{"k": "a", "v": 1, "n": None}, {"k": "a", "v": 1}, {"k": "a", "v": 1, "n": float("nan")},
               {"k": "b", "v": 2, "n": 3}]
    spec = {"data": {"values": records},
            "encoding": {"x": {"field": "k", "title": "K"}, "y": {"field": "v", "title": "V"},
                         "tooltip": [{"field": "n", "title": "N"}]}}
    frame = table.data_table(spec, "类别")
    expected = pd.DataFrame(records)[["k", "v", "n"]].drop_duplicates().rename(columns={"k": "K", "v": "V", "n": "N"})
    pd.testing.assert_frame_equal(frame, expected.reset_index(drop=True))
    assert table.markdown(frame).splitlines()[2:] == ["| a | 1 |  |", "| b | 2 | 3.0 |"]
    # a dropped duplicate of another type (1.0 beside 1) makes the column float, as in the whole dataset
    mixed = {**spec, "data": {"values": [{"k": "a", "v": 1}, {"k": "a", "v": 1.0}, {"k": "b", "v": 2}]}}
    assert table.data_table(mixed, "类别")["V"].tolist() == [1.0, 2.0]
    assert table.markdown(table.data_table(mixed, "类别")).splitlines()[2] == "| a | 1.0 |"
