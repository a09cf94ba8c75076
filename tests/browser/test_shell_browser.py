"""Every registered page in a real browser: loads, logs no errors, stays on localhost, switches language."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from smedx.i18n import t
from tests.browser.harness import screenshot, wait_for_app, watch

ENTRY = (Path(__file__).resolve().parents[2] / "streamlit_app.py").read_text(encoding="utf-8")
# (url path, title key) of every page, in registry order; the first page is served at "/".
PAGES = [(url, key) for _, key, url in re.findall(r'\("pages/([a-z_]+)\.py", "([a-z_.]+)", "[^"]+", "([a-z_]+)"\)',
                                                  ENTRY)]


def test_registry_is_parsed() -> None:
    """The browser tests see every page of streamlit_app.py."""
    assert [url for url, _ in PAGES][:1] == ["overview"] and len(PAGES) >= 2


@pytest.mark.parametrize(("url", "title_key"), PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_loads_locally(browser, app_url, url, title_key, lang):  # type: ignore[no-untyped-def]
    """Each page renders with no exception, no console error and no request leaving localhost."""
    page = browser.new_page(viewport={"width": 1400, "height": 3200})
    traffic = watch(page)
    path = "" if url == PAGES[0][0] else url
    page.goto(f"{app_url}/{path}" + ("?lang=en" if lang == "en" else ""))
    wait_for_app(page)
    assert page.locator("h1").count() >= 1
    assert page.locator("[data-testid='stException']").count() == 0
    current = page.locator("[data-testid='stSidebarNav'] a[aria-current='page']")
    assert current.inner_text().strip().endswith(t(title_key, lang))
    screenshot(page, f"{url}-{lang}")
    page.close()
    assert traffic.external == []
    assert traffic.console_errors == []


def test_language_switch_updates_page_and_url(browser, app_url):  # type: ignore[no-untyped-def]
    """Choosing English in the sidebar re-renders in English and keeps lang=en across page navigation."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    traffic = watch(page)
    page.goto(f"{app_url}/")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == t("overview.title", "zh")
    page.get_by_text("English", exact=True).click()
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').innerText.includes('SME')")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == t("overview.title", "en")
    assert "lang=en" in page.url
    page.get_by_role("link", name=t("common.page_sources", "en")).click()
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').innerText.includes('Sources')")
    assert "lang=en" in page.url
    page.close()
    assert traffic.external == []


def test_briefing_link_reopens_collapsed_and_without_downloads(browser, app_url):  # type: ignore[no-untyped-def]
    """?brief=1 opens with the sidebar collapsed and no download buttons; the link keeps brief=1."""
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(f"{app_url}/?brief=1&lang=en")
    wait_for_app(page)
    assert page.locator("[data-testid='stDownloadButton']").count() == 0
    assert page.locator("[data-testid='stSidebar'][aria-expanded='true']").count() == 0
    assert "brief=1" in page.url
    screenshot(page, "overview-briefing-en")
    page.close()
