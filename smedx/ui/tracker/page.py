"""The tracker page: what every tab works from (connection, signed-in editor, reports of this run), the five
tabs (``?view=``; only the open one runs) and the views that compose the tab modules."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from smedx import urlstate
from smedx.tracker import config, view
from smedx.tracker.records import Actor
from smedx.ui import components as ui
from smedx.ui.tracker import audit, city, data, form, overview, programme
from smedx.ui.tracker.connection import Connection, connect, load_reports, secrets
from smedx.ui.tracker.signin import active_editor, current_actor, sign_in_panel
from smedx.ui.tracker.text import k

EDIT_KEY = "tracker_edit_on"
VIEW_KEY = "view"
LINKED_KEY = "tracker_linked"  # the page has read the URL's deep link in this session


@dataclass
class Tracker:
    """What every tab works from: the connection, who is signed in, and the reports read in this run."""

    connection: Connection
    reports: pd.DataFrame | None  # None: the database is unavailable
    editor: Actor | None  # the signed-in editor when edit controls may be shown
    actor: Actor | None = None  # who is signed in (an editor keeps their drafts while the database is down)

    def cities(self, lang: str) -> pd.DataFrame:
        """The city frame of this data version (shared, read-only)."""
        return overview.cities_frame(lang, self.connection.url, self.connection.signature, self.reports)


@cache
def intro(lang: str) -> str:
    """The page intro and the coverage line ("18 of ≈30" per batch), shown above the tabs: coverage is a
    feature (reference data only: built once per language and process)."""
    batches = k("coverage_sep", lang).join(f"{row['title']} {row['value']}" for row in view.coverage_rows(lang))
    return "\n\n".join([k("intro", lang, **view.intro_fields(lang)),
                          k("coverage_line", lang, title=k("coverage_title", lang), batches=batches)])


def hosted_sqlite_warning(lang: str, connection: Connection, actor: Actor | None) -> None:
    """Editors are warned when a hosted app keeps reports in SQLite (lost when the container restarts)."""
    if actor is not None and actor.is_editor and config.hosted_on_sqlite(connection.url):
        st.warning(k("hosted_sqlite", lang), icon=":material/warning:")


def start(lang: str) -> Tracker:
    """What every tab needs: database connection (banner on failure), sign-in panel, warnings and the reports
    read in this run."""
    secrets_ = secrets()
    connection = connect(lang, secrets_)
    settings = config.editor_settings(secrets_)
    actor = current_actor(settings)
    sign_in_panel(lang, settings, actor)
    hosted_sqlite_warning(lang, connection, actor)
    reports = load_reports(connection, lang)
    return Tracker(connection, reports, active_editor(actor, connection), actor)


# Widgets of the closed tabs whose choice is kept (Streamlit drops the state of widgets not drawn in a run; a
# value set by the script is kept).
_KEPT = {"map": (city.CITY_KEY,), "table": (city.CITY_KEY,), "city": overview.FILTER_KEYS}


def _keep_choices(open_view: str) -> None:
    """Keep the filters and the chosen city while their tab is closed."""
    state = st.session_state
    for key in _KEPT.get(open_view, (*overview.FILTER_KEYS, city.CITY_KEY)):
        value = state.get(key)
        if value:
            state[key] = value


def tabs(lang: str) -> tuple[str, DeltaGenerator]:
    """The page's tabs (``?view=``); a link with ``?city=`` and no ``?view=`` opens the city tab (on the session's
    first run of the page only, so the other tabs stay reachable)."""
    if not st.session_state.get(LINKED_KEY):
        st.session_state[LINKED_KEY] = True
        if VIEW_KEY not in st.query_params and city.CITY_KEY in st.query_params:
            st.query_params[VIEW_KEY] = "city"
    return ui.view_tabs(lang, "tracker", VIEW_KEY)


def _selection_of(lang: str, tracker: Tracker) -> overview.Selection:
    connection = tracker.connection
    return overview.filters(lang, tracker.cities(lang), db_ok=tracker.reports is not None, url=connection.url,
                            signature=connection.signature)


def map_view(lang: str, tracker: Tracker) -> None:
    """Filters and the map of the pilot cities (the default tab)."""
    overview.map_section(lang, _selection_of(lang, tracker))


def table_view(lang: str, tracker: Tracker) -> None:
    """The same filters and the sortable table with progress bars."""
    overview.table_section(lang, _selection_of(lang, tracker))


def city_view(lang: str, tracker: Tracker) -> None:
    """One city: facts, targets, reports and sources; for editors the report form and the change history."""
    connection = tracker.connection
    adcode = city.city_choice(lang)
    if adcode is None:  # the link named no pilot city: the note above the list says so
        return
    detail = city.city_detail(lang, adcode, tracker.cities(lang), tracker.reports, connection.url,
                              connection.signature)
    if tracker.editor is not None and connection.store is not None:
        # The form (a dozen inputs) and the history are built only while the editor has them open.
        if st.toggle(k("edit_title", lang), key=EDIT_KEY, help=k("edit_toggle_help", lang)):
            form.edit_section(lang, connection.store, tracker.editor, adcode, detail)
            audit.audit_section(lang, connection.store, adcode, connection.url, connection.signature)
    elif tracker.reports is None:
        st.caption(k("edits_disabled_db", lang))
        if tracker.actor is not None and tracker.actor.is_editor:
            form.pending_drafts(lang, adcode)
            if st.session_state.get(EDIT_KEY):
                st.session_state[EDIT_KEY] = True  # the form opens again, with the drafts, once the database is back


def data_view(lang: str, tracker: Tracker) -> None:
    """Export of all reports; import for editors."""
    data.export_section(lang, tracker.reports)
    if tracker.editor is not None and tracker.connection.store is not None:
        data.import_section(lang, tracker.connection.store, tracker.editor)


def programme_view(lang: str, tracker: Tracker) -> None:
    """Coverage per batch in detail and the programme facts."""
    overview.coverage_section(lang)
    programme.programme_section(lang)


SECTIONS: dict[str, Callable[[str, Tracker], None]] = {  # keyed by the tab ids, smedx.urlstate.TABS["tracker"]
    "map": map_view, "table": table_view, "city": city_view, "data": data_view, "programme": programme_view}
VIEWS = urlstate.TABS["tracker"]


def render(view_id: str, lang: str, tracker: Tracker) -> None:
    """The open tab of the page."""
    _keep_choices(view_id)
    SECTIONS[view_id](lang, tracker)
