"""Streamlit pieces of the regional page: region control synced with map clicks, the map, table, bars, exports.

The deck, the chart specs and the table depend only on language and selection, so they are memoized per process
(plain ``lru_cache``: the data do not change while the app runs, and Streamlit's own caches hash their arguments
and, for ``st.cache_data``, unpickle the value on every rerun). A rerun re-sends them without rebuilding. Treat
every cached value as read-only. Notes and source lines of one block share one caption element (each element
costs a rerun about as much as a small table).
"""
from __future__ import annotations

from functools import lru_cache, partial

import pandas as pd
import pyarrow as pa
import streamlit as st

from smedx import downloads, geo, headlines, place_profile, places, regional, tiles
from smedx.charts import maps
from smedx.charts import regional as charts
from smedx.charts import tiles as tile_charts
from smedx.i18n import LANGS, t
from smedx.ui import components as ui
from smedx.ui import exports as exports_ui
from smedx.ui import links
from smedx.ui import maps as maps_ui
from smedx.ui import place as place_ui
from smedx.ui.shell import briefing

REGION_KEY = "region"
PICKED_KEY = "_regional_picked"  # adcode of the province tapped last (its profile link is shown under the map)
ALL = "all"
MAP_HEIGHT = 560
_MAP_COUNTER = "_regional_map_n"


@lru_cache(maxsize=20)
def _bilingual_deck(region: str | None, narrow: bool, pan: bool) -> maps.CompactDeck:
    """The choropleth deck for a selection, phone or not and pan/zoom on or off, its features' texts in both
    languages: the same JSON in either, so a language switch leaves the drawn map in the browser."""
    width, height = maps_ui.deck_size(narrow, MAP_HEIGHT)
    features = geo.bilingual({lang: regional.map_features(lang, region, projected=True) for lang in LANGS})
    return maps.choropleth_deck(features, tooltip_html="", width=width, height=height, pan=pan)


@lru_cache(maxsize=40)
def _deck(lang: str, region: str | None, narrow: bool = False, pan: bool = False) -> maps.CompactDeck:
    """:func:`_bilingual_deck` with the tooltip in ``lang`` (built once per process; its JSON is memoized)."""
    return _bilingual_deck(region, narrow, pan).with_tooltip(
        maps.localized_tooltip(t("regional.tooltip_html", lang), lang))


@lru_cache(maxsize=40)  # shared, read-only: the same dict on every rerun
def _tiles_spec(lang: str, region: str | None, narrow: bool = True) -> dict:
    """The tile map: each province's tile coloured and labelled with its region's share (the data rows)."""
    scale = regional.scale()
    rows = [{**row, "fill": scale.hex(row["value"])}
            for row in tiles.tile_rows(regional.province_table(lang, None), lang, regional.province_codes(region))]
    titles = {"name": t("regional.col_province", lang), "text": t("regional.col_region_share", lang)}
    return tile_charts.tile_map(rows, tooltip_titles=titles, alt_text=regional.map_alt(lang, "tiles_alt"),
                                tile_px=tile_charts.TILE_PX if narrow else tile_charts.TILE_PX_WIDE).to_dict()


@lru_cache(maxsize=4)  # shared, read-only: the same dict on every rerun
def _legend_spec(lang: str) -> dict:
    return charts.legend(regional.scale(), regional.region_table(lang), lang).to_dict()


@lru_cache(maxsize=10)  # shared, read-only: the same dict on every rerun
def _bars_spec(lang: str, region: str | None) -> dict:
    return charts.region_bars(regional.region_table(lang), regional.national(lang), regional.scale(), lang,
                              selected=region).to_dict()


@lru_cache(maxsize=10)
def _provinces_shown(lang: str, region: str | None) -> tuple[pd.DataFrame, pa.Table]:
    """The side table as displayed: pandas (its length) and Arrow (converted once)."""
    frame = regional.province_display(regional.province_table(lang, region), lang)
    return frame, pa.Table.from_pandas(frame, preserve_index=False)


def _map_key(kind: str = "map") -> str:
    return f"regional_{kind}_{st.session_state.get(_MAP_COUNTER, 0)}"


def _picked() -> tuple[str | None, str | None] | None:
    """(region, adcode) of the province clicked on the deck or tapped on the tile map in the previous run."""
    state = st.session_state.get(_map_key())
    if state and (state.get("selection") or {}).get("indices"):
        return regional.region_of_selection(state), place_profile.picked_adcode(state)
    adcode = tiles.selected_adcode(st.session_state.get(_map_key("tiles")), tile_charts.PARAM)
    if adcode is None:
        return None
    return regional.region_of_province(adcode), adcode


