"""pytest plugin of the tracker page tests: a SQLite database per test (``db``) and a fresh sign-in guard whose
clock moves 3 s per look. Test modules load it with ``pytest_plugins = ["tests.tracker_page_fixtures"]``."""
from __future__ import annotations

from pathlib import Path

import pytest

from smedx.tracker.auth import SignInGuard
from smedx.ui.tracker import signin


class Clock:
    """Time that moves 3 s per look, so the sign-in guard's 2 s spacing never gets in the way."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 3
        return self.now


@pytest.fixture(autouse=True)
def fresh_sign_in_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts without earlier tests' failed sign-ins (the guard is one per process)."""
    monkeypatch.setattr(signin, "GUARD", SignInGuard(Clock()))


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    monkeypatch.setenv("SMEDX_TRACKER_DB_URL", url)
    monkeypatch.delenv("SMEDX_TRACKER_PASSPHRASE_HASH", raising=False)
    monkeypatch.delenv("SMEDX_TRACKER_EDITORS_PASSPHRASES", raising=False)
    monkeypatch.setenv("SMEDX_HOSTED", "0")
    return url
