"""Shared test set-up: AppTest runs like a live server, and the throwaway PostgreSQL fixtures."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import app_test, local_script_runner

from tests.pg import pg_server, pg_url  # noqa: F401


class _LiveServerPagesManager(PagesManager):
    """AppTest resets Streamlit's legacy ``pages/`` flag before every run, so each run would start in the
    legacy mode that a live server leaves after its first ``st.navigation`` call (and the app's entry-point
    guard would rerun, dropping button clicks). Start each AppTest run the way a live server runs."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


app_test.PagesManager = _LiveServerPagesManager  # type: ignore[misc]


# A live server compiles each script once (one ScriptCache per Runtime); AppTest builds a new cache for every
# run and so recompiles the entry point and the page on each rerun. Share one cache per process, as the server.
_SERVER_SCRIPT_CACHE = ScriptCache()
app_test.ScriptCache = lambda: _SERVER_SCRIPT_CACHE  # type: ignore[misc]
local_script_runner.ScriptCache = lambda: _SERVER_SCRIPT_CACHE  # type: ignore[misc]


@pytest.fixture(autouse=True)
def _page_errors_fail_the_test(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """streamlit_app.py catches any error at the page boundary (the browser sees a message, the log the
    traceback), so ``at.exception`` stays empty: a test fails here if that log line appeared."""
    yield
    if request.node.get_closest_marker("page_error_expected"):
        return
    logged = [record for record in caplog.get_records("call") if record.name == "smedx.app"]
    assert not logged, [record.getMessage() + "\n" + (record.exc_text or "") for record in logged]


@pytest.fixture(autouse=True)
def _no_repository_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the deployment without a repository address (SMEDX_REPOSITORY unset) unless they set one."""
    monkeypatch.delenv("SMEDX_REPOSITORY", raising=False)
