"""Rerun latency as a user feels it: Debian chromium against ``streamlit run`` on localhost, page vs empty page.

The floor is an empty Streamlit page with one slider, served by a second server: moving the slider one step
with the keyboard reruns it. Every app page is rerun by switching the sidebar language (中文 ↔ English), a
full rerun of the page; the what-if page is also rerun by moving a lever slider (its fragment). Each sample is
the time, measured in the browser, from the input until the script has finished and the page has painted (for a
language switch: until the page title shows the new language and the script has finished). Issue 9's target: the
what-if budget lever (each move a new scenario: the model runs) ≤ 2.5 × the floor.
Prints median and p95. Not a test.

Run: python bench/bench_browser.py [--runs 30] [--pages overview regional]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pages import print_rows, registered_pages  # noqa: E402
from tests.browser.harness import launch_browser, streamlit_server, wait_for_app  # noqa: E402

EMPTY_APP = "import streamlit as st\n\nst.slider('x', 0.0, 20.0, 5.0, 0.5, key='x')\n"
# Arms window.__rerun: a promise of the milliseconds from now until the app has run again and painted.
WATCH_RERUN = """
() => { window.__rerun = new Promise(resolve => {
  const app = document.querySelector("[data-testid='stApp']");
  const t0 = performance.now();
  const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
  const observer = new MutationObserver(records => {
    // a run has finished when the state leaves "running" (records keep transitions that one callback batches)
    if (records.some(r => r.oldValue === 'running')) { observer.disconnect(); done(); }
  });
  observer.observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
  setTimeout(() => { observer.disconnect(); resolve(-1); }, 20000);
}); }
"""

# For a language switch: until the page title has changed and the script is no longer running (a switch can finish
# without the app's state attribute ever showing "running" to an observer: seen on the clusters page).
WATCH_TITLE = """
(old) => { window.__rerun = new Promise(resolve => {
  const app = document.querySelector("[data-testid='stApp']");
  const t0 = performance.now();
  const finished = () => {
    const title = document.querySelector("h1");
    return title && title.innerText !== old && app.getAttribute('data-test-script-state') !== 'running';
  };
  const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
  const observer = new MutationObserver(() => { if (finished()) { observer.disconnect(); done(); } });
  observer.observe(app, {attributes: true, childList: true, characterData: true, subtree: true});
  setTimeout(() => { observer.disconnect(); resolve(-1); }, 20000);
}); }
"""


def _timed(page: Page, trigger, watch: str = WATCH_RERUN) -> float:  # type: ignore[no-untyped-def]
    """Milliseconds of one rerun; an input that started no visible run (-1 after 20 s) is tried again."""
    for _ in range(3):
        if watch == WATCH_TITLE:
            page.evaluate(watch, page.locator("h1").first.inner_text())
        else:
            page.evaluate(watch)
        trigger()
        elapsed = float(page.evaluate("() => window.__rerun"))
        if elapsed >= 0:
            return elapsed
        page.wait_for_timeout(300)
    return -1.0


def _checked(samples: list[float]) -> list[float]:
    if any(sample < 0 for sample in samples):
        raise RuntimeError("an input started no rerun three times in a row")
    return samples


def language_samples(page: Page, runs: int) -> list[float]:
    """Milliseconds of ``runs`` full reruns caused by switching the sidebar language (after one warm-up)."""
    samples = []
    for index in range(runs + 1):
        label = "English" if index % 2 == 0 else "中文"
        radio = page.locator("[data-testid='stSidebar'] [data-testid='stRadio']").get_by_text(label, exact=True)
        elapsed = _timed(page, radio.click, WATCH_TITLE)
        wait_for_app(page)
        if index:
            samples.append(elapsed)
    return _checked(samples)


def slider_samples(page: Page, runs: int, label_index: int = 0, onward: bool = False) -> list[float]:
    """Milliseconds of ``runs`` reruns caused by moving a slider one step with the arrow keys: back and forth, or with
    ``onward`` always one step further (every move a new value, so no cached result serves it)."""
    thumb = page.locator("[data-testid='stSlider'] input[type='range']").nth(label_index)
    samples = []
    for index in range(runs + 1):
        thumb.focus()
        key = "ArrowRight" if onward or index % 2 == 0 else "ArrowLeft"
        elapsed = _timed(page, lambda key=key: thumb.press(key))
        if index:
            samples.append(elapsed)
    return _checked(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pages", nargs="*", default=None)
    args = parser.parse_args()
    pages = args.pages or registered_pages()
    rows: list[tuple[str, list[float]]] = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        empty = Path(folder) / "empty_app.py"
        empty.write_text(EMPTY_APP, encoding="utf-8")
        browser = launch_browser(playwright)
        with streamlit_server(script=str(empty)) as url:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            wait_for_app(page)
            rows.append(("empty page, slider moved (floor)", slider_samples(page, args.runs)))
            page.close()
        with streamlit_server() as url:
            for name in pages:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"{url}/" + ("" if name == registered_pages()[0] else name))
                wait_for_app(page)
                try:
                    rows.append((f"{name}, language switched", language_samples(page, args.runs)))
                    if name == "whatif":
                        rows.append(("whatif, budget lever moved (a new scenario each time)",
                                     slider_samples(page, args.runs, onward=True)))
                except RuntimeError as error:
                    raise RuntimeError(f"{name}: {error}") from error
                page.close()
        browser.close()
    print_rows(f"Browser rerun latency (key press → script done → painted), {args.runs} runs each", rows)


if __name__ == "__main__":
    main()
