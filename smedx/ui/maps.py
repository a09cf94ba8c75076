"""Streamlit pieces shared by the map pages: which map to show (tile map / boundary map, and the deployment
setting that allows tile maps only), the boundary map's pan/zoom switch and reset, and the tile map with its tap
selection.

Phones: the server cannot know the viewport width, so it takes the browser's User-Agent as the hint (a phone or
WeChat browser: tile map by default, boundary maps fitted to a phone column). The reader's choice is kept for the
session and in the URL (``?map=tiles|boundary``).
"""
from __future__ import annotations

from typing import Any

import streamlit as st

from smedx import tiles
from smedx.charts import tiles as tile_chart
from smedx.i18n import t
from smedx.ui import links

MODE_KEY = "map"
_PHONE_HINTS = ("mobi", "android", "iphone", "micromessenger")  # lower-case User-Agent tokens of phone browsers
# The page's own scrolling keeps working over a still map. deck.gl sets an inline touch-action: none on the
# canvas's wrapper div, and a touch obeys every element from its target up to the scroller, so both need it.
_STILL_CSS = ("<style>.st-key-{key} [data-testid='stDeckGlJsonChart'] :is(div, canvas)"
              "{{touch-action: pan-x pan-y pinch-zoom !important;}}</style>")


def _secrets() -> dict[str, Any]:
    try:
        return st.secrets.to_dict()
    except Exception:  # Streamlit raises its own error type when no secrets.toml exists
        return {}


def setting() -> str:
    """The deployment's map setting (``[smedx] maps`` in secrets, else ``$SMEDX_MAPS``): "tiles" or "both"."""
    return tiles.maps_setting(_secrets())


def narrow_client() -> bool:
    """True when the browser says it is a phone (User-Agent), the only width hint the server gets."""
    try:
        agent = (st.context.headers.get("User-Agent") or "").lower()
    except Exception:  # no browser session (e.g. a bare script run)
        return False
    return any(hint in agent for hint in _PHONE_HINTS)


def map_mode(page: str, lang: str) -> str:
    """"tiles" or "boundary": a segmented control (tile map first) unless the deployment shows tile maps only.
    The default is the tile map on a phone, the boundary map elsewhere; a choice that differs from it is kept in
    the link as ``?map=<id>`` (:mod:`smedx.urlstate`)."""
    if setting() == tiles.TILES_ONLY:
        return "tiles"
    labels = {mode: t(f"common.map_mode_{mode}", lang) for mode in tiles.MODES}
    hinted = "tiles" if narrow_client() else "boundary"
    key = links.seed(page, MODE_KEY, to_state=lambda mode: mode if mode in labels else hinted)
    if st.session_state.get(key.state_key) not in labels:  # a cleared control: the hint
        st.session_state[key.state_key] = hinted
    choice = st.segmented_control(t("common.map_mode", lang), list(labels), format_func=labels.get,
                                  required=True, key=key.state_key)
    links.store(page, key, "auto" if choice == hinted else choice)
    links.note(page, key, choice)
    return str(choice)


PHONE_DECK = (340, 430)  # px a boundary map is fitted to on a phone (a 358 px column at 390 px viewport)
DESKTOP_DECK_WIDTH = 700


def deck_size(narrow: bool, height: int) -> tuple[int, int]:
    """(width, height) px a boundary map's view is fitted to: the phone column, else ``height`` on a desktop."""
    return PHONE_DECK if narrow else (DESKTOP_DECK_WIDTH, height)


def pan_switch(lang: str, name: str, counter: str) -> bool:
    """The boundary map's "pan and zoom" toggle (off: a swipe scrolls the page) and its reset button, which
    bumps ``counter`` (part of the map's key: a new key redraws the initial view); returns whether pan is on."""
    with st.container(horizontal=True, vertical_alignment="center"):
        pan = st.toggle(t("common.map_pan", lang), key=f"{name}_pan", help=t("common.map_pan_help", lang))
        if st.button(t("common.map_reset", lang), key=f"{name}_reset", icon=":material/fit_screen:",
                     disabled=not pan):
            st.session_state[counter] = st.session_state.get(counter, 0) + 1
    return pan


def still_map_container(name: str, pan: bool):  # type: ignore[no-untyped-def]
    """A container for a deck; while pan is off, touch gestures over it scroll the page."""
    key = f"map_box_{name}"
    if not pan:
        st.html(_STILL_CSS.format(key=key))
    return st.container(key=key)


def tile_map(spec: dict, key: str) -> str | None:
    """Draw a tile map spec (from :func:`smedx.charts.tiles.tile_map`, read-only) with tap selection; returns
    the adcode tapped in this run, or None."""
    state = st.vega_lite_chart(spec={**spec}, on_select="rerun", selection_mode=tile_chart.PARAM, key=key,
                               width="content")
    return tiles.selected_adcode(state, tile_chart.PARAM)
