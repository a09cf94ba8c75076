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

from smedx import geo, place_profile, places, regional
from smedx.charts import maps
from smedx.charts import regional as charts
from smedx.i18n import t
from smedx.ui import components as ui
from smedx.ui import links
from smedx.ui import place as place_ui
from smedx.ui.shell import briefing

REGION_KEY = "region"
PICKED_KEY = "_regional_picked"  # adcode of the province tapped last (its profile link is shown under the map)
ALL = "all"
MAP_HEIGHT = 560
_MAP_COUNTER = "_regional_map_n"


@lru_cache(maxsize=10)
def _deck(lang: str, region: str | None) -> maps.CompactDeck:
    """The choropleth deck for a language and selection (built once per process; its JSON is memoized)."""
    return maps.choropleth_deck(regional.map_features(lang, region, projected=True),
                                tooltip_html=t("regional.tooltip_html", lang), height=MAP_HEIGHT)


@lru_cache(maxsize=4)  # shared, read-only: the same dict on every rerun
def _legend_spec(lang: str) -> dict:
    return charts.legend(regional.scale(), regional.region_table(lang), lang).to_dict()


@lru_cache(maxsize=10)  # shared, read-only: the same dict on every rerun
def _bars_spec(lang: str, region: str | None) -> dict:
    return charts.region_bars(regional.region_table(lang), regional.national(lang), regional.scale(), lang,
                              selected=region).to_dict()


@lru_cache(maxsize=10)
def _provinces_shown(lang: str, region: str | None) -> tuple[pd.DataFrame, pa.Table]:
    """The side table as downloaded (pandas) and as displayed (Arrow, converted once)."""
    frame = regional.province_display(regional.province_table(lang, region), lang)
    return frame, pa.Table.from_pandas(frame, preserve_index=False)


def _map_key() -> str:
    return f"regional_map_{st.session_state.get(_MAP_COUNTER, 0)}"


def consume_map_click() -> None:
    """Turn a click on the map (previous run) into the region selection, before the control is drawn.

    The map gets a fresh key after each click, so Streamlit's own selection state never lingers (it would
    fade the rest of the map and re-apply a stale click on later reruns).
    """
    state = st.session_state.get(_map_key())
    if not state or not (state.get("selection") or {}).get("indices"):
        return
    region = regional.region_of_selection(state)
    if region is not None:
        st.session_state[REGION_KEY] = region
    st.session_state[PICKED_KEY] = place_profile.picked_adcode(state)  # the tapped province: a link to its profile
    st.session_state[_MAP_COUNTER] = st.session_state.get(_MAP_COUNTER, 0) + 1


def region_control(lang: str) -> str | None:
    """Horizontal region selector (kept in the URL as ``?region=``); returns the region id or None for all."""
    consume_map_click()
    options = {ALL: t("regional.all_regions", lang), **places.region_options(lang)}
    choice = links.widget("regional", REGION_KEY, st.radio, t("regional.select_label", lang), list(options),
                          format_func=options.get, horizontal=True)
    return None if choice == ALL else choice


def choropleth(lang: str, region: str | None) -> None:
    """The pydeck choropleth (no basemap), its legend, the regions-not-provinces note and the map notice."""
    st.markdown(f"**{t('regional.map_title', lang, **regional.year_fields(lang))}**")
    deck = _deck(lang, region)
    st.pydeck_chart(deck, height=MAP_HEIGHT, on_select="rerun", selection_mode="single-object", key=_map_key(),
                    alt=regional.map_alt(lang))
    picked = st.session_state.get(PICKED_KEY)
    if picked:
        place_ui.profile_link(picked, lang)
    st.caption(f"{t('regional.map_help', lang)}\n\n**{t('regional.legend_title', lang)}**")
    ui.chart(_legend_spec(lang), key="regional_legend")
    st.caption(f"{t('regional.legend_note', lang)}\n\n{geo.notice(lang)}")


def side_table(lang: str, region: str | None) -> None:
    """Provinces of the selected region (all when none) with the region's share."""
    names = places.region_options(lang)
    title = t("regional.table_title_region", lang, region=names[region]) if region else t("regional.table_title",
                                                                                           lang)
    st.markdown(f"**{title}**")
    shown, arrow = _provinces_shown(lang, region)
    st.dataframe(arrow, hide_index=True, height=min(38 + 35 * len(shown), 520))
    st.caption(f"{t('regional.table_note', lang)}\n\n{regional.table_source(lang)}")
    ui.csv_download(shown, f"provinces_{region or ALL}.csv", lang, "dl_regional_provinces")


def region_bars(lang: str, region: str | None) -> None:
    """The four regions with the national figure as a reference line."""
    st.subheader(t("regional.bars_title", lang))
    ui.chart(_bars_spec(lang, region), key="regional_bars")
    st.caption(f"{t('regional.bars_note', lang, **regional.year_fields(lang))}\n\n{regional.bars_source(lang)}")


def broadband(lang: str) -> None:
    """The paper's two broadband figures as metrics with their (different) bases."""
    st.subheader(t("regional.broadband_title", lang))
    east, west = regional.broadband(lang)
    with st.container(horizontal=True):
        ui.metric(t("regional.broadband_east", lang), east, help_text=east.label)
        ui.metric(t("regional.broadband_west", lang), west, help_text=west.label)
    st.caption(f"{t('regional.broadband_note', lang)}\n\n{regional.broadband_source(lang)}")


def export(lang: str) -> None:
    """PNG/SVG downloads of the Altair twin, rendered on click (hidden in briefing mode)."""
    if briefing():
        return
    st.subheader(t("regional.export_title", lang))
    st.caption(t("regional.export_note", lang, **regional.projection_fields()))
    with st.container(horizontal=True):
        st.download_button(t("regional.export_png", lang), partial(charts.static_map_bytes, lang, "png"),
                           file_name=f"regional_map_{lang}.png", mime="image/png", key="dl_regional_png",
                           icon=":material/image:", on_click="ignore")
        st.download_button(t("regional.export_svg", lang), partial(charts.static_map_bytes, lang, "svg"),
                           file_name=f"regional_map_{lang}.svg", mime="image/svg+xml", key="dl_regional_svg",
                           icon=":material/image:", on_click="ignore")
