"""A report entered under a hostile editor name (markdown image, link, Streamlit directive) is shown to a viewer
as plain text in a real browser: no request leaves localhost, no image or link is made of it (issue #10)."""
from __future__ import annotations

from pathlib import Path

from smedx.tracker import reference
from smedx.tracker.store import Actor, ReportData, open_store
from tests.browser.harness import screenshot, streamlit_server, wait_for_app, watch

HOSTILE = "![px](http://evil.example/x.png) [x](https://evil.example) :red[李] $x$ www.evil.example"


def test_hostile_editor_name_fetches_nothing_and_reads_as_typed(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    store = open_store(url)
    store.sync_cities(reference.cities())
    store.save_report(Actor(HOSTILE, "editor"), ReportData("350100", "2025-03", firms_retrofitted=210))
    store.close()
    with streamlit_server(env={"SMEDX_TRACKER_DB_URL": url, "SMEDX_HOSTED": "0"}) as app:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        traffic = watch(page)
        page.goto(f"{app}/tracker?city=350100&lang=en")
        wait_for_app(page)
        summary = page.get_by_text("Latest report: 2025-03, 210 firms retrofitted")
        summary.wait_for(timeout=30_000)
        assert summary.inner_text().replace("\u2060", "").endswith(f"entered by {HOSTILE}.")
        screenshot(page, "tracker-hostile-name")
        main = page.locator("[data-testid='stMain']")
        assert main.locator("img[src*='evil'], a[href*='evil']").count() == 0
        page.close()
    assert traffic.external == [] and not any("evil" in request for request in traffic.requests)
