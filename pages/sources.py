"""Sources & methods: every source and figure with its provenance, searchable and downloadable."""
from __future__ import annotations

from functools import partial

import streamlit as st

from smedx import about, bundle, catalogue, downloads, source_archive
from smedx.i18n import t
from smedx.ui import components as ui
from smedx.ui import exports as exports_ui
from smedx.ui import links, wide_table
from smedx.ui.shell import briefing, lang

lang = lang()
st.title(t("sources.title", lang))
st.markdown(t("sources.intro", lang))
query = links.widget("sources", "q", st.text_input, t("sources.search", lang),
                     placeholder=t("sources.search_placeholder", lang))

if not briefing():  # the data bundle and the source archive (downloads: hidden in briefing mode)
    st.subheader(t("sources.bundle_title", lang))
    st.markdown(t("sources.bundle_intro", lang))
    ui.download(t("sources.bundle_button", lang), bundle.zip_bytes, bundle.file_name(), "application/zip",
                "dl_bundle", icon=":material/folder_zip:")
    if source_archive.available():  # the package's source, to reproduce the numbers in Python anywhere
        st.markdown(t("sources.archive_intro", lang, command=about.install_command()))
        ui.download(t("sources.archive_button", lang), source_archive.zip_bytes, about.archive_name(),
                    "application/zip", "dl_source_archive", icon=":material/code:")

st.subheader(t("sources.methods_title", lang))
fields = catalogue.method_fields(lang)
for key in ("method_survey", "method_regions", "method_clusters", "method_cities", "method_industries"):
    st.markdown(f"- {t(f'sources.{key}', lang, **fields)}")
for line in catalogue.definitions(lang):
    st.markdown(f"- {line}")

for title, intro_key, count_key, table, filename in (
    ("sources.sources_title", None, "sources.sources_count", catalogue.sources_table(lang), "sources.csv"),
    ("sources.figures_title", None, "sources.figures_count", catalogue.figures_table(lang), "figures.csv"),
    ("sources.indicators_title", None, None, catalogue.indicators_table(lang), "indicators.csv"),
    ("sources.unpublished_title", "sources.unpublished_intro", None, catalogue.unpublished_table(lang),
     "not_published.csv"),
):
    st.subheader(t(title, lang))
    if intro_key:
        st.markdown(t(intro_key, lang))
    found = catalogue.search(table, query)
    if count_key:
        st.caption(t(count_key, lang, shown=len(found), total=len(table)))
    wide_table.dataframe(found, lang, f"columns_{filename}", catalogue.key_columns(lang))
    ui.csv_download(partial(downloads.sources_page, filename.removesuffix(".csv"), lang, found, query), filename,
                    lang, key=f"dl_{filename}")

exports_ui.deck_builder(lang)
