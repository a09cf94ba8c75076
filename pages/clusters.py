"""City clusters and first-tier cities: cluster bars, member cities (map and table), the 16 cities, industries."""
from __future__ import annotations

import streamlit as st

from smedx import clusters
from smedx.i18n import t
from smedx.ui import clusters as view
from smedx.ui.shell import lang

lang = lang()
st.title(t("clusters.title", lang))
st.markdown(t("clusters.intro", lang, **clusters.text_fields(lang)))

view.cluster_section(lang)
view.members_section(lang)
view.first_tier_section(lang)
view.industries_section(lang)
