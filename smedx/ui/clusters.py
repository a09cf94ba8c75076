"""Streamlit pieces of the clusters & cities page: cluster bars, member map and table, first-tier cities,
industry bands.

Decks, chart specs and tables depend only on language and the controls, so they are memoized per process and
notes share caption elements (see smedx.ui.regional). Treat every cached value as read-only.
"""
from __future__ import annotations

from functools import lru_cache, partial

import pandas as pd
import pyarrow as pa
import streamlit as st

from smedx import catalogue, clusters, downloads, geo, headlines, place_profile, places, urlstate
from smedx.charts import clusters as charts
from smedx.charts import maps
from smedx.i18n import LANGS, t
from smedx.ui import components as ui
from smedx.ui import exports as exports_ui
from smedx.ui import links
from smedx.ui import maps as maps_ui
from smedx.ui import place as place_ui
from smedx.ui.shell import briefing

MAP_HEIGHT = 480
_RESETS = "_clusters_map_resets"  # part of the member map's key: a reset redraws its initial view


@lru_cache(maxsize=4)  # shared, read-only: the same dict on every rerun
def _cluster_bars_spec(lang: str) -> dict:
    return charts.cluster_bars(clusters.cluster_table(lang), clusters.implied_national_average(),
                               clusters.national(lang), lang).to_dict()


@lru_cache(maxsize=70)
def _bilingual_members_deck(chosen: tuple[str, ...], narrow: bool, pan: bool) -> maps.CompactDeck:
    """Basemap-free deck of the member cities of ``chosen`` clusters, fitted to their points (on a phone, to
    its column); pan/zoom only when switched on. Texts in both languages: the same JSON in either, so a
    language switch leaves the drawn map in the browser."""
    points = geo.bilingual_rows({lang: charts.member_points(
        clusters.members(lang, list(chosen)), charts.cluster_colours(list(places.cluster_options(lang))), lang)
        for lang in LANGS}, charts.MEMBER_TEXTS)
    base = geo.bilingual({lang: geo.plain_features(geo.projected("provinces"), lang) for lang in LANGS}, ("name",))
    width, height = maps_ui.deck_size(narrow, MAP_HEIGHT)
    return maps.choropleth_deck(base, tooltip_html="", cities=points, provinces_pickable=False, width=width,
                                height=height, pan=pan, bounds=geo.points_bounds([p["position"] for p in points]))


@lru_cache(maxsize=140)
def _members_deck(lang: str, chosen: tuple[str, ...], narrow: bool = False, pan: bool = False) -> maps.CompactDeck:
    """:func:`_bilingual_members_deck` with the tooltip in ``lang``."""
    return _bilingual_members_deck(chosen, narrow, pan).with_tooltip(
        maps.localized_tooltip(t("clusters.members_tooltip_html", lang), lang, charts.MEMBER_TEXTS))


@lru_cache(maxsize=70)
def _legend_html(lang: str, chosen: tuple[str, ...]) -> str:
    options = places.cluster_options(lang)
    return charts.cluster_legend(list(chosen), options, charts.cluster_colours(list(options)), lang)


@lru_cache(maxsize=20)  # shared, read-only: the same dict on every rerun
def _first_tier_spec(lang: str, sort: str, kind: str) -> dict:
    return charts.first_tier(clusters.first_tier(lang, sort, kind), lang).to_dict()


@lru_cache(maxsize=4)  # shared, read-only: the same dict on every rerun
def _industries_spec(lang: str) -> dict:
    return charts.industry_bands(clusters.industries(lang), lang).to_dict()


def _with_arrow(frame: pd.DataFrame) -> tuple[pd.DataFrame, pa.Table]:
    """A table as displayed: pandas (its length) and Arrow (converted once instead of on every rerun)."""
    return frame, pa.Table.from_pandas(frame, preserve_index=False)


@lru_cache(maxsize=70)
def _members_shown(lang: str, chosen: tuple[str, ...]) -> tuple[pd.DataFrame, pa.Table]:
    return _with_arrow(clusters.members_display(clusters.members(lang, list(chosen)), lang))


@lru_cache(maxsize=20)
def _first_tier_shown(lang: str, sort: str, kind: str) -> tuple[pd.DataFrame, pa.Table]:
    return _with_arrow(clusters.first_tier_display(clusters.first_tier(lang, sort, kind), lang))


@lru_cache(maxsize=70)
def _members_notes(lang: str, chosen: tuple[str, ...]) -> tuple[str, str]:
    """The map's caption (hint, note, boundary notice) and the plans/table/source caption of ``chosen``."""
    map_note = "\n\n".join([t("clusters.tooltip_hint", lang) + " " + t("clusters.members_map_note", lang),
                             geo.notice(lang)])
    table_note = "\n\n".join([*clusters.plan_captions(lang, chosen), t("clusters.members_note", lang),
                               clusters.members_source(lang, chosen)])
    return map_note, table_note


