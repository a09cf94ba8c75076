"""Streamlit pieces of the pilot-city tracker page, one module per job:

- ``text``: locale look-up and :func:`~smedx.ui.tracker.text.plain` (user text shown as text, never markdown);
- ``connection``: the store per database URL, the banner, the reports of a run;
- ``signin``: OIDC or named passphrase accounts with rate limit and lock-out;
- ``overview``: coverage, the six filters, map and table; ``city``: the city detail;
- ``form``: the editor's report form with drafts, conflicts, delete and redact; ``audit``: the change history;
- ``data``: import / export; ``programme``: the programme facts; ``page``: the tabs and views.

Every write goes through :class:`smedx.tracker.store.TrackerStore`, which checks the editor role itself; these
modules only decide which controls to draw (viewers see none). No SQLAlchemy here: the store raises its own
errors.
"""
from __future__ import annotations

from smedx.ui.tracker.connection import SIGNATURE_MAX_AGE
from smedx.ui.tracker.page import EDIT_KEY, VIEW_KEY, VIEWS, Tracker, intro, render, start, tabs

__all__ = ["EDIT_KEY", "SIGNATURE_MAX_AGE", "VIEWS", "VIEW_KEY", "Tracker", "intro", "render", "start", "tabs"]
