"""What-if simulator: funding and talent levers in programme units, treated firms with additionality on a Bass
diffusion (scenario, not a forecast)."""
from __future__ import annotations

import streamlit as st

from smedx.i18n import t
from smedx.ui import whatif as ui
from smedx.ui.shell import lang

lang = lang()
st.title(t("whatif.title", lang))
st.markdown(t("whatif.intro", lang))
ui.simulator(lang)
