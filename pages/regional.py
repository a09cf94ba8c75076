"""Regions: choropleth of the four NBS regions' 2020 shares, provinces by region, bars, broadband, export."""
from __future__ import annotations

import streamlit as st

from smedx import regional
from smedx.i18n import t
from smedx.ui import regional as view
from smedx.ui.shell import lang

lang = lang()
st.title(t("regional.title", lang))
st.markdown(t("regional.intro", lang, **regional.year_fields(lang)))

region = view.region_control(lang)
left, right = st.columns([3, 2])
with left:
    view.choropleth(lang, region)
with right:
    view.side_table(lang, region)

view.region_bars(lang, region)
view.broadband(lang)
view.export(lang, region)
