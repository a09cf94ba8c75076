"""App shell state: language and briefing mode, kept in session state and in the URL (?lang=en&brief=1)."""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from smedx.i18n import DEFAULT_LANG, LANGS, normalise_lang, t

LANG_NAMES = {"zh": "中文", "en": "English"}


def _init_from_url(key: str, parse) -> None:  # type: ignore[no-untyped-def]
    """Seed session state from the query string on the session's first run."""
    if key not in st.session_state:
        st.session_state[key] = parse(st.query_params.get(key))


def write_url(key: str, value: str | None) -> None:
    """Keep ``key`` in the URL (removed when it has its default value ``None``)."""
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def _ensure_entry_point() -> None:
    """Make sure the page runs inside ``streamlit_app.py`` (its sidebar and ``st.navigation``).

    While Streamlit's legacy ``pages/`` mode is on (a fresh server before ``st.navigation`` first ran, and every
    AppTest run, which resets the flag), a page URL runs ``pages/<page>.py`` on its own. Switch that mode off
    and rerun, so the entry point renders the page with the shared sidebar.
    """
    if PagesManager.uses_pages_directory or not st.session_state.get("_shell_ready"):
        PagesManager.uses_pages_directory = False
        st.rerun()


def lang() -> str:
    """The current language code (``zh`` default, ``en`` via sidebar or ``?lang=en``).

    Pages call this first; it also guarantees they run inside the app shell.
    """
    _ensure_entry_point()
    _init_from_url("lang", normalise_lang)
    return normalise_lang(st.session_state["lang"])


def briefing() -> bool:
    """True in briefing mode (``?brief=1``): downloads and detail tables are hidden."""
    _init_from_url("brief", lambda raw: raw in ("1", "true"))
    return bool(st.session_state["brief"])


def start() -> None:
    """Called first by ``streamlit_app.py``: mark the run as inside the shell and read the URL state."""
    st.session_state["_shell_ready"] = True
    _init_from_url("lang", normalise_lang)
    _init_from_url("brief", lambda raw: raw in ("1", "true"))


def sidebar() -> str:
    """Render the shared sidebar controls and return the language; keeps both settings in the URL."""
    current = st.sidebar.radio(t("common.language", lang()), LANGS, format_func=LANG_NAMES.get, key="lang",
                               horizontal=True)
    st.sidebar.toggle(t("common.briefing", current), key="brief", help=t("common.briefing_help", current))
    st.sidebar.caption(t("common.share_link", current))
    write_url("lang", None if current == DEFAULT_LANG else current)
    write_url("brief", "1" if st.session_state["brief"] else None)
    return normalise_lang(current)
