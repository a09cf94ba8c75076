"""Server rerun time of every page (AppTest) next to an empty Streamlit page, median and p95.

Run: python bench/bench_pages.py [--runs 30] [--pages overview sources]
Prints a table; not a test (no timed assertions anywhere). A page split into tabs (``VIEWS`` in its
``smedx.ui`` module, see ``smedx.ui.components.view_tabs``) gets one row per tab: only the open tab runs. A page
that shows nothing without a URL parameter (``PAGE_QUERIES``) gets one row per linked view instead.
AppTest runs like a live server (``tests.conftest``: st.navigation mode, each script compiled once).
"""
from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import tests.conftest  # noqa: E402, F401  (AppTest runs like a live server: no legacy pages/ mode)
from smedx import urlstate  # noqa: E402

EMPTY_PAGE = "import streamlit as st\n"
# The app's own shell (sidebar, navigation) around an empty page: what every page of the app pays.
SHELL_PAGE = """
import streamlit as st
from smedx.ui import shell
shell.start()
st.set_page_config(layout="wide")
shell.sidebar()
st.navigation([st.Page(lambda: None, title="empty", url_path="empty")]).run()
"""


# Views opened by a link: the place profile of a pilot and first-tier city and of a province.
PAGE_QUERIES: dict[str, tuple[dict[str, str], ...]] = {"place": ({"place": "340100"}, {"place": "340000"})}


def registered_pages() -> list[str]:
    """Page names in the order streamlit_app.py registers them (the URL registry's page list)."""
    return list(urlstate.PAGES)


def time_reruns(at: AppTest, runs: int) -> list[float]:
    """Wall-clock milliseconds of ``runs`` reruns of the AppTest's current page (after one warm-up)."""
    at.run()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - start) * 1000)
        if at.exception:
            raise RuntimeError(at.exception[0].value)
    return samples


def page_views(page: str) -> tuple[tuple[str, ...], str]:
    """The tab ids of a page built with ``view_tabs`` (``VIEWS`` of its ``smedx.ui`` module, else ()) and the
    URL parameter that opens one (``VIEW_KEY``, default ``view``)."""
    try:
        module = importlib.import_module(f"smedx.ui.{page}")
    except ModuleNotFoundError:
        return (), "view"
    return tuple(getattr(module, "VIEWS", ())), getattr(module, "VIEW_KEY", "view")


def open_page(page: str, lang: str, view: str | None = None, query: dict[str, str] | None = None) -> AppTest:
    """The page after its first run in ``lang``; ``view``: the tab to open (an id of ``page_views(page)``);
    ``query``: further URL parameters."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if view is not None:
        at.query_params[page_views(page)[1]] = view
    at.run()
    if page != registered_pages()[0]:
        at.switch_page(f"pages/{page}.py").run()
    return at


def floor_rows(runs: int) -> list[tuple[str, list[float]]]:
    """Reruns of an empty page and of the app shell around an empty page: the floors pages are compared with."""
    return [("empty page (floor)", time_reruns(AppTest.from_string(EMPTY_PAGE, default_timeout=60), runs)),
            ("app shell, empty page", time_reruns(AppTest.from_string(SHELL_PAGE, default_timeout=60), runs))]


def print_rows(title: str, rows: list[tuple[str, list[float]]]) -> None:
    """A table of median, p95 and median / floor (the first row is the floor)."""
    floor = statistics.median(rows[0][1])
    width = max(22, *(len(name) + 2 for name, _ in rows))
    print(title)
    print(f"{'page':<{width}}{'median ms':>11}{'p95 ms':>10}{'× floor':>9}")
    for name, samples in rows:
        median = statistics.median(samples)
        print(f"{name:<{width}}{median:>11.1f}{p95(samples):>10.1f}{median / floor:>9.1f}")


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pages", nargs="*", default=None)
    parser.add_argument("--lang", default="zh")
    args = parser.parse_args()
    rows = floor_rows(args.runs)
    for page in args.pages or registered_pages():
        views = page_views(page)[0]
        for query in PAGE_QUERIES.get(page, ()):
            name = f"{page} ?" + "&".join(f"{k}={v}" for k, v in query.items())
            rows.append((name, time_reruns(open_page(page, args.lang, query=query), args.runs)))
        if not views and page not in PAGE_QUERIES:
            rows.append((page, time_reruns(open_page(page, args.lang), args.runs)))
        for index, view in enumerate(views):
            name = f"{page} · {view}" + (" (default tab)" if index == 0 else "")
            rows.append((name, time_reruns(open_page(page, args.lang, view), args.runs)))
    print_rows(f"AppTest server reruns, {args.runs} runs each, lang={args.lang}", rows)


if __name__ == "__main__":
    main()
