"""Overview: headline figures, 2020 stage split, 2020 → 2021, macro context, barriers, path, policy timeline,
and what has been published since the survey."""
from __future__ import annotations

from functools import partial

import streamlit as st

from smedx import downloads, headlines, overview
from smedx.charts import overview as charts
from smedx.figures import figure
from smedx.i18n import t
from smedx.ui import components as ui
from smedx.ui import exports as exports_ui
from smedx.ui import overview as view
from smedx.ui.shell import lang

lang = lang()
fields = overview.text_fields(lang)
st.title(t("overview.title", lang))
st.markdown(t("overview.intro", lang, n=figure("survey_sample_size", lang, "CN", 2020).text, year=fields["year"]))

head = overview.headline(lang)
labels = ("overview.metric_share", "overview.metric_share", "overview.metric_sample")
for column, fig, label in zip(st.columns(len(head)), head, labels, strict=True):
    with column:  # no metric delta: the two years are not like for like (the caption says so)
        ui.metric(t(label, lang, year=fig.year), fig,
                  help_text=t("overview.metric_help", lang, label=fig.label, note=fig.note))
st.caption(t("overview.change_caption", lang, x=fields["change"], **fields))
st.caption(view.caption("figures", lang))

left, right = st.columns([3, 2])
with left:
    st.subheader(t("overview.stages_title", lang, **fields))
    ui.chart(charts.spec("stage_split", lang), key="stages")
    exports_ui.chart_downloads("overview_stage_split", lang, "dl_img_stages")
    st.caption(t("overview.stages_note", lang, **overview.stage_note_fields(lang)))
    st.caption(view.caption("stages", lang))
    ui.csv_download(partial(downloads.stages, lang), "stages_2020.csv", lang, "dl_stages")
with right:
    st.subheader(t("overview.change_title", lang, **fields))
    ui.chart(charts.spec("year_change", lang), key="change", summary=headlines.headline("overview", lang))
    exports_ui.chart_downloads("overview_year_change", lang, "dl_img_change")
    st.caption(t("overview.change_note", lang, **fields))
    st.caption(view.caption("years", lang))
    ui.csv_download(partial(downloads.year_change, lang), "implemented_2020_2021.csv", lang, "dl_change")

st.subheader(t("overview.macro_title", lang))
macro_left, macro_right = st.columns([3, 2])
with macro_left:
    st.table(view.table("macro", lang), hide_index=True)
with macro_right:
    st.markdown(f"**{t('overview.sectors_title', lang, year=fields['sectors'])}**")
    ui.chart(charts.spec("sector_shares", lang), key="sectors")
    exports_ui.chart_downloads("overview_sector_shares", lang, "dl_img_sectors")
st.caption(view.caption("macro", lang))
ui.csv_download(partial(downloads.macro, lang), "macro_context.csv", lang, "dl_macro")

st.subheader(t("overview.barriers_title", lang))
st.markdown(t("overview.barriers_intro", lang))
st.table(view.table("barriers", lang), hide_index=True)
st.caption(view.caption("barriers", lang))

st.subheader(t("overview.path_title", lang))
path = view.path_cards(lang)
for column, stage in zip(st.columns(len(path)), path, strict=True):
    with column, st.container(border=True):
        st.markdown(t("overview.path_heading", lang, n=stage["stage"], name=stage["name"]))
        st.markdown(t("overview.path_focus", lang, text=stage["focus"]))
        st.markdown(t("overview.path_saas", lang, text=stage["saas"]))
saas = figure("saas_revenue_expectation", lang)
st.caption(t("overview.saas_note", lang, text=saas.text, label=saas.label))
st.caption(view.caption("path", lang))

view.timeline_section(lang)
view.since_survey_section(lang)
