"""Multi-line axis and legend labels: Vega truncates a label at ``labelLimit`` (an ellipsis) and never wraps it,
so a long category name either is cut or squeezes the plot on a 390 px phone. These helpers give a label
expression that draws each name on short lines instead (the data keep the full name)."""
from __future__ import annotations

import json
from collections.abc import Iterable

import altair as alt

from smedx.charts.maps import wrap_lines

AXIS_COLUMNS = 26  # display columns per line of a category axis label (CJK characters count 2): ~160 px at 12 px
LINE_LIMIT = 200  # pixels: a line is cut only past this (Streamlit's theme sets a shorter labelLimit)


def wrapped_axis(names: Iterable[str], columns: int = AXIS_COLUMNS) -> alt.Axis:
    """A category axis whose labels are ``names`` wrapped by :func:`wrapped_expr`."""
    return alt.Axis(labelExpr=wrapped_expr(names, columns), labelLimit=LINE_LIMIT)


def wrapped_expr(names: Iterable[str], columns: int = AXIS_COLUMNS) -> str:
    """A Vega ``labelExpr`` that draws each of ``names`` on lines of at most ``columns`` display columns (an
    array of lines is a multi-line label); a name not listed is drawn as it is."""
    lines = {name: wrap_lines(name, columns) for name in dict.fromkeys(names)}
    return f"({json.dumps(lines, ensure_ascii=False)})[datum.label] || datum.label"