def cluster_section(lang: str) -> None:
    """Five clusters vs the national average (the band the paper's wording implies, and the headline line)."""
    st.subheader(t("clusters.clusters_title", lang))
    ui.chart(_cluster_bars_spec(lang), key="cluster_bars", summary=headlines.headline("clusters", lang))
    exports_ui.chart_downloads("cluster_bars", lang, "dl_cluster_bars")
    st.caption(f"{clusters.clusters_note(lang)}\n\n{clusters.clusters_source(lang)}")
    ui.csv_download(partial(downloads.cluster_shares, lang), "clusters_2020.csv", lang, "dl_cluster_bars")


def members_section(lang: str) -> None:
    """Member cities of the chosen clusters on a basemap-free map and in a table (plan named, partial marked)."""
    st.subheader(t("clusters.members_title", lang))
    options = places.cluster_options(lang)
    chosen = links.widget("clusters", "clusters", st.multiselect, t("clusters.cluster_filter", lang), list(options),
                          format_func=options.get, placeholder=t("common.filter_all", lang))
    shown_clusters = tuple(chosen or options)
    shown, arrow = _members_shown(lang, shown_clusters)
    map_note, table_note = _members_notes(lang, shown_clusters)
    narrow = maps_ui.narrow_client()
    pan = maps_ui.pan_switch(lang, "clusters_map", _RESETS)
    key = f"clusters_map_{'_'.join(sorted(shown_clusters))}_{st.session_state.get(_RESETS, 0)}"
    with maps_ui.still_map_container("clusters", pan):
        st.pydeck_chart(_members_deck(lang, shown_clusters, narrow, pan), height=maps_ui.deck_size(narrow,
                        MAP_HEIGHT)[1], key=key, on_select="rerun", selection_mode="single-object",
                        alt=t("clusters.members_map_alt", lang, n=len(shown)))
    picked = place_profile.picked_adcode(st.session_state.get(key))
    if picked:  # a tapped member city: a link to everything the dashboard knows about it
        place_ui.profile_link(picked, lang)
    st.caption(map_note)
    st.markdown(_legend_html(lang, shown_clusters), unsafe_allow_html=True)
    if not briefing():
        st.dataframe(arrow, hide_index=True)
    st.caption(table_note)
    ui.csv_download(lambda: downloads.cluster_members(lang, shown_clusters), "cluster_members.csv", lang,
                    "dl_cluster_members")


def first_tier_section(lang: str) -> None:
    """The 16 first-tier cities: exact values as points, intervals as bars, with sort and filter controls."""
    st.subheader(t("clusters.first_tier_title", lang, **clusters.text_fields(lang)))
    texts = clusters.first_tier_texts(lang)
    st.markdown(texts["intro"])
    with st.container(horizontal=True, vertical_alignment="bottom"):
        sort = links.widget("clusters", "ft_sort", st.selectbox, t("clusters.sort_label", lang), list(clusters.SORTS),
                            format_func=lambda s: t(f"clusters.sort_{s}", lang))
        kind = links.widget("clusters", "ft_kind", st.radio, t("clusters.kind_label", lang), list(clusters.KINDS),
                            format_func=lambda k: t(f"clusters.kind_{k}", lang), horizontal=True)
    ui.chart(_first_tier_spec(lang, sort, kind), key="first_tier", summary=headlines.headline("first_tier", lang))
    exports_ui.chart_downloads("first_tier", lang, "dl_first_tier_img", sort=sort, kind=kind)
    st.caption(f"{texts['legend']}\n\n{texts['source']}")
    st.info(texts["unnamed"])
    st.caption(catalogue.definition("first_tier_city", lang))
    _, arrow = _first_tier_shown(lang, sort, kind)
    if not briefing():
        st.dataframe(arrow, hide_index=True)
    ui.csv_download(lambda: downloads.first_tier(lang, sort, kind), "first_tier_cities.csv", lang, "dl_first_tier")


def industries_section(lang: str) -> None:
    """The paper's three industry bands as a categorical chart (no numbers it does not give)."""
    st.subheader(t("clusters.industries_title", lang))
    ui.chart(_industries_spec(lang), key="industries")
    exports_ui.chart_downloads("industries", lang, "dl_industries")
    st.caption(f"{t('clusters.industries_note', lang, **clusters.text_fields(lang))}\n\n"
               f"{catalogue.definition('industry_share', lang)}\n\n{clusters.industries_source(lang)}")
    ui.csv_download(partial(downloads.industries, lang), "industry_bands.csv", lang, "dl_industries")


SECTIONS = {"clusters": (cluster_section, members_section), "cities": (first_tier_section,),
            "industries": (industries_section,)}  # keyed by the page's tab ids, smedx.urlstate.TABS["clusters"]
VIEWS = urlstate.TABS["clusters"]


def render(view: str, lang: str) -> None:
    """The sections of one tab of the page."""
    for section in SECTIONS[view]:
        section(lang)
