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


def _record_sets(spec: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The record lists of a spec (inline ``data.values`` and named ``datasets``, at any layer), in order."""
    found: list[list[dict[str, Any]]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            values = node.get("data", {}).get("values") if isinstance(node.get("data"), dict) else None
            if isinstance(values, list) and values and isinstance(values[0], dict):
                found.append(values)
            named = node.get("datasets") if isinstance(node.get("datasets"), dict) else {}
            for value in named.values():
                if isinstance(value, list) and value and isinstance(value[0], dict):
                    found.append(value)
            for key, value in node.items():
                if key not in ("data", "datasets"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return found


def datasets(spec: dict[str, Any]) -> list[pd.DataFrame]:
    """The record datasets of a spec (inline ``data.values`` and named ``datasets``, at any layer)."""
    return [pd.DataFrame(records) for records in _record_sets(spec)]


_NULL = object()  # missing, None and NaN: one value when rows are compared (as pandas compares them)


def _cell_key(value: Any) -> Any:
    return _NULL if value is None or (isinstance(value, float) and value != value) else value


def _distinct(records: list[dict[str, Any]], fields: list[str]) -> list[dict[str, Any]] | None:
    """The records restricted to ``fields``, first of each distinct row kept (``drop_duplicates``); None when a
    dropped row holds a value of another type than the kept one (1 and 1.0: the frame's column type would
    depend on the dropped row)."""
    kept: dict[tuple[Any, ...], dict[str, Any]] = {}
    for record in records:
        row = {field: record[field] for field in fields if field in record}
        key = tuple(_cell_key(row.get(field)) for field in fields)
        first = kept.setdefault(key, row)
        if first is not row and any(type(first.get(f)) is not type(row.get(f)) for f in fields):
            return None
    return list(kept.values())


def data_table(spec: dict[str, Any], category: str) -> pd.DataFrame:
    """The chart's largest dataset reduced to the drawn fields, with the chart's titles as headers (empty when
    the spec holds no records).

    Rows are picked and de-duplicated on the spec's records and only the result becomes a frame (a frame per
    dataset cost ~3 ms a chart, and the table is rebuilt whenever a chart's data change, e.g. on a what-if lever
    move); each distinct value of a column survives, so the column types are the whole dataset's."""
    columns = headers(spec, category)
    best: list[dict[str, Any]] | None = None
    best_shown: list[str] = []
    for records in _record_sets(spec):
        present = {key for record in records for key in record}
        shown = [field for field in columns if field in present]
        if best is None or len(shown) > len(best_shown) or (len(shown) == len(best_shown) and len(records) > len(best)):
            distinct = _distinct(records, shown)
            if distinct is None:
                return _data_table_frames(spec, columns)
            best, best_shown = distinct, shown
    if best is None or not best_shown:  # no records, or none with a drawn field: no table
        return pd.DataFrame()
    return pd.DataFrame(best, columns=best_shown).rename(columns=columns)


def _data_table_frames(spec: dict[str, Any], columns: dict[str, str]) -> pd.DataFrame:
    """:func:`data_table` through pandas frames (rows whose duplicates differ in type)."""
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
