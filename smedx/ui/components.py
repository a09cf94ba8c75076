"""Small rendering helpers shared by all pages: source captions, CSV downloads, figure metrics, view tabs."""
from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any, TypeVar

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit.dataframe_util import convert_anything_to_arrow_bytes
from streamlit.delta_generator import DeltaGenerator

from smedx import provenance, urlstate
from smedx.charts import table as chart_table_data
from smedx.export import Download, csv_bytes
from smedx.figures import Figure, provenance_rows
from smedx.i18n import t
from smedx.ui import links
from smedx.ui.shell import briefing
from smedx.ui.shell import lang as current_lang

T = TypeVar("T")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def source_caption(rows: pd.DataFrame, lang: str) -> None:
    """One-line source caption built from the ``source_id``/``locator`` of ``rows``."""
    st.caption(provenance.caption(rows, lang))


def figures_caption(figures: list[Figure], lang: str) -> None:
    """Source caption for a group of figures."""
    source_caption(provenance_rows(figures), lang)


def download(label: str, make: Callable[[], bytes], file_name: str, mime: str, key: str,
             icon: str = ":material/download:", help_text: str | None = None) -> None:
    """The one download button of the app (hidden in briefing mode); ``make`` builds the bytes on click.

    ``on_click="ignore"``: a click must not rerun the script. A rerun re-registers every deferred download
    under a new id and drops the previous ids (``MediaFileManager.remove_deferred``), so a second button clicked
    before the browser has the rerun's new ids asked for a dropped id and its file vanished
    (``MediaFileStorageError: Deferred file … not found``).
    """
    if briefing():
        return
    st.download_button(label, make, file_name=file_name, mime=mime, key=key, help=help_text, icon=icon,
                       on_click="ignore")


def csv_download(data: Download | Callable[[], Download], filename: str, lang: str, key: str) -> None:
    """A CSV download (:func:`smedx.export.csv_bytes`: BOM, provenance header, data columns) of ``data`` or of
    the :class:`Download` a function makes, built only when the button is clicked."""
    make = data if callable(data) else (lambda: data)
    download(t("common.download_csv", lang), lambda: csv_bytes(make()), filename, "text/csv", key,
             help_text=t("common.download_help", lang))


def xlsx_download(make: Callable[[], bytes], filename: str, lang: str, key: str) -> None:
    """An XLSX download of the bytes ``make`` builds on click."""
    download(t("common.download_xlsx", lang), make, filename, XLSX_MIME, key, icon=":material/table:",
             help_text=t("common.download_help", lang))


# Per-spec memos, keyed by id(spec) (and what else the value depends on). Spec builders are cached, so an unchanged
# chart is the same dict object on every rerun; keeping ``spec`` in each entry keeps its id from being reused.
_SPEC_MEMO_MAX = 256
_MEMO_LOCK = threading.Lock()
_ARROW_SPECS: OrderedDict[tuple, tuple[dict, dict]] = OrderedDict()  # id(spec) -> Arrow-encoded spec
_TABLES: OrderedDict[tuple, tuple[dict, str | None]] = OrderedDict()  # (id(spec), header) -> markdown table
INLINE_DATASET = "values"  # name given to a spec's inline ``data.values`` once encoded


def per_object(memo: OrderedDict, obj: Any, extra: tuple, build: Callable[[Any], T],
               maxsize: int = _SPEC_MEMO_MAX) -> T:
    """``build(obj)`` memoized for this very object (and ``extra``): built once, looked up on reruns. For the
    shared read-only values of cached builders (a spec dict, a table frame), which are the same object on every
    rerun; the ``maxsize`` most recently used entries are kept."""
    key = (id(obj), *extra)
    with _MEMO_LOCK:  # shared by every session's script thread
        entry = memo.get(key)
        if entry is not None and entry[0] is obj:
            memo.move_to_end(key)
            return entry[1]
    value = build(obj)
    with _MEMO_LOCK:
        memo[key] = (obj, value)
        while len(memo) > maxsize:
            memo.popitem(last=False)
    return value


def _arrow_bytes(records: list) -> bytes:
    """Arrow IPC bytes of a list of records, built straight from the records (~0.1 ms; through a DataFrame
    ~1 ms); a column pyarrow cannot type on its own goes through pandas."""
    try:
        return convert_anything_to_arrow_bytes(pa.Table.from_pylist(records))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return convert_anything_to_arrow_bytes(pd.DataFrame(records))


