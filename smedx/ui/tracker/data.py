"""The import / export tab: CSV (UTF-8 BOM) and XLSX of all reports and the template for everyone; upload and
import for editors (the file's size is checked before it is read; every row is reported in the reader's
language; all rows or none are written)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from smedx.export import Download, download_xlsx
from smedx.i18n import t
from smedx.tracker import exporter, reference, view
from smedx.tracker.importer import import_file
from smedx.tracker.messages import Message, TrackerError
from smedx.tracker.reading import MAX_BYTES
from smedx.tracker.records import Actor
from smedx.tracker.store import TrackerStore
from smedx.ui import components as ui
from smedx.ui.shell import briefing
from smedx.ui.tracker.text import k as _k
from smedx.ui.tracker.text import plain


def export_section(lang: str, reports: pd.DataFrame | None) -> None:
    """The pilot-city list (CSV/XLSX, always: every city, before any report and while the database is down),
    the reports as CSV (re-importable) and XLSX (reports and the city list), and the import template (hidden in
    briefing mode)."""
    st.subheader(_k("export_title", lang))
    if briefing():
        st.caption(_k("export_hidden_briefing", lang))
        return
    cities = reference.cities()

    def city_list() -> Download:  # built only when a button is clicked
        return exporter.city_list(view.cities_frame(lang, reports))

    with st.container(horizontal=True):
        ui.csv_download(city_list, "pilot_cities_all.csv", lang, "tracker_dl_cities_csv")
        ui.xlsx_download(lambda: download_xlsx(city_list(), "cities"), "pilot_cities_all.xlsx", lang,
                         "tracker_dl_cities_xlsx")
    st.caption(_k("export_cities_note", lang, n=len(cities)))
    if reports is None:
        st.caption(_k("reports_unavailable", lang))
        return
    with st.container(horizontal=True):
        ui.download(_k("export_csv", lang), lambda: exporter.to_csv_bytes(exporter.export_frame(reports, cities)),
                    "pilot_reports.csv", "text/csv", "tracker_dl_csv", help_text=t("common.download_help", lang))
        ui.download(_k("export_xlsx", lang), lambda: exporter.reports_xlsx(reports, cities, city_list()),
                    "pilot_reports.xlsx", ui.XLSX_MIME, "tracker_dl_xlsx")
        ui.download(_k("export_template", lang), exporter.template_csv, "pilot_reports_template.csv", "text/csv",
                    "tracker_dl_template", icon=":material/description:")
    st.caption(_k("export_note", lang))


def import_section(lang: str, store: TrackerStore, actor: Actor) -> None:
    """Upload CSV/XLSX (UTF-8, UTF-8 BOM, GB18030): row-by-row report; all rows or none are written."""
    st.subheader(_k("import_title", lang))
    st.caption(_k("import_note", lang))
    upload = st.file_uploader(_k("import_file", lang), type=["csv", "xlsx"], key="tracker_upload")
    replace = st.checkbox(_k("import_replace", lang), key="tracker_replace")
    if upload is None or not st.button(_k("import_run", lang), key="tracker_import_run", type="primary"):
        return
    if upload.size > MAX_BYTES:
        st.error(Message("too_large", {"mb": MAX_BYTES // 2**20}).text(lang))
        return
    try:
        report = import_file(store, actor, upload.getvalue(), upload.name, reference.cities(), replace=replace)
    except TrackerError as exc:
        st.error(exc.message(lang, plain))
        return
    if report.summary is not None:
        st.success(report.headline(lang))
        return
    st.error(report.headline(lang))
    st.dataframe(pd.DataFrame({
        _k("issue_row", lang): [i.row for i in report.issues],
        _k("issue_column", lang): [i.column or "" for i in report.issues],
        _k("issue_message", lang): [i.message.text(lang) for i in report.issues],
    }), hide_index=True, placeholder="—")
