"""Streamlit pieces of the overview page: the policy timeline and the "since the survey" section (MIIT rates,
the 5th economic census beside the survey's regional shares, the city pilots).
Specs and tables are memoized per language."""
from __future__ import annotations

from functools import lru_cache, partial

import pyarrow as pa
import streamlit as st

from smedx import downloads, headlines, overview, since_survey
from smedx.charts import overview as overview_charts
from smedx.charts import since_survey as charts
from smedx.i18n import t
from smedx.tracker import reference
from smedx.ui import components as ui
from smedx.ui import exports as exports_ui
from smedx.ui import links, wide_table
from smedx.ui.shell import briefing


@lru_cache(maxsize=4)
def _pilots_shown(lang: str) -> pa.Table:
    """The pilot table as shown, converted to Arrow once per language (static data)."""
    return pa.Table.from_pandas(since_survey.pilots_display(since_survey.pilots(lang), lang), preserve_index=False)


def since_survey_section(lang: str) -> None:
    """Figures published since the survey, each other measures than the ACFIC share of SMEs."""
    st.subheader(t("overview.since_title", lang))
    st.markdown(t("overview.since_intro", lang))
    years = since_survey.rates(lang)["period"].str.slice(0, 4)
    st.markdown(f"**{t('overview.rates_title', lang, first=years.min(), last=years.max())}**")
    targets = since_survey.targets(lang)
    ui.chart(charts.spec("rates", lang), key="since_rates", summary=headlines.headline("since_survey", lang))
    exports_ui.chart_downloads("since_survey_rates", lang, "dl_since_rates")
    st.caption(t("overview.rates_alt", lang, year=targets["period"].iloc[0]))
    census = since_survey.census(lang)
    st.markdown(f"**{t('overview.census_title', lang, year=census['period'].iloc[0])}**")
    with st.container(horizontal=True):
        for row in census.itertuples():
            st.metric(row.scope_label, row.text, border=True, help=row.source)
    st.caption(t("overview.census_note", lang))
    st.markdown(f"**{t('overview.regions_title', lang)}**")
    ui.chart(charts.spec("region_measures", lang), key="since_regions")
    exports_ui.chart_downloads("since_survey_region_measures", lang, "dl_since_regions")
    st.caption(t("overview.regions_note", lang))
    st.markdown(f"**{t('overview.pilots_title', lang, first=reference.batches()['year'].min())}**")
    st.table(_pilots_shown(lang), hide_index=True)
    st.caption(t("overview.pilots_note", lang))
    ui.csv_download(lambda: downloads.since_survey_figures(lang), "since_survey.csv", lang,
                    "dl_since_survey")
    st.caption(since_survey.source_line(lang))


def timeline_section(lang: str) -> None:
    """The policy timeline: year range and issuer filters (kept in the link), chart, table, sources, download."""
    st.subheader(t("overview.timeline_title", lang))
    first, last = overview.timeline_years()
    issuer_names = overview.issuer_options(lang)
    filter_years, filter_issuers = st.columns([2, 3])
    with filter_years:
        years = links.widget("overview", "tl_years", st.slider, t("overview.timeline_years", lang), first, last)
    with filter_issuers:
        issuers = links.widget("overview", "tl_issuers", st.multiselect, t("overview.timeline_issuers", lang),
                               list(issuer_names), format_func=issuer_names.get,
                               placeholder=t("common.filter_all", lang))
    policies = overview.timeline(lang, years, issuers)
    st.caption(t("overview.timeline_count", lang, n=len(policies)))
    if policies.empty:
        st.info(t("overview.timeline_empty", lang))
    else:
        ui.chart(overview_charts.spec("timeline", lang, tuple(years), tuple(issuers)), key="timeline")
        exports_ui.chart_downloads("overview_timeline", lang, "dl_img_timeline", years=tuple(years),
                                   issuers=tuple(issuers))
        shown = overview.timeline_display(policies, lang)
        if not briefing():
            wide_table.dataframe(shown, lang, "tl_columns", overview.timeline_key_columns(lang))
        ui.source_caption(policies, lang)
        ui.csv_download(partial(downloads.timeline, lang, years, issuers), "policy_timeline.csv", lang, "dl_timeline")

