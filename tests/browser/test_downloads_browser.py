"""Downloads in a real browser: two download buttons clicked in quick succession both deliver their file.

Before the fix the first click reran the page; the rerun re-registered every deferred download under a new id
and dropped the old ones, so the second click (sent with the old id) lost its file
(``MediaFileStorageError: Deferred file … not found``). The one download helper now sets ``on_click="ignore"``.
"""
from __future__ import annotations

import io
import time
import zipfile

import pandas as pd
from playwright.sync_api import expect

from tests.browser.harness import wait_for_app, watch


def _collect(page, downloads: list, count: int, timeout: float = 30) -> list:  # type: ignore[no-untyped-def]
    """Wait until ``count`` downloads have started (``downloads`` is filled by the page's download listener)."""
    deadline = time.monotonic() + timeout
    while len(downloads) < count and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    return downloads


def test_two_quick_downloads_both_arrive(browser, app_url):  # type: ignore[no-untyped-def]
    """On the sources page a person clicks "Download CSV" of the sources and of the figures table right after
    one another, then the data bundle: three files, each complete, none lost."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1800})
    page = context.new_page()
    traffic = watch(page)
    started: list = []
    page.on("download", lambda download: started.append(download))
    page.goto(f"{app_url}/sources?lang=en")
    wait_for_app(page)
    buttons = page.get_by_role("button", name="Download CSV")
    expect(buttons).to_have_count(4, timeout=30_000)
    with page.expect_download() as first:
        buttons.nth(0).click()
        buttons.nth(1).click()  # no wait: the second click follows the first at once
    page.get_by_role("button", name="Download the data bundle (ZIP)").click()
    downloads = _collect(page, started, 3)
    assert first.value.suggested_filename == "sources.csv"
    assert sorted(d.suggested_filename for d in downloads) == ["figures.csv", "smedx_data_0.1.0.zip", "sources.csv"]
    files = {d.suggested_filename: open(d.path(), "rb").read() for d in downloads}  # noqa: SIM115
    for name in ("sources.csv", "figures.csv"):
        assert files[name].startswith(b"\xef\xbb\xbf# title: ")
        frame = pd.read_csv(io.BytesIO(files[name]), comment="#")
        assert {"value", "source_id", "locator"} <= set(frame.columns) and len(frame) > 10
    assert "datapackage.json" in zipfile.ZipFile(io.BytesIO(files["smedx_data_0.1.0.zip"])).namelist()
    assert page.locator("[data-testid='stException']").count() == 0
    context.close()
    assert traffic.external == []
    assert [e for e in traffic.console_errors if "Deferred file" in e] == []
