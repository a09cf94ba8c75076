"""Foundation pages in a real browser: they load, log no errors, switch language and stay on localhost."""
from __future__ import annotations

import pytest

from tests.browser.harness import screenshot, wait_for_app, watch

PAGES = [("", "中小企业数字化转型：现状总览", "SME digital transformation: where it stands"),
         ("sources", "来源与方法", "Sources & methods")]


@pytest.mark.parametrize(("path", "title_zh", "title_en"), PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_loads_locally(browser, app_url, path, title_zh, title_en, lang):  # type: ignore[no-untyped-def]
    """Each page renders its title with no console error and no request leaving localhost."""
    page = browser.new_page(viewport={"width": 1400, "height": 3200})
    traffic = watch(page)
    page.goto(f"{app_url}/{path}" + ("?lang=en" if lang == "en" else ""))
    wait_for_app(page)
    heading = page.locator("h1").first
    assert heading.inner_text().strip() == (title_en if lang == "en" else title_zh)
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, f"{path or 'overview'}-{lang}")
    page.close()
    assert traffic.external == []
    assert traffic.console_errors == []


def test_language_switch_updates_page_and_url(browser, app_url):  # type: ignore[no-untyped-def]
    """Choosing English in the sidebar re-renders in English and puts lang=en in the address bar."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    traffic = watch(page)
    page.goto(f"{app_url}/")
    wait_for_app(page)
    page.get_by_text("English", exact=True).click()
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').innerText.includes('SME')")
    wait_for_app(page)
    assert "lang=en" in page.url
    page.get_by_role("link", name="Sources & methods").click()
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').innerText.includes('Sources')")
    assert "lang=en" in page.url
    page.close()
    assert traffic.external == []
