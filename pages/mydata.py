"""My data: a researcher uploads firm records; weighted shares with 95 % intervals by region, province, cluster,
city, industry and size, side by side with the paper's regional and cluster figures. Session only."""
from __future__ import annotations

import streamlit as st

from smedx.i18n import t
from smedx.ui import mydata as view
from smedx.ui.shell import lang

lang = lang()
st.title(t("mydata.title", lang))
view.intro(lang)

upload = view.uploader(lang)
data = view.report(lang, upload) if upload is not None else None
if data is not None:
    grouping, measure = view.controls(lang, data)
    view.results(lang, data, grouping, measure)
