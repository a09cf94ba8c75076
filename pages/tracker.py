"""Pilot-city tracker: the MoF/MIIT SME digital-transformation city pilots — coverage, map, table, city detail,
progress reports kept by editors, import/export and programme facts. Five tabs; only the open one runs
(``?view=`` in the URL)."""
from __future__ import annotations

import streamlit as st

from smedx.i18n import t
from smedx.ui import tracker as ui
from smedx.ui.shell import lang

lang = lang()
st.title(t("tracker.title", lang))
st.markdown(ui.intro(lang))
tracker = ui.start(lang)
open_view, tab = ui.tabs(lang)
with tab:
    ui.render(open_view, lang, tracker)
