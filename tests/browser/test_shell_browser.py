"""Every registered page in a real browser: loads, logs no errors, stays on localhost, switches language."""
from __future__ import annotations

import pytest

from smedx import urlstate
from smedx.i18n import t
from tests.browser.harness import screenshot, wait_for_app, watch

# (url path, title key) of every page, in registry order (streamlit_app.py makes a page of each).
PAGES = [(page, f"common.page_{page}") for page in urlstate.PAGES]


@pytest.mark.parametrize(("url", "title_key"), PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_loads_locally(browser, app_url, url, title_key, lang):  # type: ignore[no-untyped-def]
    """Each page renders with no exception, no console error and no request leaving localhost."""
    page = browser.new_page(viewport={"width": 1400, "height": 3200})
    traffic = watch(page)
    page.goto(f"{app_url}/{url}" + ("?lang=en" if lang == "en" else ""))
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
    """The old ?brief=1 opens presentation mode: no sidebar, no download buttons; the link says mode=brief."""
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(f"{app_url}/?brief=1&lang=en")
    wait_for_app(page)
    assert page.locator("[data-testid='stDownloadButton']").count() == 0
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    page.wait_for_function("() => new URL(location.href).searchParams.get('mode') === 'brief'")
    assert "brief=1" not in page.url
    screenshot(page, "overview-briefing-en")
    page.close()
