"""The what-if comparison view: up to three named scenarios of this session side by side with the current one,
kept in the URL (repeated ``?cmp=<name>::<query>``)."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import streamlit as st

from smedx import urlstate, whatif
from smedx.i18n import t
from smedx.model import simulate
from smedx.model.params import ModelSpec, Scenario, from_query, to_query
from smedx.ui import links
from smedx.ui.whatif_cache import run_cached

PAGE = "whatif"
SAVED_KEY = "wi_saved"
SAVED_PARAM = "cmp"


def _saved() -> dict[str, dict[str, str]]:
    """Named scenarios of this session (name → query), seeded from the URL's repeated ``cmp`` parameter."""
    if SAVED_KEY not in st.session_state:
        saved: dict[str, dict[str, str]] = {}
        for entry in links.value(PAGE, SAVED_PARAM):
            name, _, query = entry.partition("::")
            if name:
                saved[name] = dict(parse_qsl(query))
        st.session_state[SAVED_KEY] = saved
    return st.session_state[SAVED_KEY]


def _write_saved(saved: dict[str, dict[str, str]]) -> None:
    st.session_state[SAVED_KEY] = saved
    links.store(PAGE, urlstate.key(PAGE, SAVED_PARAM), [f"{name}::{urlencode(query)}" for name, query in saved.items()])


def _save(query: dict[str, str], fallback_name: str) -> None:
    """Button callback: store the current scenario under the typed name (callbacks survive the shell's rerun)."""
    name = str(st.session_state.get("wi_name") or "").strip() or fallback_name
    _write_saved({**_saved(), name: query})


def _remove(name: str) -> None:
    _write_saved({k: v for k, v in _saved().items() if k != name})


def compare(spec: ModelSpec, scenario: Scenario, result: simulate.Result, lang: str) -> None:
    """Save up to three named scenarios and show them side by side with the current one (``result``)."""
    st.subheader(t("whatif.compare_title", lang))
    saved = _saved()
    name_col, save_col = st.columns([3, 1], vertical_alignment="bottom")
    name_col.text_input(t("whatif.compare_name", lang), key="wi_name",
                        placeholder=t("whatif.compare_placeholder", lang, n=len(saved) + 1))
    full = len(saved) >= whatif.MAX_SAVED
    save_col.button(t("whatif.compare_save", lang), key="wi_save", disabled=full, width="stretch",
                    on_click=_save, args=(to_query(scenario), t("whatif.compare_placeholder", lang, n=len(saved) + 1)))
    if full:
        st.caption(t("whatif.compare_full", lang, n=whatif.MAX_SAVED))
    if not saved:
        st.caption(t("whatif.compare_empty", lang))
        return
    for label in list(saved):
        st.button(t("whatif.compare_remove", lang, name=label), key=f"wi_rm_{label}", on_click=_remove, args=(label,))
    current = t("whatif.compare_current", lang)
    scenarios = {current: scenario, **{k: from_query(v, spec) for k, v in saved.items()}}
    results = {k: result if k == current else run_cached(s, ()) for k, s in scenarios.items()}
    st.dataframe(whatif.outcomes_table(results, lang), hide_index=True, placeholder="—")
    settings = whatif.settings_table(scenarios, spec, lang)
    st.markdown(f"**{t('whatif.compare_settings', lang)}**")
    st.dataframe(settings[settings["differs"]].drop(columns="differs"), hide_index=True, placeholder="—")
