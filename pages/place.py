"""Place profile: everything the dashboard knows about one province or city (``?place=<adcode>``), with a name
search."""
from __future__ import annotations

import streamlit as st

from smedx.i18n import t
from smedx.ui import place as view
from smedx.ui.shell import lang

lang = lang()
st.title(t("place.title", lang))
st.markdown(t("place.intro", lang))
view.render(lang)
