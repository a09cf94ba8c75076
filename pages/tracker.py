"""Pilot-city tracker: the MoF/MIIT SME digital-transformation city pilots — coverage, map, table, city detail,
progress reports kept by editors, import/export and programme facts."""
from __future__ import annotations

import streamlit as st

from smedx.i18n import t
from smedx.tracker import config, view
from smedx.ui import tracker as ui
from smedx.ui.shell import lang

lang = lang()
st.title(t("tracker.title", lang))
st.markdown(t("tracker.intro", lang, **view.intro_fields(lang)))
connection = ui.connect(lang)
settings = config.editor_settings(ui.secrets())
actor = ui.current_actor(settings)
ui.sign_in_panel(lang, settings, actor)
ui.hosted_sqlite_warning(lang, connection, actor)
reports = ui.load_reports(connection, lang)
editor = ui.active_editor(actor, connection)

ui.coverage_section(lang)
cities = ui.cities_frame(lang, connection.url, connection.signature, reports)
st.subheader(t("tracker.cities_title", lang))
shown = ui.filters(lang, cities, db_ok=reports is not None, url=connection.url, signature=connection.signature)
ui.map_section(lang, shown)
ui.table_section(lang, shown)

st.subheader(t("tracker.detail_title", lang))
adcode = ui.city_choice(lang, shown)
if adcode is not None:
    city_reports = ui.city_detail(lang, adcode, cities, reports, connection.url, connection.signature)
    if editor is not None:
        ui.edit_section(lang, connection.store, editor, adcode, city_reports)
        ui.audit_section(lang, connection.store, adcode, connection.url, connection.signature)
    elif reports is None:
        st.caption(t("tracker.edits_disabled_db", lang))

ui.export_section(lang, reports)
if editor is not None:
    ui.import_section(lang, connection.store, editor)
ui.programme_section(lang)
