"""Every string a reader can see on a rendered AppTest page: element text, widget labels, options and
placeholders, table headers and cells, chart titles, axis/legend titles and the labels drawn from chart data;
and every link target in the page's markdown.

Used by the localisation test (no English runs in Chinese mode, no Han characters in English mode) and the
link test (every link resolves to a URL in ``data/sources.csv``).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

# The pages and the tabs (``?view=``) that the text and link tests open; the place page with a city and a
# province. Tabs are listed here, not read from the views, so a new tab must be added on purpose.
PAGE_VIEWS: dict[str, tuple[dict[str, str], ...]] = {
    "overview": ({},),
    "regional": ({},),
    "clusters": ({"view": "clusters"}, {"view": "cities"}, {"view": "industries"}),
    "tracker": ({"view": "map"}, {"view": "table"}, {"view": "city", "city": "350100"}, {"view": "data"},
                {"view": "programme"}),
    "whatif": ({"wi_view": "results"}, {"wi_view": "results", "wi_tab": "levels"}, {"wi_view": "compare"},
               {"wi_view": "sensitivity"}, {"wi_view": "reproduce"}),
    "place": ({}, {"place": "340100"}, {"place": "340000"}),
    "mydata": ({},),
    "sources": ({},),
}

# proto string fields a reader sees (other string fields are ids, keys, icons, CSS and the like)
_SHOWN_FIELDS = {"body", "label", "help", "placeholder", "options", "default", "value", "caption", "text",
                 "title", "tooltip", "delta", "formatted_value", "message", "accept_new_options_hint"}
_CHART_TEXT_KEYS = {"title", "subtitle", "text"}
_MARKDOWN_ELEMENTS = ("Markdown", "Caption", "Title", "Header", "Subheader", "Info", "Warning", "Error", "Success",
                      "Table.column", "Expander", "Tab")
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}")
_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(([^)\s]+)\)")
_BARE_URL = re.compile(r"https?://[^\s)\]>]+")


@dataclass(frozen=True)
class Shown:
    """One string on screen and where it came from (element type and field)."""

    where: str
    text: str


def _proto_strings(message: Message, where: str) -> Iterator[Shown]:
    for field, value in message.ListFields():
        if field.name in ("spec", "datasets", "data", "arrow_data", "arrow_data_frame", "css_class", "id"):
            continue
        if field.message_type is not None:
            items = value if field.is_repeated else [value]
            for item in items:
                if isinstance(item, Message):
                    yield from _proto_strings(item, f"{where}.{field.name}")
        elif field.type == field.TYPE_STRING and field.name in _SHOWN_FIELDS:
            for item in value if field.is_repeated else [value]:
                if item:
                    yield Shown(f"{where}.{field.name}", item)


def _frame_strings(frame: pd.DataFrame, where: str) -> Iterator[Shown]:
    for column in frame.columns:
        yield Shown(f"{where}.column", str(column))
        values = frame[column]
        if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
            for item in values.dropna().unique():
                if isinstance(item, str) and item:
                    yield Shown(f"{where}[{column}]", item)


def _spec_text(node: object, where: str) -> Iterator[Shown]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _CHART_TEXT_KEYS and isinstance(value, str | list) and not isinstance(node.get("field"), str):
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str) and item:
                        yield Shown(f"{where}.{key}", item)
            elif key not in ("data", "datasets"):
                yield from _spec_text(value, f"{where}.{key}")
    elif isinstance(node, list):
        for item in node:
            yield from _spec_text(item, where)


def _shown_fields(spec: object) -> set[str]:
    """Data fields drawn as text by a chart: nominal/ordinal positions, colours and shapes (axis and legend
    labels), text marks and tooltips."""
    fields: set[str] = set()
    if isinstance(spec, dict):
        for channel, enc in (spec.get("encoding") or {}).items():
            for item in enc if isinstance(enc, list) else [enc]:
                if not isinstance(item, dict) or not isinstance(item.get("field"), str):
                    continue
                hidden = ("legend" in item and item["legend"] is None) or ("axis" in item and item["axis"] is None)
                drawn = channel in ("text", "tooltip") or (item.get("type") in ("nominal", "ordinal") and not hidden)
                if drawn and channel not in ("detail", "order", "key", "href"):
                    fields.add(item["field"])
        for value in spec.values():
            fields |= _shown_fields(value)
    elif isinstance(spec, list):
        for item in spec:
            fields |= _shown_fields(item)
    return fields


def _chart_strings(proto: Message, where: str) -> Iterator[Shown]:
    spec = json.loads(proto.spec)
    yield from _spec_text(spec, where)
    fields = _shown_fields(spec)
    frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in proto.datasets]
    if proto.HasField("data"):
        frames.append(pa.ipc.open_stream(proto.data.data).read_all().to_pandas())
    frames += [pd.DataFrame(v) for v in _inline_values(spec)]
    for frame in frames:
        for column in sorted(fields & set(frame.columns)):
            for item in frame[column].dropna().unique():
                if isinstance(item, str) and item and not _COLOUR.fullmatch(item):  # a colour is not text
                    yield Shown(f"{where}.data[{column}]", item)


def _inline_values(spec: object) -> Iterator[list]:
    if isinstance(spec, dict):
        values = (spec.get("data") or {}).get("values") if isinstance(spec.get("data"), dict) else None
        if isinstance(values, list) and values and isinstance(values[0], dict):
            yield values
        for key, value in spec.items():
            if key == "datasets" and isinstance(value, dict):
                yield from (v for v in value.values() if isinstance(v, list) and v and isinstance(v[0], dict))
            elif key != "data":
                yield from _inline_values(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _inline_values(item)


def _walk(node: object) -> Iterator[object]:
    yield node
    for child in (getattr(node, "children", None) or {}).values():
        yield from _walk(child)


def shown_strings(at: AppTest) -> list[Shown]:
    """Every string the rendered page shows (sidebar included)."""
    found: list[Shown] = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        kind = type(node).__name__
        if not isinstance(proto, Message):
            continue
        if kind in ("Dataframe", "Table"):
            found += _frame_strings(node.value, kind)  # type: ignore[attr-defined]
            continue
        if type(proto).__name__ == "VegaLiteChart":
            found += _chart_strings(proto, "chart")
            continue
        if type(proto).__name__ == "DeckGlJsonChart":
            continue  # the maps' text is checked by their own tests (smedx/charts/maps.py)
        if kind == "Html" and str(getattr(proto, "body", "")).lstrip().startswith("<style>"):
            continue  # a style block draws nothing readable
        found += _proto_strings(proto, kind)
    return found


_HTML_TAG = re.compile(r"<[^>]+>|&[a-z]+;")
_ESCAPED = re.compile(r"\\(.)")


def without_links(text: str) -> str:
    """The text a reader sees: each markdown link reduced to its label, bare URLs and HTML tags removed (a URL
    or a tag is not prose), markdown escapes and word joiners undone."""
    text = _BARE_URL.sub(" ", _LINK.sub(lambda m: m.group(1), text))
    return _ESCAPED.sub(r"\1", _HTML_TAG.sub(" ", text)).replace("\u2060", "")


def markdown_links(at: AppTest) -> list[tuple[str, str]]:
    """(label, href) of every explicit markdown link on the page, and ("", url) for every URL written bare."""
    links: list[tuple[str, str]] = []
    for item in shown_strings(at):
        if not item.where.startswith(_MARKDOWN_ELEMENTS):
            continue  # a table cell or a widget label is not markdown: nothing there becomes a link
        for match in _LINK.finditer(item.text):
            links.append((match.group(1), match.group(2)))
        for url in _BARE_URL.findall(_LINK.sub(" ", item.text)):
            links.append(("", url))
    return links
