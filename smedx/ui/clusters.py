"""Streamlit pieces of the clusters & cities page: cluster bars, member map and table, first-tier cities,
industry bands."""
from __future__ import annotations

import streamlit as st

from smedx import clusters, geo
from smedx.charts import clusters as charts
from smedx.charts import maps
from smedx.figures import figure
from smedx.i18n import t
from smedx.ui import components as ui
from smedx.ui.shell import briefing

MAP_HEIGHT = 480


def _names(ids: list[str], options: dict[str, str], lang: str) -> str:
    return t("clusters.list_sep", lang).join(options[i] for i in ids)


def cluster_section(lang: str) -> None:
    """Five clusters vs the national average (the band the paper's wording implies, and the headline line)."""
    st.subheader(t("clusters.clusters_title", lang))
    table = clusters.cluster_table(lang)
    band = clusters.implied_national_average()
    national = clusters.national(lang)
    ui.chart(charts.cluster_bars(table, band, national, lang), key="cluster_bars")
    options = clusters.cluster_options(lang)
    st.caption(t("clusters.clusters_note", lang, above=_names(list(clusters.ABOVE_AVERAGE), options, lang),
                 below=_names(list(clusters.BELOW_AVERAGE), options, lang),
                 band=t("units.percent", lang, x=band.notation()),
                 national=national.text))
    ui.figures_caption([*(figure("cluster_dt_share", lang, c) for c in table["cluster"]), national], lang)


def members_section(lang: str) -> None:
    """Member cities of the chosen clusters on a basemap-free map and in a table (plan named, partial marked)."""
    st.subheader(t("clusters.members_title", lang))
    options = clusters.cluster_options(lang)
    chosen = st.multiselect(t("clusters.cluster_filter", lang), list(options), default=list(options),
                            format_func=options.get, key="clusters", bind="query-params")
    frame = clusters.members(lang, chosen or list(options))
    colours = charts.cluster_colours(list(options))
    points = charts.member_points(frame, colours, lang)
    base = geo.plain_features(geo.projected("provinces"), lang)
    deck = maps.choropleth_deck(base, tooltip_html=t("clusters.members_tooltip_html", lang), cities=points,
                                provinces_pickable=False, height=MAP_HEIGHT,
                                bounds=geo.points_bounds([p["position"] for p in points]))
    st.pydeck_chart(deck, height=MAP_HEIGHT, key=f"clusters_map_{'_'.join(sorted(chosen))}",
                    alt=t("clusters.members_map_alt", lang, n=len(points)))
    st.caption(t("clusters.tooltip_hint", lang) + " " + t("clusters.members_map_note", lang))
    st.caption(geo.notice(lang))
    shown_clusters = chosen or list(options)
    ui.chart(charts.cluster_legend(shown_clusters, options, colours, lang), key="cluster_legend")
    plans = clusters.cluster_table(lang).set_index("cluster")["plan"]
    for cluster in shown_clusters:
        st.caption(t("clusters.plan_caption", lang, name=options[cluster], plan=plans[cluster]))
    shown = clusters.members_display(frame, lang)
    if not briefing():
        st.dataframe(shown, hide_index=True)
    st.caption(t("clusters.members_note", lang))
    ui.source_caption(frame, lang)
    ui.csv_download(shown, "cluster_members.csv", lang, "dl_cluster_members")


def first_tier_section(lang: str) -> None:
    """The 16 first-tier cities: exact values as points, intervals as bars, with sort and filter controls."""
    st.subheader(t("clusters.first_tier_title", lang))
    named = clusters.first_tier(lang)
    above = named[named["above_40"].eq("above")]
    low = named[named["kind"].eq("point") & named["above_40"].eq("below")]
    sep = t("clusters.list_sep", lang)
    st.markdown(t("clusters.first_tier_intro", lang,
                  n=int(figure("first_tier_cities_studied", lang).value or 0), n_above=len(above),
                  above=sep.join(above["name"]), low=sep.join(low["name"]),
                  n_exact=int(named["kind"].eq("point").sum())))
    sort_col, kind_col = st.columns([2, 3])
    with sort_col:
        sort = st.selectbox(t("clusters.sort_label", lang), list(clusters.SORTS),
                            format_func=lambda s: t(f"clusters.sort_{s}", lang), key="ft_sort", bind="query-params")
    with kind_col:
        kind = st.radio(t("clusters.kind_label", lang), list(clusters.KINDS),
                        format_func=lambda k: t(f"clusters.kind_{k}", lang), horizontal=True, key="ft_kind",
                        bind="query-params")
    frame = clusters.first_tier(lang, sort, kind)
    ui.chart(charts.first_tier(frame, lang), key="first_tier")
    example = named[named["kind"].eq("interval")].iloc[0]
    st.caption(t("clusters.legend_note", lang, example=f"{example['name']} {example['notation']}"))
    count, interval = clusters.unnamed()
    st.info(t("clusters.unnamed_note", lang, n=count, interval=t("units.percent", lang, x=interval.notation())))
    shown = clusters.first_tier_display(frame, lang)
    if not briefing():
        st.dataframe(shown, hide_index=True)
    ui.source_caption(frame, lang)
    ui.csv_download(shown, "first_tier_cities.csv", lang, "dl_first_tier")


def industries_section(lang: str) -> None:
    """The paper's three industry bands as a categorical chart (no numbers it does not give)."""
    st.subheader(t("clusters.industries_title", lang))
    frame = clusters.industries(lang)
    ui.chart(charts.industry_bands(frame, lang), key="industries")
    st.caption(t("clusters.industries_note", lang))
    ui.source_caption(frame, lang)
