"""My data in a real browser: a file chosen through the file chooser is checked and shown in that session only;
another session never sees it, and no file on disk holds its content afterwards."""
from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from smedx.i18n import t
from tests.browser.harness import ROOT, screenshot, wait_for_app, watch
from tests.mydata_fixtures import csv_bytes, files_containing, firms


def _open(browser, app_url, lang="en"):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 2400})  # a new context: its own session
    traffic = watch(page)
    page.goto(f"{app_url}/mydata" + ("?lang=en" if lang == "en" else ""))
    wait_for_app(page)
    return page, traffic


def test_an_upload_stays_in_its_own_session_and_off_the_disk(browser, app_url):  # type: ignore[no-untyped-def]
    marker = f"marker-{uuid.uuid4().hex}"
    data = csv_bytes(firms(30_000, seed=3, marker=marker))
    assert len(data) > 2 * 2**20  # over Starlette's 1 MB spool size: the upload must stay in memory anyway
    first, first_traffic = _open(browser, app_url)
    with first.expect_file_chooser() as chooser:
        first.locator("[data-testid='stFileUploaderDropzone'] button").first.click()
    chooser.value.set_files({"name": f"firms-{marker}.csv", "mimeType": "text/csv", "buffer": data})
    first.get_by_text("30,000 firms loaded (CSV)").wait_for(timeout=60_000)
    wait_for_app(first)
    shown_name = first.locator("[data-testid='stText']", has_text=f"firms-{marker}.csv")
    shown_name.wait_for(timeout=30_000)  # the file name, as plain text
    assert shown_name.inner_text().strip() == f"firms-{marker}.csv"
    assert first.locator("[data-testid='stDeckGlJsonChart']").count() == 2  # published and uploaded maps
    screenshot(first, "mydata-uploaded-en")

    second, second_traffic = _open(browser, app_url)
    content = second.content()
    assert marker not in content and "firms loaded" not in content
    assert second.locator("[data-testid='stDeckGlJsonChart']").count() == 0
    second.reload()
    wait_for_app(second)
    assert marker not in second.content()
    screenshot(second, "mydata-other-session-en")

    assert files_containing(marker.encode(), [ROOT, Path(tempfile.gettempdir())]) == []
    first.close()
    second.close()
    assert first_traffic.external == [] and second_traffic.external == []
    assert first_traffic.console_errors == [] and second_traffic.console_errors == []


def test_a_file_over_the_limit_is_refused_before_it_is_sent(browser, app_url, tmp_path):  # type: ignore[no-untyped-def]
    """The uploader refuses a file over 64 MB in the browser (nothing reaches the server); the page states the
    limit in the reader's language right under it."""
    big = tmp_path / "big.csv"  # Playwright hands over files above 50 MB only by path
    big.write_bytes(b"firm_id,province,status\n" + b"F,44,none\n" * (7 * 2**20))
    page, traffic = _open(browser, app_url, lang="zh")
    try:
        with page.expect_file_chooser() as chooser:
            page.locator("[data-testid='stFileUploaderDropzone'] button").first.click()
        chooser.value.set_files(str(big))
        page.get_by_text("File must be 64.0MB or smaller.").wait_for(timeout=30_000)
        wait_for_app(page)
        assert page.get_by_text(t("mydata.upload_help", "zh", mb=64, rows="1,000,000")).count() == 1
        assert page.get_by_text("家企业（CSV）").count() == 0  # nothing was read
    finally:
        big.unlink()
        page.close()
    assert traffic.external == []
