"""The programme tab: coverage per batch and the programme-level facts with their sources."""
from __future__ import annotations

from functools import cache

import pyarrow as pa
import streamlit as st

from smedx.tracker import view
from smedx.ui import components as ui
from smedx.ui.tracker.overview import arrow
from smedx.ui.tracker.text import k as _k


def programme_section(lang: str) -> None:
    """Programme-level facts (三批, caps, fund rules, 2025–27 targets) with sources; per-city money not published."""
    st.subheader(_k("programme_title", lang))
    facts = view.programme_table(lang)
    st.dataframe(_programmearrow(lang), hide_index=True, placeholder="—")
    ui.source_caption(facts, lang)


@cache
def _programmearrow(lang: str) -> pa.Table:
    """The programme facts table without its source columns (reference data: once per language and process)."""
    return arrow(view.programme_table(lang).drop(columns=["source_id", "locator"]))
