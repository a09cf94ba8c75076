"""The import / export tab: CSV (UTF-8 BOM) and XLSX of all reports and the template for everyone; upload and
import for editors (the file's size is checked before it is read; every row is reported in the reader's
language; all rows or none are written)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from smedx.i18n import t
from smedx.tracker import exporter, reference
from smedx.tracker.importer import import_file
from smedx.tracker.messages import Message, TrackerError
from smedx.tracker.reading import MAX_BYTES
from smedx.tracker.records import Actor
from smedx.tracker.store import TrackerStore
from smedx.ui.shell import briefing
from smedx.ui.tracker.text import k as _k
from smedx.ui.tracker.text import plain


def export_section(lang: str, reports: pd.DataFrame | None) -> None:
    """CSV (UTF-8 BOM) and XLSX of all reports, and the import template (hidden in briefing mode)."""
    st.subheader(_k("export_title", lang))
    if briefing() or reports is None:
        st.caption(_k("export_hidden_briefing" if reports is not None else "reports_unavailable", lang))
        return
    cities = reference.cities()

    def export_csv() -> bytes:  # built only when the button is clicked
        return exporter.to_csv_bytes(exporter.export_frame(reports, cities))

    def export_xlsx() -> bytes:
        return exporter.to_xlsx_bytes(exporter.export_frame(reports, cities))

    left, middle, right = st.columns(3)
    left.download_button(_k("export_csv", lang), export_csv, "pilot_reports.csv", "text/csv",
                         key="tracker_dl_csv", icon=":material/download:", help=t("common.download_help", lang))
    middle.download_button(_k("export_xlsx", lang), export_xlsx, "pilot_reports.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="tracker_dl_xlsx", icon=":material/download:")
    right.download_button(_k("export_template", lang), exporter.template_csv, "pilot_reports_template.csv",
                          "text/csv", key="tracker_dl_template", icon=":material/description:")
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
