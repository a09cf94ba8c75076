"""smedx.tracker.changes on a real PostgreSQL: a listening store sees another replica's write without polling,
makes no database round trip while nothing changed, and falls back to reading when its listener is lost."""
from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import event, text

from smedx.tracker import changes, reference
from smedx.tracker.messages import ConflictError
from smedx.tracker.store import ReportData, TrackerStore, open_store
from tests.tracker_data import EDITOR

DATA = ReportData("350100", "2025-03", firms_retrofitted=200)


@pytest.fixture
def replicas(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TrackerStore, TrackerStore]]:
    """Two stores on one database, as two app processes have: ``listening`` follows ``other``'s writes."""
    monkeypatch.setattr(changes, "RETRY_SECONDS", 0.2)
    listening = open_store(pg_url)
    listening.sync_cities(reference.cities())
    other = TrackerStore(open_store(pg_url).engine)
    assert listening.listen_for_changes()
    yield listening, other
    listening.close()
    other.close()


def _statements(store: TrackerStore) -> list[str]:
    """SQL statements the store's engine sends from now on."""
    sent: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda _c, _cur, statement, *_: sent.append(statement))
    return sent


def _eventually(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_no_round_trip_while_nothing_changes_and_a_replicas_write_is_heard(
        replicas: tuple[TrackerStore, TrackerStore]) -> None:
    listening, other = replicas
    before = listening.reports_signature()
    sent = _statements(listening)
    assert listening.reports_signature() == before and sent == []  # no max_age needed: the feed vouches for it
    other.save_report(EDITOR, DATA)
    assert _eventually(lambda: listening.reports_signature() != before)
    assert len(sent) == 1  # one read, after the notification


def test_own_writes_notify_too_and_rolled_back_writes_do_not(replicas: tuple[TrackerStore, TrackerStore]) -> None:
    listening, other = replicas
    seen = other.reports_signature()
    tick = listening._feed.tick  # type: ignore[union-attr]  # read before the save: its notice may come at once
    saved = listening.save_report(EDITOR, DATA)
    with pytest.raises(ConflictError):  # rolls the transaction (and its NOTIFY) back
        listening.save_report(EDITOR, dataclasses.replace(DATA, products=1), report_id=saved.id, expected_version=9)
    assert _eventually(lambda: listening._feed.tick != tick)  # type: ignore[union-attr]  # the first save
    tick = listening._feed.tick  # type: ignore[union-attr]
    time.sleep(0.3)
    assert listening._feed.tick == tick  # type: ignore[union-attr]  # nothing from the rolled-back one
    assert other.reports_signature() != seen


def test_lost_listener_falls_back_to_reading_then_reconnects(replicas: tuple[TrackerStore, TrackerStore]) -> None:
    listening, other = replicas
    feed = listening._feed
    assert feed is not None
    with other.engine.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                f"WHERE application_name = '{changes.APPLICATION_NAME}'"))
        connection.commit()
    assert _eventually(lambda: not feed.healthy)
    before = listening.reports_signature()
    sent = _statements(listening)
    listening.reports_signature(max_age=0)
    assert len(sent) == 1  # down: the fingerprint is read again
    assert _eventually(lambda: feed.healthy)
    other.save_report(EDITOR, DATA)
    assert _eventually(lambda: listening.reports_signature() != before)


def test_self_notifications_prove_delivery_and_do_not_count_as_changes(
        replicas: tuple[TrackerStore, TrackerStore], monkeypatch: pytest.MonkeyPatch) -> None:
    listening, _ = replicas
    feed = listening._feed
    assert feed is not None and feed.healthy
    monkeypatch.setattr(changes, "PING_SECONDS", 0.1)
    monkeypatch.setattr(changes, "POLL_SECONDS", 0.05)
    tick = feed.tick
    time.sleep(1.5)  # several pings sent and answered
    assert feed.healthy and feed.tick == tick


class _Unanswered(changes.ChangeFeed):
    """Its self-notifications go to a channel nobody listens on, as if a pooler swallowed them."""

    ping_channel = "smedx_tracker_nowhere"


def test_a_feed_whose_notifications_never_arrive_is_not_trusted(pg_url: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(changes, "PING_SECONDS", 0.2)
    monkeypatch.setattr(changes, "POLL_SECONDS", 0.05)
    monkeypatch.setattr(changes, "RETRY_SECONDS", 0.1)
    store = open_store(pg_url)
    feed = _Unanswered(store.engine)
    assert feed.wait_ready(timeout=3) is False
    assert not _eventually(lambda: feed.healthy, timeout=1.0)
    feed.close()
    store.close()


def test_sqlite_store_does_not_listen(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 't.sqlite3'}")
    assert store.listen_for_changes() is False
    store.close()
