"""The tracker database as the page sees it: one migrated store per URL and process, the banner when it is
unreachable (retried at most every ``RETRY_SECONDS``), and the reports read in this run.

The store raises only tracker errors (:class:`smedx.tracker.messages.StoreError` for database failures), so this
module needs no SQLAlchemy; the banner shows the bilingual explanation, never the driver's text (host, port).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from smedx import memo
from smedx.tracker import config, reference
from smedx.tracker.messages import TrackerError
from smedx.tracker.store import TrackerStore, open_store
from smedx.ui.tracker.text import k, plain

RETRY_KEY = "tracker_db_retry"
RETRY_SECONDS = 30
# Seconds a fingerprint of the reports is reused between reruns when the store cannot listen for changes (SQLite,
# or PostgreSQL while its listening connection is down); writes through this app process forget it at once, and
# on PostgreSQL the store hears every replica's write (LISTEN/NOTIFY), so a rerun needs no round trip at all.
SIGNATURE_MAX_AGE = 1.0


def secrets() -> dict[str, Any]:
    """``st.secrets`` as a dict; {} when the app has no secrets file (the local default)."""
    try:
        return st.secrets.to_dict()
    except Exception:  # Streamlit raises its own error type when no secrets.toml exists
        return {}


@memo.shared(8, evict=TrackerStore.close)
def _open(url: str) -> TrackerStore:
    """One migrated store per database URL and process (a failure is not cached). On PostgreSQL it listens for
    other replicas' writes, so a rerun needs no database round trip while nothing changed."""
    store = open_store(url)
    store.sync_cities(reference.cities())
    store.listen_for_changes()
    return store


@dataclass
class Connection:
    """The store (None when unreachable) and the URL it was opened with."""

    store: TrackerStore | None
    url: str
    signature: tuple[Any, ...] | None = None  # fingerprint of the reports read in this run


def banner(lang: str, error: TrackerError) -> None:
    """The database banner with the failure's explanation."""
    st.error(k("db_banner", lang, detail=error.message(lang, plain)), icon=":material/cloud_off:")


def connect(lang: str, secrets_: dict[str, Any]) -> Connection:
    """Open the configured database; on failure show the banner and retry at most every 30 s."""
    url = config.database_url(secrets_)
    failed = st.session_state.get(RETRY_KEY)
    if failed and failed[0] == url and time.monotonic() < failed[1]:
        banner(lang, failed[2])
        return Connection(None, url)
    try:
        store = _open(url)
    except TrackerError as exc:
        st.session_state[RETRY_KEY] = (url, time.monotonic() + RETRY_SECONDS, exc)
        banner(lang, exc)
        return Connection(None, url)
    st.session_state.pop(RETRY_KEY, None)
    return Connection(store, url)


# Derived frames are cached as SHARED READ-ONLY objects (smedx.memo.shared: no pickling, no hashing of frames per
# rerun), keyed on the database URL and the reports signature (TrackerStore.reports_signature: reused until a
# write here, a change notification from another replica, or SIGNATURE_MAX_AGE without a listener), so a write
# changes the key and the next rerun rebuilds them. Callers only derive new frames from them (pandas
# copy-on-write keeps the cached frame unchanged); nothing assigns into them.
@memo.shared(8)
def _reports(url: str, signature: tuple[Any, ...], _store: TrackerStore) -> pd.DataFrame:
    """All reports, cached until a write changes the database's signature."""
    return _store.reports_frame()


def load_reports(connection: Connection, lang: str) -> pd.DataFrame | None:
    """All reports, or None (with the banner) if the database stopped answering."""
    if connection.store is None:
        return None
    try:
        connection.signature = connection.store.reports_signature(max_age=SIGNATURE_MAX_AGE)
        return _reports(connection.url, connection.signature, connection.store)
    except TrackerError as exc:
        banner(lang, exc)
        connection.store = None
        return None