def consume_map_click() -> None:
    """Turn a click or tap on either map (previous run) into the region selection, before the control is drawn.

    The maps get fresh keys after each click, so Streamlit's own selection state never lingers (it would
    fade the rest of the map and re-apply a stale click on later reruns).
    """
    picked = _picked()
    if picked is None:
        return
    region, adcode = picked
    if region is not None:
        st.session_state[REGION_KEY] = region
    st.session_state[PICKED_KEY] = adcode  # the tapped province: a link to its profile
    st.session_state[_MAP_COUNTER] = st.session_state.get(_MAP_COUNTER, 0) + 1


def region_control(lang: str) -> str | None:
    """Horizontal region selector (kept in the URL as ``?region=``); returns the region id or None for all."""
    consume_map_click()
    options = {ALL: t("regional.all_regions", lang), **places.region_options(lang)}
    choice = links.widget("regional", REGION_KEY, st.radio, t("regional.select_label", lang), list(options),
                          format_func=options.get, horizontal=True)
    return None if choice == ALL else choice


def choropleth(lang: str, region: str | None) -> None:
    """The tile map or the pydeck choropleth (no basemap), its legend, the regions-not-provinces note and the
    map notice; a click or tap on either selects the province's region."""
    st.markdown(f"**{t('regional.map_title', lang, **regional.year_fields(lang))}**")
    if maps_ui.map_mode("regional", lang) == "tiles":
        maps_ui.tile_map(_tiles_spec(lang, region, maps_ui.narrow_client()), key=_map_key("tiles"))
        help_text, notice = t("regional.tiles_help", lang), t("common.tiles_note", lang)
    else:
        narrow = maps_ui.narrow_client()
        pan = maps_ui.pan_switch(lang, "regional_map", _MAP_COUNTER)
        with maps_ui.still_map_container("regional", pan):
            st.pydeck_chart(_deck(lang, region, narrow, pan), height=maps_ui.deck_size(narrow, MAP_HEIGHT)[1],
                            on_select="rerun", selection_mode="single-object", key=_map_key(),
                            alt=regional.map_alt(lang))
        help_text, notice = t("regional.map_help", lang), f"{geo.notice(lang)} {t('common.map_tiles_why', lang)}"
    picked = st.session_state.get(PICKED_KEY)
    if picked:
        place_ui.profile_link(picked, lang)
    st.caption(f"{help_text}\n\n**{t('regional.legend_title', lang)}**")
    ui.chart(_legend_spec(lang), key="regional_legend")
    st.caption(f"{t('regional.legend_note', lang)}\n\n{notice}")


def side_table(lang: str, region: str | None) -> None:
    """Provinces of the selected region (all when none) with the region's share."""
    names = places.region_options(lang)
    title = t("regional.table_title_region", lang, region=names[region]) if region else t("regional.table_title",
                                                                                           lang)
    st.markdown(f"**{title}**")
    shown, arrow = _provinces_shown(lang, region)
    st.dataframe(arrow, hide_index=True, height=min(38 + 35 * len(shown), 520))
    st.caption(f"{t('regional.table_note', lang)}\n\n{regional.table_source(lang)}")
    ui.csv_download(lambda: downloads.regional_provinces(lang, region), f"provinces_{region or ALL}.csv", lang,
                    "dl_regional_provinces")


def region_bars(lang: str, region: str | None) -> None:
    """The four regions with the national figure as a reference line."""
    st.subheader(t("regional.bars_title", lang))
    ui.chart(_bars_spec(lang, region), key="regional_bars",
             summary=headlines.headline("regional", lang, region=region))
    exports_ui.chart_downloads("regional_bars", lang, "dl_regional_bars", region=region)
    st.caption(f"{t('regional.bars_note', lang, **regional.year_fields(lang))}\n\n{regional.bars_source(lang)}")
    ui.csv_download(partial(downloads.regions, lang), "regions_2020.csv", lang, "dl_regional_bars")


def broadband(lang: str) -> None:
    """The paper's two broadband figures as metrics with their (different) bases."""
    st.subheader(t("regional.broadband_title", lang))
    east, west = regional.broadband(lang)
    with st.container(horizontal=True):
        ui.metric(t("regional.broadband_east", lang), east, help_text=east.label)
        ui.metric(t("regional.broadband_west", lang), west, help_text=west.label)
    st.caption(f"{t('regional.broadband_note', lang)}\n\n{regional.broadband_source(lang)}")


def export(lang: str, region: str | None = None) -> None:
    """PNG/SVG downloads of the Altair twin with the selected region, title, source and link (on click; hidden in
    briefing mode)."""
    if briefing():
        return
    st.subheader(t("regional.export_title", lang))
    st.caption(t("regional.export_note", lang, **regional.projection_fields()))
    exports_ui.chart_downloads("regional_map", lang, "dl_regional_map", region=region,
                               labels=(t("regional.export_png", lang), t("regional.export_svg", lang)))
