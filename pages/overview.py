"""Overview: headline figures, 2020 stage split, 2020 → 2021, macro context, barriers, path, policy timeline,
and what has been published since the survey."""
from __future__ import annotations

import streamlit as st

from smedx import overview
from smedx.charts import overview as charts
from smedx.figures import figure
from smedx.i18n import t
from smedx.ui import components as ui
from smedx.ui import overview as view
from smedx.ui import wide_table
from smedx.ui.shell import briefing, lang

lang = lang()
fields = overview.text_fields(lang)
st.title(t("overview.title", lang))
st.markdown(t("overview.intro", lang, n=figure("survey_sample_size", lang, "CN", 2020).text, year=fields["year"]))

head = overview.headline(lang)
change = overview.change_2021(lang)
labels = ("overview.metric_share", "overview.metric_share", "overview.metric_sample")
for column, fig, label in zip(st.columns(len(head)), head, labels, strict=True):
    with column:  # no metric delta: the two years are not like for like (the caption says so)
        ui.metric(t(label, lang, year=fig.year), fig,
                  help_text=t("overview.metric_help", lang, label=fig.label, note=fig.note))
st.caption(t("overview.change_caption", lang, x=fields["change"], **fields))
ui.figures_caption([*head, change], lang)

left, right = st.columns([3, 2])
with left:
    st.subheader(t("overview.stages_title", lang, **fields))
    stages = overview.stage_split(lang)
    ui.chart(charts.spec("stage_split", lang), key="stages")
    st.caption(t("overview.stages_note", lang, **overview.stage_note_fields(lang)))
    ui.source_caption(stages, lang)
    ui.csv_download(stages[["stage", "text", "status", "source_id", "locator"]], "stages_2020.csv", lang, "dl_stages")
with right:
    st.subheader(t("overview.change_title", lang, **fields))
    years = overview.year_change(lang)
    ui.chart(charts.spec("year_change", lang), key="change")
    st.caption(t("overview.change_note", lang, **fields))
    ui.source_caption(years, lang)

st.subheader(t("overview.macro_title", lang))
macro_left, macro_right = st.columns([3, 2])
with macro_left:
    st.table(overview.macro_table(lang), hide_index=True)
with macro_right:
    st.markdown(f"**{t('overview.sectors_title', lang, year=fields['sectors'])}**")
    ui.chart(charts.spec("sector_shares", lang), key="sectors")
ui.source_caption(overview.macro_provenance(lang), lang)

st.subheader(t("overview.barriers_title", lang))
st.markdown(t("overview.barriers_intro", lang))
barriers = overview.barriers(lang)
st.table(overview.barriers_display(barriers, lang), hide_index=True)
ui.source_caption(overview.barriers_provenance(barriers), lang)

st.subheader(t("overview.path_title", lang))
path = overview.path(lang)
for column, stage in zip(st.columns(len(path)), path.to_dict("records"), strict=True):
    with column, st.container(border=True):
        st.markdown(t("overview.path_heading", lang, n=stage["stage"], name=stage["name"]))
        st.markdown(t("overview.path_focus", lang, text=stage["focus"]))
        st.markdown(t("overview.path_saas", lang, text=stage["saas"]))
saas = figure("saas_revenue_expectation", lang)
st.caption(t("overview.saas_note", lang, text=saas.text, label=saas.label))
ui.source_caption(overview.path_provenance(path, saas), lang)

st.subheader(t("overview.timeline_title", lang))
first, last = overview.timeline_years()
issuer_names = overview.issuer_options(lang)
filter_years, filter_issuers = st.columns([2, 3])
with filter_years:
    years = st.slider(t("overview.timeline_years", lang), first, last, (first, last), key="tl_years",
                      bind="query-params")
with filter_issuers:
    issuers = st.multiselect(t("overview.timeline_issuers", lang), list(issuer_names),
                             format_func=issuer_names.get, key="tl_issuers", bind="query-params",
                             placeholder=t("common.filter_all", lang))
policies = overview.timeline(lang, years, issuers)
st.caption(t("overview.timeline_count", lang, n=len(policies)))
if policies.empty:
    st.info(t("overview.timeline_empty", lang))
else:
    ui.chart(charts.spec("timeline", lang, tuple(years), tuple(issuers)), key="timeline")
    shown = overview.timeline_display(policies, lang)
    if not briefing():
        wide_table.dataframe(shown, lang, "tl_columns", overview.timeline_key_columns(lang))
    ui.source_caption(policies, lang)
    ui.csv_download(shown, "policy_timeline.csv", lang, "dl_timeline")

view.since_survey_section(lang)
