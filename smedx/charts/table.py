"""A chart's data as a table (the text alternative under every chart): the fields a chart draws, headed by
the chart's own axis, legend and tooltip titles, taken from its Vega-Lite spec."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd

from smedx import markup

_DRAWN = ("x", "y", "x2", "y2", "color", "shape", "size", "text", "tooltip", "theta", "row", "column")


def _encodings(spec: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(spec, dict):
        for channel, enc in (spec.get("encoding") or {}).items():
            for item in enc if isinstance(enc, list) else [enc]:
                if channel in _DRAWN and isinstance(item, dict) and isinstance(item.get("field"), str):
                    yield channel, item
        for key, value in spec.items():
            if key not in ("encoding", "data", "datasets"):
                yield from _encodings(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _encodings(item)


def _title(item: dict[str, Any]) -> str | None:
    title = item.get("title")
    if isinstance(title, list):
        title = " ".join(str(part) for part in title)
    return title if isinstance(title, str) and title.strip() else None


def headers(spec: dict[str, Any], category: str) -> dict[str, str]:
    """Field → column header of the fields the chart draws (its own titles; ``category`` for an untitled
    nominal axis such as the bar names). Fields without any title are left out (ids, helper columns)."""
    found: dict[str, str] = {}
    for _, item in _encodings(spec):
        if "scale" in item and item["scale"] is None:
            continue  # an identity scale: the field holds colours or opacities, not data
        field, title = item["field"], _title(item)
        if title is None and item.get("type") in ("nominal", "ordinal") and "legend" not in item:
            title = category
        if title and field not in found and title not in found.values():  # one column per header
            found[field] = title
    return found


def datasets(spec: dict[str, Any]) -> list[pd.DataFrame]:
    """The record datasets of a spec (inline ``data.values`` and named ``datasets``, at any layer)."""
    frames: list[pd.DataFrame] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            values = node.get("data", {}).get("values") if isinstance(node.get("data"), dict) else None
            if isinstance(values, list) and values and isinstance(values[0], dict):
                frames.append(pd.DataFrame(values))
            named = node.get("datasets") if isinstance(node.get("datasets"), dict) else {}
            for value in named.values():
                if isinstance(value, list) and value and isinstance(value[0], dict):
                    frames.append(pd.DataFrame(value))
            for key, value in node.items():
                if key not in ("data", "datasets"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return frames


def data_table(spec: dict[str, Any], category: str) -> pd.DataFrame:
    """The chart's largest dataset reduced to the drawn fields, with the chart's titles as headers (empty when
    the spec holds no records)."""
    columns = headers(spec, category)
    best = pd.DataFrame()
    for frame in datasets(spec):
        shown = [field for field in columns if field in frame.columns]
        if len(shown) > len(best.columns) or (len(shown) == len(best.columns) and len(frame) > len(best)):
            best = frame[shown].drop_duplicates().rename(columns=columns)
    return best.reset_index(drop=True)


def title(spec: dict[str, Any]) -> str | None:
    """The chart's own title text (top level), if it has one."""
    value = spec.get("title")
    if isinstance(value, dict):
        value = value.get("text")
    if isinstance(value, list):
        value = " ".join(str(part) for part in value)
    return value if isinstance(value, str) and value.strip() else None


def markdown(frame: pd.DataFrame) -> str:
    """``frame`` as a markdown table; every cell is data text, escaped (never markdown, never a link)."""
    def cell(value: object) -> str:
        return "" if pd.isna(value) else markup.escape(" ".join(str(value).split()))

    lines = ["| " + " | ".join(cell(c) for c in frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)
