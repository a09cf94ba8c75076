"""Multi-line chart labels: Vega truncates a label at ``labelLimit`` (an ellipsis) and never wraps it, so a long
category name either is cut or squeezes the plot on a 390 px phone. These helpers break names into short lines
(at phrase boundaries where the text has them) and give the label expression and the band height that draw them
(the data keep the full name)."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable

import altair as alt

from smedx.charts.maps import wrap_lines

AXIS_COLUMNS = 26  # display columns per line of a category axis label (CJK characters count 2): ~160 px at 12 px
LINE_LIMIT = 200  # pixels: a line is cut only past this (Streamlit's theme sets a shorter labelLimit)
LINE_PX = 15  # pixels per line of 12 px text
# Chinese phrase boundaries: after a full-width colon, comma, enumeration comma or semicolon; before a bracket
_PHRASE = re.compile(r"(?<=[：，、；])|(?=（)")


def _columns(text: str) -> int:
    return len(text) + sum(1 for c in text if not c.isascii())


def phrase_lines(text: str, columns: int) -> list[str]:
    """``text`` on lines of at most ``columns`` display columns, broken at Chinese phrase boundaries where a
    phrase fits and by :func:`smedx.charts.maps.wrap_lines` (spaces, between CJK characters) inside longer ones."""
    lines: list[str] = []
    for phrase in (p for p in _PHRASE.split(text) if p):
        if lines and _columns(lines[-1] + phrase) <= columns:
            lines[-1] += phrase
        else:
            lines.extend(wrap_lines(phrase, columns) if _columns(phrase) > columns else [phrase])
    return [line.strip() for line in lines if line.strip()]


def line_count(names: Iterable[str], columns: int = AXIS_COLUMNS) -> int:
    """The most lines any of ``names`` takes (for a band tall enough to show every label; Vega hides labels that
    overlap their neighbours)."""
    return max((len(phrase_lines(name, columns)) for name in names), default=1)


def wrapped_axis(names: Iterable[str], columns: int = AXIS_COLUMNS) -> alt.Axis:
    """A category axis (y) whose labels are ``names`` on lines of at most ``columns`` display columns, each
    label centred on its band (Vega stacks a label's lines downwards from the band's centre: raised by half its
    extra lines) and every one drawn (Vega's overlap test counts a multi-line label as overlapping its
    neighbours and hides every other name; the caller makes the bands tall enough, :func:`line_count`)."""
    lines = json.dumps(_lines(names, columns), ensure_ascii=False)
    return alt.Axis(labelExpr=f"({lines})[datum.label] || datum.label", labelLimit=LINE_LIMIT,
                    labelLineHeight=LINE_PX, labelOverlap=False,
                    labelOffset=alt.ExprRef(f"-{LINE_PX / 2} * (length(({lines})[datum.label] || [0]) - 1)"))


def wrapped_expr(names: Iterable[str], columns: int = AXIS_COLUMNS) -> str:
    """A Vega ``labelExpr`` that draws each of ``names`` on lines of at most ``columns`` display columns (an
    array of lines is a multi-line label); a name not listed is drawn as it is."""
    return f"({json.dumps(_lines(names, columns), ensure_ascii=False)})[datum.label] || datum.label"


def _lines(names: Iterable[str], columns: int) -> dict[str, list[str]]:
    return {name: phrase_lines(name, columns) for name in dict.fromkeys(names)}
