"""Keyboard and width checks in a real browser: the language switch is reached with Tab and changed with the
arrow keys; every page renders at 390, 1440 and 1920 px (screenshots in test-output/screenshots/), and at each
width no SVG chart text runs past its chart."""
from __future__ import annotations

import pytest

from smedx.i18n import t
from tests.browser.harness import screenshot, wait_for_app
from tests.browser.test_shell_browser import PAGES

WIDTHS = (390, 1440, 1920)
# SVG text boxes (Vega's svg renderer) that end outside their chart's own box; 3 px of slack for the em box of
# rotated axis titles, which is wider than their glyphs
_OVERFLOW = """() => [...document.querySelectorAll("[data-testid='stVegaLiteChart'] svg")].flatMap(svg => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll("text")].filter(text => text.textContent.trim()).map(text => {
    const r = text.getBoundingClientRect();
    return {text: text.textContent, left: r.left - box.left, right: box.right - r.right};
  }).filter(item => item.left < -3 || item.right < -3);
})"""


def test_the_language_switch_is_reached_by_tab_and_changed_by_arrow_keys(browser, app_url):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(app_url)
    wait_for_app(page)
    radio = page.locator("[data-testid='stSidebar'] [data-testid='stRadio']")
    for _ in range(40):  # a person presses Tab until the focus is on the language switch
        page.keyboard.press("Tab")
        if radio.evaluate("group => group.contains(document.activeElement)"):
            break
    else:
        pytest.fail("Tab never reached the language switch")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.location.search.includes('lang=en')", timeout=30_000)
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == t("overview.title", "en")
    page.close()


# Known, open: at 390 px a since-survey legend label ("2025年目标：关键工序数控化率（工信部发布） 68%（未核实）")
# is ~30 px wider than the chart (Vega does not wrap legend labels); listed so it is seen, not hidden.
KNOWN = {("overview", 390): "since-survey legend label wider than a 390 px chart (issue #13, open)"}
CASES = [pytest.param(url, key, width, marks=pytest.mark.xfail(reason=KNOWN[(url, width)], strict=False))
         if (url, width) in KNOWN else (url, key, width) for url, key in PAGES for width in WIDTHS]


@pytest.mark.parametrize(("url", "title_key", "width"), CASES)
def test_every_page_fits_each_width(browser, app_url, url, title_key, width):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": 844 if width == 390 else 1080})
    page.goto(f"{app_url}/{'' if url == PAGES[0][0] else url}")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, f"{url}-zh-{width}")
    assert page.evaluate(_OVERFLOW) == []
    page.close()
