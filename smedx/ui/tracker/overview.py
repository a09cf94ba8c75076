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

from smedx import datasets, geo, memo, tiles
from smedx.charts import maps
from smedx.charts import tiles as tile_charts
from smedx.charts.style import configure
from smedx.i18n import t
from smedx.tracker import exporter, reference, view
from smedx.ui import components as ui
from smedx.ui import links
from smedx.ui import maps as maps_ui
from smedx.ui.tracker.text import k as _k

FILTERS = ("batch", "region", "cluster", "province", "status", "confidence")
FILTER_KEYS = tuple(f"tracker_f_{name}" for name in FILTERS)
MAP_HEIGHT = 520
PROVINCE_KEY = FILTER_KEYS[FILTERS.index("province")]
_MAP_COUNTER = "_tracker_map_n"  # part of the maps' keys: a new key after a tap or a reset


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
    table: pd.DataFrame  # the sortable table with localized headers (as displayed)
    table_arrow: pa.Table
    points_json: str  # the map points (JSON), from which the decks are built
    n_points: int
    tile_provinces: tuple[str, ...]  # province of every city the other filters keep (the tile map's counts)
    chosen: tuple[tuple[str, tuple[Any, ...]], ...] = ()  # the filters (name, chosen values), for downloads


@memo.shared(64)
def _selection(lang: str, url: str | None, signature: tuple[Any, ...] | None,
               chosen: tuple[tuple[str, tuple[Any, ...]], ...], _frame: pd.DataFrame) -> Selection:
    frame = view.filter_cities(_frame, **{name: list(values) for name, values in chosen})
    table = view.table(frame, lang)
    points = view.map_points(frame)
    # The tile map is the province picker: it counts what the other filters keep, so a chosen province does
    # not empty the other tiles.
    others = view.filter_cities(_frame, **{name: list(values) for name, values in chosen if name != "province"})
    return Selection(frame, table, arrow(table), json.dumps(points, ensure_ascii=False), len(points),
                     tuple(others["province_adcode"]), chosen)


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
    _consume_tile_tap(specs)
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
def _deck(lang: str, points_json: str, narrow: bool = False, pan: bool = False) -> _SerialisedDeck:
    base = geo.plain_features(geo.projected("provinces"), lang)
    width, height = maps_ui.deck_size(narrow, MAP_HEIGHT)
    deck = maps.choropleth_deck(base, tooltip_html=_k("map_tooltip_html", lang), cities=json.loads(points_json),
                                provinces_pickable=False, width=width, height=height, pan=pan, city_labels=True)
    return _SerialisedDeck(deck)


def _tiles_key() -> str:
    return f"tracker_tiles_{st.session_state.get(_MAP_COUNTER, 0)}"


def _consume_tile_tap(specs: tuple[tuple[str, list[Any], dict[Any, str]], ...]) -> None:
    """A province tapped on the tile map (previous run) becomes the province filter, before the filters are
    drawn; the tile map then gets a fresh key (its own selection state would linger)."""
    adcode = tiles.selected_adcode(st.session_state.get(_tiles_key()), tile_charts.PARAM)
    if adcode is None:
        return
    st.session_state[_MAP_COUNTER] = st.session_state.get(_MAP_COUNTER, 0) + 1
    provinces = next(options for name, options, _ in specs if name == "province")
    if adcode in provinces:  # a province with pilot cities
        st.session_state[PROVINCE_KEY] = [adcode]