def _with_arrow_datasets(spec: dict) -> dict:
    """``spec`` with its named datasets, and its inline ``data.values``, encoded as Arrow IPC bytes once;
    Streamlit passes bytes through as-is instead of converting every dataset to Arrow on every rerun."""
    return per_object(_ARROW_SPECS, spec, (), _encode_datasets)


def _encode_datasets(spec: dict) -> dict:
    datasets = {name: values if isinstance(values, bytes) or not isinstance(values, list) else _arrow_bytes(values)
                for name, values in spec.get("datasets", {}).items()}
    prepared = {**spec, "datasets": datasets} if datasets else dict(spec)
    inline = (spec.get("data") or {}).get("values")
    if isinstance(inline, list):
        prepared["data"] = {"name": INLINE_DATASET}
        prepared["datasets"] = {**datasets, INLINE_DATASET: _arrow_bytes(inline)}
    return prepared


def chart(spec: alt.Chart | alt.LayerChart | dict, key: str, summary: str | None = None) -> None:
    """Render an Altair chart or a (cached, read-only) Vega-Lite dict at container width; the chart toolbar
    offers PNG/SVG export. Under it, the text alternative: a folded "data table" of what the chart draws,
    labelled with ``summary`` (the view's headline sentence, :mod:`smedx.headlines`; the chart's title when not
    given)."""
    _draw(spec, key)
    chart_table(spec, key, summary)


def chart_table(spec: alt.Chart | alt.LayerChart | dict, key: str, summary: str | None = None) -> None:
    """The folded data table under a chart (not in briefing mode, which hides detail tables; none for a chart
    without records). The table is sent only while its expander is open (opening it reruns the page or fragment):
    a folded markdown table still costs the browser a parse and a render on every rerun."""
    if briefing():
        return
    lang = current_lang()
    as_dict = spec if isinstance(spec, dict) else _spec_dict(spec)
    summary = summary or chart_table_data.title(as_dict)
    category = t("common.chart_table_category", lang)
    table = per_object(_TABLES, as_dict, (category,), partial(_table_markdown, category=category))
    if table is None:
        return
    label = t("common.chart_table", lang) + (t("common.chart_table_of", lang, title=summary) if summary else "")
    folded = st.expander(label, icon=":material/table:", key=table_key(key), on_change="rerun")
    if folded.open:
        # a markdown table, not a dataframe: keeps the page's dataframes (and tests that count them) as they are
        folded.markdown(table)


def table_key(chart_key: str) -> str:
    """The widget key of the folded data table under the chart ``chart_key`` (True in session state: open)."""
    return f"{chart_key}_table"


def _table_markdown(spec: dict, category: str) -> str | None:
    """The chart's data table as markdown (None when the spec holds no records): ~10 ms for a page's charts
    when rebuilt on every rerun."""
    frame = chart_table_data.data_table(spec, category)
    return None if frame.empty else chart_table_data.markdown(frame)


@lru_cache(maxsize=256)
def _altair_dict(spec_json: str) -> dict:
    return json.loads(spec_json)


def _spec_dict(spec: alt.Chart | alt.LayerChart) -> dict:
    return _altair_dict(spec.to_json())


def _draw(spec: alt.Chart | alt.LayerChart | dict, key: str) -> None:
    if isinstance(spec, dict):
        prepared = _with_arrow_datasets(spec)
        # Streamlit removes keys from the dict it is given: hand it a copy of the top level and of "datasets".
        given = {**prepared, "datasets": dict(prepared["datasets"])} if "datasets" in prepared else dict(prepared)
        st.vega_lite_chart(spec=given, width="stretch", key=key)
    else:
        st.altair_chart(spec, width="stretch", key=key)


def metric(label: str, figure: Figure, delta: str | None = None, help_text: str | None = None) -> None:
    """A metric card showing ``figure.text`` (never a re-formatted number)."""
    st.metric(label, figure.text, delta=delta, help=help_text, border=True)


def view_tabs(lang: str, page: str, key: str = "view") -> tuple[str, DeltaGenerator]:
    """The page's tabs (ids: ``smedx.urlstate.TABS[page]``, labels ``<page>.view_<id>``) of which only the open
    one runs: returns the open view's id and its container. The open tab is kept in the URL as ``?<key>=<id>``
    through the registry (absent for the first tab), so a link reopens it in either language and a language
    switch keeps it. (Not ``bind="query-params"``: that stores the label.)
    """
    view, drawn = links.tabs(page, key, lang)
    return view, drawn[list(urlstate.TABS[page]).index(view)]
