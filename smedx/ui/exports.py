"""Streamlit pieces of the slide-ready exports: a "PNG · SVG" download pair under a chart and the briefing-deck
builder. Images and decks are rendered on click only (the buttons hold callables); framed exports are memoized per
chart, language, address and selection. Hidden in briefing mode."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from smedx import views as key_views
from smedx.exports.charts import chart_export
from smedx.exports.images import MIME, ChartExport, filename, render
from smedx.i18n import t
from smedx.ui import components as ui
from smedx.ui.shell import briefing

LOCAL = "http://localhost:8501"
DECK_KEY = "deck_views"


def base_url() -> str:
    """The app's address as the browser sees it (scheme and host), for the links printed on images and slides."""
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else LOCAL


@lru_cache(maxsize=128)
def _export(chart_id: str, lang: str, base: str, selection: tuple[tuple[str, Any], ...]) -> ChartExport:
    return chart_export(chart_id, lang, base, **dict(selection))


@lru_cache(maxsize=64)
def _image(chart_id: str, lang: str, base: str, selection: tuple[tuple[str, Any], ...], fmt: str) -> bytes:
    return render(_export(chart_id, lang, base, selection), fmt)


def _pair(export: ChartExport, image: Any, lang: str, key: str, labels: tuple[str, str] | None) -> None:
    """The two buttons of ``export``; ``image(fmt)`` renders the bytes when clicked."""
    image_pair(partial(filename, export), image, lang, key, labels)


def image_pair(name: Callable[[str], str], image: Callable[[str], bytes], lang: str, key: str,
               labels: tuple[str, str] | None = None) -> None:
    """PNG · SVG buttons: ``name(fmt)`` is the file name, ``image(fmt)`` renders the bytes when clicked (so the
    image of a chart drawn elsewhere, e.g. by a fragment, is built from that chart's state at click time)."""
    with st.container(horizontal=True):
        for fmt, label in zip(("png", "svg"), labels or (None, None), strict=True):
            ui.download(label or t(f"exports.download_{fmt}", lang), partial(image, fmt), name(fmt),
                        MIME[fmt], f"{key}_{fmt}", icon=":material/image:",
                        help_text=t(f"exports.download_{fmt}_help", lang))


def chart_downloads(chart_id: str, lang: str, key: str, labels: tuple[str, str] | None = None,
                    **selection: Any) -> None:
    """PNG (2×) and SVG downloads of chart ``chart_id`` with title, headline, source and link, for the page's
    ``selection`` (hashable values: ids, tuples); ``labels`` replace the buttons' "PNG"/"SVG"."""
    if briefing():
        return
    base = base_url()
    chosen = tuple(sorted(selection.items()))
    _pair(_export(chart_id, lang, base, chosen), partial(_image, chart_id, lang, base, chosen), lang, key, labels)


def export_downloads(export: ChartExport, lang: str, key: str) -> None:
    """PNG (2×) and SVG downloads of a chart framed by the page (inputs only the page holds: a model result)."""
    if not briefing():
        _pair(export, partial(render, export), lang, key, None)


def _selections() -> dict[str, dict[str, Any]]:
    """The selections the presenter made on the pages this session (region; first-tier sort and filter)."""
    state = st.session_state
    region = state.get("region")
    return {"regional": {"region": region if region not in (None, "all") else None},
            "first_tier": {k: v for k, v in (("sort", state.get("ft_sort")), ("kind", state.get("ft_kind"))) if v}}


def _scenario() -> Any:
    """The what-if scenario of this session's levers and assumption ranges (kept in session state under the
    parameter ids by the what-if page), through the page's own parser; None when the page was not opened."""
    from smedx.model.params import from_query, load_spec

    spec = load_spec()
    query = {}
    for pid in spec.params:
        value = st.session_state.get(pid)
        if isinstance(value, int | float):
            query[pid] = f"{value:g}"
        elif isinstance(value, tuple | list) and len(value) == 2:
            query[pid] = f"{value[0]:g}~{value[1]:g}"
    return from_query(query, spec) if query else None


def deck_builder(lang: str) -> None:
    """Pick key views, then one click on the button builds and downloads the briefing deck (PPTX); hidden in
    briefing mode, like every download (the deck is prepared before the briefing)."""
    if briefing():
        return
    from smedx.exports import deck  # python-pptx is imported by the page that offers the deck only

    st.subheader(t("exports.deck_title", lang))
    views = st.multiselect(t("exports.deck_views", lang), [view.id for view in key_views.with_chart()],
                           default=list(deck.DEFAULT_VIEWS), format_func=lambda v: t(f"exports.view_{v}", lang),
                           key=DECK_KEY, placeholder=t("exports.deck_placeholder", lang))
    if not views:
        st.info(t("exports.deck_empty", lang))
        return
    st.download_button(t("exports.deck_button", lang),
                       partial(deck.build, tuple(views), lang, base_url(), _selections(), _scenario()),
                       file_name=f"smedx_briefing_{lang}.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       key="dl_deck", help=t("exports.deck_help", lang), icon=":material/slideshow:",
                       on_click="ignore", type="primary")
