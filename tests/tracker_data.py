"""Constants shared by the tracker tests (actors and the fixed clock)."""
from __future__ import annotations

from datetime import UTC, datetime

from smedx.tracker.store import Actor, TrackerStore

NOW = datetime(2025, 6, 15, 12, 0, tzinfo=UTC)
EDITOR = Actor("li.hua@example.gov.cn", "editor")
OTHER_EDITOR = Actor("wang.fang@example.gov.cn", "editor")
VIEWER = Actor("guest", "viewer")


def row_count(store: TrackerStore) -> tuple[int, int]:
    """(reports, audit entries) — to assert that a refused write changed nothing."""
    return len(store.reports()), len(store.audit(limit=100_000))
