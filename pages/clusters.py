"""City clusters and first-tier cities: cluster bars, member cities (map and table), the 16 cities, industries.
Three tabs; only the open one runs (``?view=`` in the URL)."""
from __future__ import annotations

import streamlit as st

from smedx import clusters
from smedx.i18n import t
from smedx.ui import clusters as view
from smedx.ui.components import view_tabs
from smedx.ui.shell import lang

lang = lang()
st.title(t("clusters.title", lang))
st.markdown(t("clusters.intro", lang, **clusters.text_fields(lang)))

open_view, tab = view_tabs(lang, "clusters")
with tab:
    view.render(open_view, lang)
