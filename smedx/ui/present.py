"""Presentation mode (``?mode=brief``): the sidebar and every control hidden, type 1.5 ×, a clean full-width
layout, and previous / next through the key views of :mod:`smedx.views` in their fixed order.

One style block, written by the app shell once per run (no external font: the system's CJK font)."""
from __future__ import annotations

import streamlit as st

from smedx import views
from smedx.i18n import DEFAULT_LANG, t

ZOOM = 1.5  # type (and charts) 1.5 × at 1920 × 1080: the page is laid out as 1280 CSS px wide
_HIDDEN = ("stSidebar", "stSidebarCollapsedControl", "stExpandSidebarButton", "stToolbar", "stDecoration",
           "stSlider", "stMultiSelect", "stSelectbox", "stRadio", "stTextInput", "stButton", "stDownloadButton",
           "stExpander", "stFileUploader", "stPopover", "stCheckbox", "stNumberInput")
STYLE = (
    "<style>"
    + ", ".join(f'[data-testid="{name}"]' for name in _HIDDEN) + " {display: none !important;}"
    + '[data-baseweb="tab-list"] {display: none !important;}'
    + f'[data-testid="stMain"] {{zoom: {ZOOM};}}'
    + '[data-testid="stMainBlockContainer"] {max-width: 100% !important; padding: 1.5rem 2rem 3rem !important;}'
    + '[data-testid="stHeader"] {display: none !important;}'
    + "</style>"
)


def style() -> None:
    """The presentation style block (no visible element)."""
    st.html(STYLE)


def _query(view: views.View, lang: str) -> dict[str, str]:
    return {**view.query, "mode": "brief", **({} if lang == DEFAULT_LANG else {"lang": lang})}


def _link(view: views.View, lang: str, label_key: str) -> None:
    title = t(view.title, lang)
    st.page_link(f"pages/{view.page}.py", label=t(label_key, lang, title=title), query_params=_query(view, lang))


def navigation(page: str, lang: str, query: dict[str, list[str]]) -> None:
    """Previous / position / next of the key views, and the way out of presentation mode."""
    index = views.current(page, query)
    with st.container(horizontal=True, vertical_alignment="center", key="present_nav"):
        if index is not None and index > 0:
            _link(views.VIEWS[index - 1], lang, "share.prev")
        if index is not None:
            st.caption(t("share.position", lang, n=index + 1, total=len(views.VIEWS)))
        if index is not None and index + 1 < len(views.VIEWS):
            _link(views.VIEWS[index + 1], lang, "share.next")
        elif index is None:
            _link(views.VIEWS[0], lang, "share.next")
        st.page_link(f"pages/{page}.py", label=t("share.exit", lang),
                     query_params={k: v for k, v in query.items() if k not in ("mode", "brief")})
