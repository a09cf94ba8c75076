"""Streamlit binding of the URL registry (:mod:`smedx.urlstate`): a widget's state is seeded from the link and
the link follows the widget, through the registry's parse and format (ids, never labels).

A parameter is read again whenever the address changed from outside (a link to the same page, back/forward);
otherwise the widget's own state wins. A value the registry could not read leaves a note that is shown next to
its control until the reader changes the control.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from smedx import urlstate
from smedx.i18n import LANGS, normalise_lang

SEEN = "_url_seen"  # "<page>.<param>" -> the raw URL strings last read or written
HELD = "_url_held"  # "<page>.<param>" -> the widget state when the link was last read or written
NOTES = "_url_notes"  # "<page>.<param>" -> (note, the value the note produced)
T = TypeVar("T")


def _tag(page: str, key: urlstate.Key) -> str:
    return f"{page}.{key.name}"


def seed(page: str, name: str, to_state: Callable[[Any], Any] | None = None, sticky: bool = False) -> urlstate.Key:
    """Put the link's value of ``page``'s parameter ``name`` into its widget state when the widget has none or
    the address changed from outside; returns the registry key. A ``sticky`` parameter (the shell's language
    and mode) follows only an address that names it: a page switch clears the address, and the language must
    survive it."""
    key = urlstate.key(page, name)
    raw = list(st.query_params.get_all(key.name))
    seen = st.session_state.setdefault(SEEN, {})
    held = st.session_state.setdefault(HELD, {})
    tag = _tag(page, key)
    # An address that differs from the one last read or written is a change from outside (a link, back/forward)
    # unless the widget moved since: a rerun request sent right after a move carries the address from before the
    # previous run wrote it, and must not reset the widget the reader just moved.
    moved = tag in held and not _same(st.session_state.get(key.state_key), held[tag])
    if key.state_key not in st.session_state or (seen.get(tag) != raw and (raw or not sticky) and not moved):
        value, note = key.parse(raw)
        st.session_state[key.state_key] = (to_state(value) if to_state else
                                           list(value) if isinstance(key, urlstate.Multi) else value)
        notes = st.session_state.setdefault(NOTES, {})
        if note is None:
            notes.pop(tag, None)
        else:
            notes[tag] = (note, value)
        seen[tag] = raw
        held[tag] = st.session_state[key.state_key]
    return key


def store(page: str, key: urlstate.Key, value: Any) -> None:
    """Write ``value`` into the address through the registry (left out at its default), with the version key."""
    raw = key.format(value)
    current = list(st.query_params.get_all(key.name))
    if raw != current:
        if raw:
            st.query_params[key.name] = raw if len(raw) > 1 else raw[0]
        elif key.name in st.query_params:
            del st.query_params[key.name]
    if raw and st.query_params.get(urlstate.VERSION_KEY) != urlstate.VERSION:
        st.query_params[urlstate.VERSION_KEY] = urlstate.VERSION
    st.session_state.setdefault(SEEN, {})[_tag(page, key)] = raw
    st.session_state.setdefault(HELD, {})[_tag(page, key)] = st.session_state.get(key.state_key)


def note(page: str, key: urlstate.Key, value: Any, where: DeltaGenerator | None = None) -> bool:
    """Show the link's note of this parameter while the control still holds what the note produced."""
    entry = st.session_state.get(NOTES, {}).get(_tag(page, key))
    if entry is None:
        return False
    message, produced = entry
    from smedx.ui.tracker.text import plain  # here: the tracker package imports this module's users
    if _same(value, produced):
        (where or st).warning(plain(message.text(normalise_lang(st.session_state.get("lang")))),
                              icon=":material/link_off:")
        return True
    st.session_state[NOTES].pop(_tag(page, key), None)
    return False


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return list(a) == list(b)
    return bool(a == b)


def widget(page: str, name: str, make: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``make(*args, key=<state key>, **kwargs)`` (a Streamlit widget) seeded from and kept in the link."""
    key = seed(page, name)
    value = make(*args, key=key.state_key, **kwargs)
    store(page, key, value)
    note(page, key, value)
    return value


def value(page: str, name: str) -> Any:
    """The current value of a parameter whose widget may not be drawn yet in this run (seeded from the link)."""
    return st.session_state[seed(page, name).state_key]


def open_tab(page: str, name: str, lang: str) -> str:
    """The id of the open tab of ``page``'s tab parameter ``name`` (seeded from the link, before the tabs are
    drawn): the tab state holds the label, in the current language once translated here."""
    key = urlstate.key(page, name)
    assert isinstance(key, urlstate.Choice)
    labels = key.labels(lang)
    seed(page, name, to_state=lambda view: labels.get(view, next(iter(labels.values()))))
    by_label = {label: view for code in LANGS for view, label in key.labels(code).items()}
    view = by_label.get(st.session_state.get(key.state_key), next(iter(labels)))
    if st.session_state.get(key.state_key) != labels[view]:  # the other language's label after a switch
        st.session_state[key.state_key] = labels[view]
    return view


def tabs(page: str, name: str, lang: str) -> tuple[str, Sequence[DeltaGenerator]]:
    """Tabs of which only the open one should run: the open tab's id and every tab, kept in the link."""
    key = urlstate.key(page, name)
    wanted = open_tab(page, name, lang)
    views = list(key.labels(lang))  # type: ignore[attr-defined]
    drawn = st.tabs(list(key.labels(lang).values()), key=key.state_key, on_change="rerun")  # type: ignore[attr-defined]
    view = next((v for v, tab in zip(views, drawn, strict=True) if tab.open), wanted)
    store(page, key, view)
    note(page, key, view)
    return view, drawn
