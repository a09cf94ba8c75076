"""Presentation mode (``?mode=brief``): the sidebar and every control hidden, type 1.5 ×, a clean full-width
layout, and previous / next through the key views of :mod:`smedx.views` in their fixed order.

One style block, written by the app shell once per run (no external font: the system's CJK font)."""
from __future__ import annotations

import streamlit as st

from smedx import headlines, markup, urlstate, views
from smedx.i18n import DEFAULT_LANG, t

SCALE = 1.5  # type 1.5 ×: the root font size (Streamlit sizes text in rem) and the charts (CSS zoom)
_HIDDEN = ("stSidebar", "stSidebarCollapsedControl", "stExpandSidebarButton", "stToolbar", "stDecoration",
           "stHeader", "stSlider", "stMultiSelect", "stSelectbox", "stRadio", "stTextInput", "stButton",
           "stDownloadButton", "stExpander", "stFileUploader", "stPopover", "stCheckbox", "stNumberInput")
# A zoomed chart measures its container before the zoom: it gets 1/SCALE of the width, and fills it once zoomed.
STYLE = (
    "<style>"
    + ", ".join(f'[data-testid="{name}"]' for name in _HIDDEN) + ', [role="tablist"] {display: none !important;}'
    + f"html {{font-size: {100 * SCALE:g}% !important;}}"
    + f'[data-testid="stVegaLiteChart"] {{zoom: {SCALE}; width: {100 / SCALE:.3f}% !important;}}'
    + '[data-testid="stMainBlockContainer"] {max-width: 100% !important; padding: 1.5rem 3rem 3rem !important;}'
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


def headline(view: views.View, page: str, query: dict[str, list[str]], lang: str) -> str | None:
    """The view's headline sentence generated from the data for what the link shows (the regional page's region,
    the what-if scenario of the link's levers), None for a view without one."""
    if view.headline is None:
        return None
    selection: dict[str, object] = {}
    if view.headline == "regional":
        region = urlstate.parse(page, query)[0].get("region")
        selection["region"] = None if region == "all" else region
    elif view.headline == "whatif":
        from smedx.model.params import from_query, load_spec  # the model only on the what-if view
        from smedx.ui.whatif_cache import run_cached

        levers = {name: values[0] for name, values in query.items() if values}
        selection["result"] = run_cached(from_query(levers, load_spec()), ())
    return headlines.headline(view.headline, lang, **selection)


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
        kept = {k: v[0] if len(v) == 1 else v for k, v in query.items() if k not in ("mode", "brief")}
        st.page_link(f"pages/{page}.py", label=t("share.exit", lang), query_params={**kept, "mode": "normal"})
    sentence = headline(views.VIEWS[index], page, query, lang) if index is not None else None
    if sentence:
        st.subheader(markup.escape(sentence))