@memo.shared(64)
def _tiles_spec(lang: str, provinces: tuple[str, ...], chosen: tuple[str, ...], narrow: bool) -> dict:
    """Tile map of the pilot cities: per province its number of cities (``provinces``: the province adcode of
    every city counted; a count of the data rows); the ``chosen`` provinces stand out."""
    names = dict(zip(datasets.provinces()["adcode"], datasets.provinces()[f"name_{lang}"], strict=True))
    table = tiles.counts_table(provinces, names)
    scale = geo.SequentialScale((0.0, max(1.0, float(table["value"].max()))))
    rows = [{**row, "fill": scale.hex(row["value"]) if row["value"] else "#f0f0f0"}
            for row in tiles.tile_rows(table, lang, set(chosen) or None)]
    titles = {"name": _k("col_province", lang), "text": _k("tiles_count", lang)}
    return tile_charts.tile_map(rows, tooltip_titles=titles, alt_text=_k("tiles_alt", lang),
                                tile_px=tile_charts.TILE_PX if narrow else tile_charts.TILE_PX_WIDE).to_dict()


def map_section(lang: str, selection: Selection) -> None:
    """The tile map (pilot cities per province; a tap filters by the province) or the pilot cities over the
    province layer: fill = batch, outline = status, names beside the dots (no basemap, no external request)."""
    narrow = maps_ui.narrow_client()
    if maps_ui.map_mode("tracker", lang) == "tiles":
        chosen = tuple(st.session_state.get(PROVINCE_KEY) or ())
        maps_ui.tile_map(_tiles_spec(lang, selection.tile_provinces, chosen, narrow), key=_tiles_key())
        st.caption(_k("tiles_help", lang) + "\n\n" + t("common.tiles_note", lang))
        return
    pan = maps_ui.pan_switch(lang, "tracker_map", _MAP_COUNTER)
    with maps_ui.still_map_container("tracker", pan):
        st.pydeck_chart(_deck(lang, selection.points_json, narrow, pan),  # type: ignore[arg-type]
                        height=maps_ui.deck_size(narrow, MAP_HEIGHT)[1],
                        key=f"tracker_map_{st.session_state.get(_MAP_COUNTER, 0)}",
                        alt=_k("map_alt", lang, n=selection.n_points))
    ui.chart(_legend_spec(lang), key="tracker_map_legend")
    st.caption(_map_note(lang))


@cache
def _legend_spec(lang: str) -> dict:
    """The dots' legend as swatches: fill = batch (faint = unverified), ring = status."""
    def hex_(rgb: tuple[int, int, int]) -> str:
        return "#{:02x}{:02x}{:02x}".format(*rgb)

    batches = [{"label": view.batch_label(b, None, lang), "fill": hex_(view.BATCH_COLOURS[b]), "stroke": "#ffffff"}
               for b in (1, 2, 3, None)]
    batches.append({"label": _k("legend_unverified", lang), "fill": hex_(view.BATCH_COLOURS[1]),
                    "stroke": "#ffffff", "opacity": 0.47})
    statuses = [{"label": view.status_label(s, lang), "fill": hex_(view.BATCH_COLOURS[2]),
                 "stroke": hex_(view.STATUS_COLOURS[s])}
                for s in ("green", "amber", "red", "not_assessable", "no_report")]
    groups = [(_k("legend_batch", lang), batches), (_k("legend_status", lang), statuses)]
    return configure(maps.swatch_legend(groups)).to_dict()


@cache
def _map_note(lang: str) -> str:
    """The boundary notice and why a deployment may show tile maps only."""
    return geo.notice(lang) + " " + t("common.map_tiles_why", lang)


def table_section(lang: str, selection: Selection) -> None:
    """Sortable table with progress bars (percent of target and of the reward cap)."""
    st.dataframe(selection.table_arrow, hide_index=True, placeholder="—", column_config=_table_config(lang),
                 key="tracker_table")
    st.caption(_k("table_caption", lang, shown=len(selection.frame), total=_city_count()) + "\n\n"
               + _k("status_rule", lang, **view.intro_fields(lang)))
    filters = {name: ";".join(map(str, values)) for name, values in selection.chosen}
    ui.csv_download(lambda: exporter.city_list(selection.frame, filters), "pilot_cities.csv", lang,
                    key="dl_tracker_table")


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
