"""Keyboard and width checks in a real browser: the language switch is reached with Tab and changed with the
arrow keys; every page (and each tab with charts of its own) renders at 390, 1440 and 1920 px (screenshots in
test-output/screenshots/), and at each width no chart text is cut, runs past its chart or lies on another."""
from __future__ import annotations

import pytest

from smedx.i18n import t
from tests.browser.harness import screenshot, wait_for_app
from tests.browser.keys import tab_to
from tests.browser.test_shell_browser import PAGES

WIDTHS = (390, 1440, 1920)
# Every text of every Vega chart (drawn by Vega's svg renderer; a chart on canvas is a problem of its own): none
# cut by Vega's labelLimit (an ellipsis), no category label hidden for overlapping its neighbours, none past its
# chart's box (the svg, within the element Streamlit shows it in), no two on top of each other. Slack: 3 px
# sideways for the em box of rotated axis titles; 5 px up and down, where a CJK font's line box (~1.45 em)
# reaches past its glyphs (~1 em), so lines stacked at 1.25 em share a few pixels of box but no ink.
_TEXT_PROBLEMS = """() => [...document.querySelectorAll("[data-testid='stVegaLiteChart']")].flatMap((chart, index) => {
  const svg = chart.querySelector("svg.marks");
  if (!svg) return [{chart: index, problem: "not drawn as svg"}];
  const own = svg.getBoundingClientRect(), frame = chart.getBoundingClientRect();
  const box = {left: Math.max(own.left, frame.left), right: Math.min(own.right, frame.right), top: own.top,
               bottom: own.bottom};
  const shown = el => { for (let e = el; e && e !== svg; e = e.parentElement) {
    const style = getComputedStyle(e);
    if (style.opacity === "0" || style.visibility === "hidden" || style.display === "none") return false; }
    return true; };
  const all = [...svg.querySelectorAll("text")].filter(t => t.textContent.trim());
  const texts = all.filter(shown).map(t => ({text: t.textContent, r: t.getBoundingClientRect()}));
  const problems = texts.filter(a => a.text.includes("\u2026")).map(a => ({chart: index, cut: a.text}));
  // a category label (words, not a tick's number) that Vega hid because it overlapped its neighbours
  all.filter(t => !shown(t) && t.closest(".role-axis-label") && /[A-Za-z\u4e00-\u9fff]/.test(t.textContent))
    .forEach(t => problems.push({chart: index, hidden: t.textContent}));
  for (const a of texts) {
    if (a.r.left < box.left - 3 || a.r.right > box.right + 3 || a.r.top < box.top - 5 || a.r.bottom > box.bottom + 5)
      problems.push({chart: index, outside: a.text});
  }
  texts.forEach((a, i) => texts.slice(i + 1).forEach(b => {
    const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
    const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
    if (w > 1 && h > 5) problems.push({chart: index, overlap: [a.text, b.text]});
  }));
  return problems;
})"""


def test_the_language_switch_is_reached_by_tab_and_changed_by_arrow_keys(browser, app_url):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(app_url)
    wait_for_app(page)
    tab_to(page, page.locator("[data-testid='stSidebar'] [data-testid='stRadio']"), what="the language switch")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.location.search.includes('lang=en')", timeout=30_000)
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == t("overview.title", "en")
    page.close()


# Beside each page's first view (in Chinese): the tabs that draw charts of their own, and the views whose English
# labels are the longest. Each with the number of charts it draws at least, so that the check cannot pass empty.
EXTRA = [("clusters?view=cities", "common.page_clusters"), ("clusters?view=industries", "common.page_clusters"),
         ("overview?lang=en", "common.page_overview"), ("clusters?view=industries&lang=en", "common.page_clusters"),
         ("whatif?lang=en", "common.page_whatif"), ("whatif?wi_tab=levels&lang=en", "common.page_whatif")]
EXPECTED_CHARTS = {"overview": 6, "overview?lang=en": 6, "regional": 2, "clusters": 1, "clusters?view=cities": 1,
                   "clusters?view=industries": 1, "clusters?view=industries&lang=en": 1, "tracker": 1, "whatif": 2,
                   "whatif?lang=en": 2, "whatif?wi_tab=levels&lang=en": 3}
CASES = [(url, key, width) for url, key in [*PAGES, *EXTRA] for width in WIDTHS]


@pytest.mark.parametrize(("url", "title_key", "width"), CASES)
def test_every_page_fits_each_width(browser, app_url, url, title_key, width):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": 844 if width == 390 else 1080})
    page.goto(f"{app_url}/{url.removeprefix(PAGES[0][0])}")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    name = url.replace("?view=", "-").replace("&lang=", "-").replace("?lang=", "-")
    screenshot(page, f"{name}-{width}" if name.endswith("-en") else f"{name}-zh-{width}")
    assert page.locator("[data-testid='stVegaLiteChart']").count() >= EXPECTED_CHARTS.get(url, 0)
    assert page.evaluate(_TEXT_PROBLEMS) == []
    page.close()
