"""The change history of a city's reports (editors only): who, when, what, old and new values, as plain-text
table cells (long texts shortened)."""
from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from smedx import memo
from smedx.tracker.messages import TrackerError
from smedx.tracker.store import TrackerStore
from smedx.ui.tracker.connection import banner
from smedx.ui.tracker.overview import arrow
from smedx.ui.tracker.text import k as _k

BRIEF_VALUE = 80  # characters of one value in the history


def audit_section(lang: str, store: TrackerStore, adcode: str, url: str | None = None,
                  signature: tuple[Any, ...] | None = None) -> None:
    """Change history of the city's reports (editors only). Every audited write changes the reports signature,
    so the history is cached on it."""
    with st.expander(_k("audit_title", lang)):
        try:
            table = _audit_table(lang, url, signature, adcode, store)
        except TrackerError as exc:
            banner(lang, exc)
            return
        if table is None:
            st.caption(_k("audit_empty", lang))
        else:
            st.dataframe(table, hide_index=True, placeholder="—")


@memo.shared(64)
def _audit_table(lang: str, url: str | None, signature: tuple[Any, ...] | None, adcode: str, _store: TrackerStore
                 ) -> pa.Table | None:
    entries = _store.audit(city_adcode=adcode, limit=500)
    if not entries:
        return None
    return arrow(pd.DataFrame({
        _k("audit_at", lang): [e.at.strftime("%Y-%m-%d %H:%M UTC") for e in entries],
        _k("audit_actor", lang): [e.actor for e in entries],
        _k("audit_action", lang): [_k(f"action_{e.action}", lang) for e in entries],
        _k("audit_key", lang): [e.entity_key for e in entries],
        _k("audit_old", lang): [_brief(e.old) for e in entries],
        _k("audit_new", lang): [_brief(e.new) for e in entries],
    }))


def _brief(values: dict[str, Any] | None) -> str:
    if not values:
        return ""
    return ", ".join(f"{key}={_short(value)}" for key, value in values.items()
                     if value is not None and key != "city_adcode")


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= BRIEF_VALUE else text[:BRIEF_VALUE - 1] + "…"
