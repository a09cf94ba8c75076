"""The map and table tabs of the tracker page and the coverage section: six shared filters, the pilot cities
over the province layer (no basemap, no external request) and the sortable table with progress bars."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit.dataframe_util import convert_pandas_df_to_arrow_table

from smedx import geo, memo
from smedx.charts import maps
from smedx.i18n import t
from smedx.tracker import reference, view
from smedx.ui import components as ui
from smedx.ui import links
from smedx.ui.tracker.text import k as _k

FILTERS = ("batch", "region", "cluster", "province", "status", "confidence")
FILTER_KEYS = tuple(f"tracker_f_{name}" for name in FILTERS)
MAP_HEIGHT = 520


@memo.shared(16)
def cities_frame(lang: str, url: str | None, signature: tuple[Any, ...] | None, _reports: pd.DataFrame | None
                 ) -> pd.DataFrame:
    """The page's city frame (labels, status, progress) for one language and data version."""
    return view.cities_frame(lang, _reports)


def arrow(frame: pd.DataFrame) -> pa.Table:
    """A table for ``st.dataframe`` converted to Arrow once (Streamlit only serialises an Arrow table)."""
    return convert_pandas_df_to_arrow_table(frame.reset_index(drop=True))


def coverage_section(lang: str) -> None:
    """How many cities of each batch are identified ("18 of 30"), with the detail of each batch."""
    st.subheader(_k("coverage_title", lang))
    columns = st.columns(3)
    for column, row in zip(columns, view.coverage_rows(lang), strict=True):
        column.metric(row["title"], row["value"], help=row["detail"], border=True)
    st.caption(_coverage_note(lang))


@cache
def _coverage_note(lang: str) -> str:
    """Reference data only: built once per language and process."""
    unknown = reference.unassigned()
    names = t("tracker.list_sep", lang).join(unknown[f"name_{lang}"])
    return _k("coverage_note", lang, n=_city_count(), unassigned=len(unknown), names=names)


@dataclass(frozen=True)
class Selection:
    """The filtered cities and what the page draws from them (built once per language, data version and filter
    choice; shared and read-only)."""

    frame: pd.DataFrame  # filtered rows of the city frame
    table: pd.DataFrame  # the sortable table with localized headers (for the CSV download)
    table_arrow: pa.Table
    deck: _SerialisedDeck
    n_points: int


@memo.shared(64)
def _selection(lang: str, url: str | None, signature: tuple[Any, ...] | None,
               chosen: tuple[tuple[str, tuple[Any, ...]], ...], _frame: pd.DataFrame) -> Selection:
    frame = view.filter_cities(_frame, **{name: list(values) for name, values in chosen})
    table = view.table(frame, lang)
    points = view.map_points(frame)
    return Selection(frame, table, arrow(table), _deck(lang, json.dumps(points, ensure_ascii=False)), len(points))


@cache
def _filter_options(lang: str, db_ok: bool, provinces: tuple[tuple[str, str], ...]
                    ) -> tuple[tuple[str, list[Any], dict[Any, str]], ...]:
    """(filter name, options, option labels) of the six filters."""
    regions, clusters = view.region_options(lang), view.cluster_options(lang)
    statuses = [s for s in view.STATUS_ORDER if (s == view.UNKNOWN) != db_ok]
    return (
        ("batch", [1, 2, 3, 0], {b: view.batch_label(b or None, None, lang) for b in (1, 2, 3, 0)}),
        ("region", list(regions), regions),
        ("cluster", list(clusters), clusters),
        ("province", [p for p, _ in provinces], dict(provinces)),
        ("status", statuses, {s: view.status_label(s, lang) for s in statuses}),
        ("confidence", ["V", "V-inf", "A"], {c: view.confidence_label(c, lang) for c in ("V", "V-inf", "A")}),
    )


@memo.shared(16)
def _provinces(lang: str, url: str | None, signature: tuple[Any, ...] | None, _frame: pd.DataFrame
               ) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(zip(_frame["province_adcode"], _frame["province"], strict=True)))


def filters(lang: str, frame: pd.DataFrame, db_ok: bool, url: str | None = None,
            signature: tuple[Any, ...] | None = None) -> Selection:
    """Six multiselect filters (empty = all); returns the filtered cities (``frame`` is ``cities_frame(lang, url,
    signature, …)``, which the cache key stands for)."""
    specs = _filter_options(lang, db_ok, _provinces(lang, url, signature, frame))
    chosen = []
    with st.container(horizontal=True):
        for key, (name, options, labels) in zip(FILTER_KEYS, specs, strict=True):
            links.seed("tracker", name)  # then only this run's choices (no "unknown" status while the database works)
            st.session_state[key] = [value for value in st.session_state[key] if value in options]
            values = links.widget("tracker", name, st.multiselect, _k(f"filter_{name}", lang), options,
                                  format_func=labels.get, placeholder=_k("filter_all", lang))
            chosen.append((name, tuple(values)))
    return _selection(lang, url, signature, tuple(chosen), frame)


class _SerialisedDeck:
    """A deck whose JSON is built once: the province layer is ~0.3 MB, so the deck is cached per language and
    set of points instead of being serialised on every rerun."""

    def __init__(self, deck: maps.CompactDeck):
        self._deck = deck
        self._json = deck.to_json()

    def to_json(self) -> str:
        return self._json

    def __getattr__(self, name: str) -> Any:
        return getattr(self._deck, name)


@memo.shared(32)
def _deck(lang: str, points_json: str) -> _SerialisedDeck:
    base = geo.plain_features(geo.projected("provinces"), lang)
    deck = maps.choropleth_deck(base, tooltip_html=_k("map_tooltip_html", lang), cities=json.loads(points_json),
                                provinces_pickable=False, height=MAP_HEIGHT)
    return _SerialisedDeck(deck)


def map_section(lang: str, selection: Selection) -> None:
    """Pilot cities over the province layer: fill = batch, outline = status (no basemap, no external request)."""
    st.pydeck_chart(selection.deck, height=MAP_HEIGHT,  # type: ignore[arg-type]
                    key="tracker_map", alt=_k("map_alt", lang, n=selection.n_points))
    st.caption(_map_note(lang))


@cache
def _map_note(lang: str) -> str:
    """Legend and boundary notice in one caption."""
    return _k("map_legend", lang) + "\n\n" + geo.notice(lang)


def table_section(lang: str, selection: Selection) -> None:
    """Sortable table with progress bars (percent of target and of the reward cap)."""
    st.dataframe(selection.table_arrow, hide_index=True, placeholder="—", column_config=_table_config(lang),
                 key="tracker_table")
    st.caption(_k("table_caption", lang, shown=len(selection.frame), total=_city_count()) + "\n\n"
               + _k("status_rule", lang, **view.intro_fields(lang)))
    ui.csv_download(selection.table, "pilot_cities.csv", lang, key="dl_tracker_table")


@cache
def _table_config(lang: str) -> dict[str, Any]:
    """Progress-bar columns of the city table (Streamlit deep-copies a column config before changing it)."""
    progress = {"format": "%.0f%%", "min_value": 0, "max_value": 100}
    return {_k(f"col_{name}", lang): st.column_config.ProgressColumn(_k(f"col_{name}", lang), **progress,
                                                                     help=_k(f"col_{name}_help", lang))
            for name in ("firms_pct", "funds_pct")}


@cache
def _city_count() -> int:
    return len(reference.cities())
