"""App shell state: language and briefing (presentation) mode, kept in session state and in the URL
(``?lang=en&mode=brief``; the old ``?brief=1`` is read too) through the URL registry."""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from smedx import urlstate
from smedx.i18n import LANGS, normalise_lang, t
from smedx.ui import links

SHELL_PAGE = urlstate.PAGES[0]  # the shell's parameters (lang, mode) are the same on every page
BRIEF_KEY = "brief"  # the briefing toggle's state (True in presentation mode)
SEEDED_KEY = "_shell_seeded"  # the run whose start seeded the shell's parameters


def _ensure_entry_point() -> None:
    """Make sure the page runs inside ``streamlit_app.py`` (its sidebar and ``st.navigation``).

    While Streamlit's legacy ``pages/`` mode is on (a fresh server before ``st.navigation`` first ran, and every
    AppTest run, which resets the flag), a page URL runs ``pages/<page>.py`` on its own. Switch that mode off
    and rerun, so the entry point renders the page with the shared sidebar.
    """
    if PagesManager.uses_pages_directory or not st.session_state.get("_shell_ready"):
        PagesManager.uses_pages_directory = False
        st.rerun()


def _seed() -> None:
    """Seed the shell's parameters from the link, once per script run (full or fragment): later calls in the
    same run would find the address just written by :func:`sidebar` and change nothing, yet pages ask for the
    language and the mode dozens of times a run (~0.3 ms each)."""
    ctx = get_script_run_ctx()
    run = getattr(ctx, "cursors", None)  # a new dict at the start of every run (ScriptRunContext.reset)
    if run is not None and st.session_state.get(SEEDED_KEY) is run:
        return
    links.seed(SHELL_PAGE, "lang", sticky=True)
    alias = st.query_params.get_all(urlstate.BRIEF_ALIAS)
    if alias and "mode" not in st.query_params:  # the old ?brief=1: read as mode=brief
        st.query_params["mode"] = urlstate.shell_mode({urlstate.BRIEF_ALIAS: alias})[0]
    links.seed(SHELL_PAGE, "mode", to_state=lambda mode: mode == "brief", sticky=True)
    if run is not None:
        st.session_state[SEEDED_KEY] = run  # held, so its id cannot be reused by a later run's dict


def lang() -> str:
    """The current language code (``zh`` default, ``en`` via sidebar or ``?lang=en``).

    Pages call this first; it also guarantees they run inside the app shell.
    """
    _ensure_entry_point()
    _seed()
    return normalise_lang(st.session_state["lang"])


def briefing() -> bool:
    """True in briefing (presentation) mode (``?mode=brief``): sidebar, controls, downloads and detail tables
    are hidden."""
    _seed()
    return bool(st.session_state[BRIEF_KEY])


def start() -> None:
    """Called first by ``streamlit_app.py``: mark the run as inside the shell and read the URL state."""
    st.session_state["_shell_ready"] = True
    _seed()


def sidebar() -> str:
    """Render the shared sidebar controls and return the language; keeps both settings in the URL."""
    current = st.sidebar.radio(t("common.language", lang()), LANGS, format_func=urlstate.LANG_NAMES.get, key="lang",
                               horizontal=True)
    st.sidebar.toggle(t("common.briefing", current), key=BRIEF_KEY, help=t("common.briefing_help", current))
    links.note(SHELL_PAGE, urlstate.key(SHELL_PAGE, "mode"), "brief" if st.session_state[BRIEF_KEY] else "normal",
               st.sidebar)
    st.sidebar.caption(t("common.share_link", current))
    links.store(SHELL_PAGE, urlstate.key(SHELL_PAGE, "lang"), current)
    links.store(SHELL_PAGE, urlstate.key(SHELL_PAGE, "mode"), "brief" if st.session_state[BRIEF_KEY] else "normal")
    if urlstate.BRIEF_ALIAS in st.query_params:  # the old form, now written as mode=brief
        del st.query_params[urlstate.BRIEF_ALIAS]
    return normalise_lang(current)
