"""Two ``streamlit run`` processes on different ports sharing one PostgreSQL: a report saved through one
appears in the other (the hosted multi-replica set-up of the pilot-city tracker). A ``?city=`` link opens the
city tab; the chosen city is kept while another tab is open."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.harness import screenshot, streamlit_server, wait_for_app, watch
from tests.browser.tracker_editor import editor_env, save_report


@pytest.fixture
def replicas(pg_url: str) -> Iterator[tuple[str, str]]:
    """Two app servers configured with the same PostgreSQL database and editor account."""
    env = editor_env(pg_url)
    with streamlit_server(env=env) as first, streamlit_server(env=env) as second:
        yield first, second


def test_report_saved_in_one_replica_appears_in_the_other(browser, replicas) -> None:  # type: ignore[no-untyped-def]
    first, second = replicas
    assert first != second
    editor = browser.new_page(viewport={"width": 1400, "height": 1000})
    traffic = watch(editor)
    save_report(editor, first, "350100", "2025-03", "210")
    screenshot(editor, "tracker-editor-saved")
    editor.close()

    viewer = browser.new_page(viewport={"width": 1400, "height": 1000})
    viewer_traffic = watch(viewer)
    viewer.goto(f"{second}/tracker?city=350100&lang=en")
    wait_for_app(viewer)
    viewer.get_by_text("Latest report: 2025-03, 210 firms retrofitted (target >530), entered by 李华").wait_for(
        timeout=30_000)
    assert viewer.get_by_role("button", name="Save").count() == 0  # a viewer gets no edit controls
    screenshot(viewer, "tracker-viewer-second-replica")
    viewer.get_by_role("tab", name="Table").click()
    viewer.get_by_text("Showing 46 of 46 cities").wait_for(timeout=30_000)
    wait_for_app(viewer)  # the run has finished, so the city tab's elements are gone
    assert viewer.get_by_text("Latest report: 2025-03").count() == 0  # only the open tab is drawn
    viewer.get_by_role("tab", name="City detail").click()
    viewer.get_by_text("Latest report: 2025-03, 210 firms retrofitted (target >530), entered by 李华").wait_for(
        timeout=30_000)  # the same city, kept while the other tab was open
    viewer.close()
    assert traffic.external == [] and viewer_traffic.external == []
    assert traffic.console_errors == [] and viewer_traffic.console_errors == []
