"""Streamlit pieces of the overview page: the policy timeline and the "since the survey" section (MIIT rates,
the 5th economic census beside the survey's regional shares, the city pilots), and the page's static tables and
source captions.

Specs, tables (converted to Arrow once) and captions are memoized per language and selection: the data do not
change while the app runs, and rebuilding them took ~30 ms of pandas on every rerun. Treat them as read-only."""
from __future__ import annotations

from functools import lru_cache, partial

import pandas as pd
import pyarrow as pa
import streamlit as st

from smedx import downloads, headlines, overview, provenance, since_survey
from smedx.charts import overview as overview_charts
from smedx.charts import since_survey as charts
from smedx.figures import figure, provenance_rows
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


_TABLES = {
    "macro": overview.macro_table,
    "barriers": lambda lang: overview.barriers_display(overview.barriers(lang), lang),
}
_PROVENANCE = {
    "figures": lambda lang: provenance_rows([*overview.headline(lang), overview.change_2021(lang)]),
    "stages": overview.stage_split,
    "years": overview.year_change,
    "macro": overview.macro_provenance,
    "barriers": lambda lang: overview.barriers_provenance(overview.barriers(lang)),
    "path": lambda lang: overview.path_provenance(overview.path(lang), figure("saas_revenue_expectation", lang)),
}


@lru_cache(maxsize=8)
def table(name: str, lang: str) -> pa.Table:
    """The page's static table ``name`` ("macro", "barriers") as shown, converted to Arrow once per language."""
    return pa.Table.from_pandas(_TABLES[name](lang), preserve_index=False)


@lru_cache(maxsize=16)
def caption(name: str, lang: str) -> str:
    """The source caption of the page's block ``name`` (:data:`_PROVENANCE`), built once per language."""
    return provenance.caption(_PROVENANCE[name](lang), lang)


@lru_cache(maxsize=4)
def _since_fields(lang: str) -> dict[str, object]:
    """The since-survey section's text fields: years of the rates, target year, census year and metrics."""
    years = since_survey.rates(lang)["period"].str.slice(0, 4)
    census = since_survey.census(lang)
    return {"first": years.min(), "last": years.max(), "target": since_survey.targets(lang)["period"].iloc[0],
            "census_year": census["period"].iloc[0], "pilots_first": reference.batches()["year"].min(),
            "census": tuple((row.scope_label, row.text, row.source) for row in census.itertuples())}


@lru_cache(maxsize=4)
def path_cards(lang: str) -> tuple[dict[str, object], ...]:
    """The three path stages as records (stage, name, focus, saas) for the cards."""
    return tuple(overview.path(lang).to_dict("records"))


@lru_cache(maxsize=64)
def _timeline_shown(lang: str, years: tuple[int, int],
                    issuers: tuple[str, ...]) -> tuple[int, pd.DataFrame | None, str]:
    """The policies of the selection: their count, the table as shown and the source caption."""
    policies = overview.timeline(lang, years, issuers)
    shown = overview.timeline_display(policies, lang) if not policies.empty else None
    return len(policies), shown, provenance.caption(policies, lang) if not policies.empty else ""


def since_survey_section(lang: str) -> None:
    """Figures published since the survey, each other measures than the ACFIC share of SMEs."""
    st.subheader(t("overview.since_title", lang))
    st.markdown(t("overview.since_intro", lang))
    fields = _since_fields(lang)
    st.markdown(f"**{t('overview.rates_title', lang, first=fields['first'], last=fields['last'])}**")
    ui.chart(charts.spec("rates", lang), key="since_rates", summary=headlines.headline("since_survey", lang))
    exports_ui.chart_downloads("since_survey_rates", lang, "dl_since_rates")
    st.caption(t("overview.rates_alt", lang, year=fields["target"]))
    st.markdown(f"**{t('overview.census_title', lang, year=fields['census_year'])}**")
    with st.container(horizontal=True):
        for label, text, source in fields["census"]:  # type: ignore[attr-defined]
            st.metric(label, text, border=True, help=source)
    st.caption(t("overview.census_note", lang))
    st.markdown(f"**{t('overview.regions_title', lang)}**")
    ui.chart(charts.spec("region_measures", lang), key="since_regions")
    exports_ui.chart_downloads("since_survey_region_measures", lang, "dl_since_regions")
    st.caption(t("overview.regions_note", lang))
    st.markdown(f"**{t('overview.pilots_title', lang, first=fields['pilots_first'])}**")
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
    count, shown, source = _timeline_shown(lang, tuple(years), tuple(issuers))
    st.caption(t("overview.timeline_count", lang, n=count))
    if shown is None:
        st.info(t("overview.timeline_empty", lang))
    else:
        ui.chart(overview_charts.spec("timeline", lang, tuple(years), tuple(issuers)), key="timeline")
        exports_ui.chart_downloads("overview_timeline", lang, "dl_img_timeline", years=tuple(years),
                                   issuers=tuple(issuers))
        if not briefing():
            wide_table.dataframe(shown, lang, "tl_columns", overview.timeline_key_columns(lang))
        st.caption(source)
        ui.csv_download(partial(downloads.timeline, lang, years, issuers), "policy_timeline.csv", lang, "dl_timeline")

