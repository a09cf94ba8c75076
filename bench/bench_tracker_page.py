"""Server rerun time of the pilot-city tracker page (AppTest) with 100 cities × 12 reports, next to an empty
Streamlit page (the floor). Median and p95 in ms; prints a table, no assertions. Target: ≤ 3× the floor for the
default tab ("map": filters and map); the other tabs are timed too (only the open tab runs).

    python bench/bench_tracker_page.py [--runs 20]

The 44 identified pilot cities are replaced by 100 synthetic ones (real adcodes and map points from
geo/cities.csv, attributes cycled from the real rows) so the page carries 100 cities × 12 monthly reports.
SQLite (default set-up) and, when installed, a throwaway PostgreSQL. SQLite: every rerun reads the reports'
fingerprint from the database (clicks more than 1 s apart), plus one row of reruns within 1 s of the last read (the
fingerprint is reused, smedx.ui.tracker.SIGNATURE_MAX_AGE). PostgreSQL: the store listens for changes
(LISTEN/NOTIFY, smedx.tracker.changes), so a rerun reads the database only after a write.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from bench.bench_pages import floor_rows, print_rows, time_reruns  # noqa: E402
from smedx import datasets, geo  # noqa: E402
from smedx.tracker import reference  # noqa: E402
from smedx.tracker.store import Actor, ReportData, TrackerStore, open_store  # noqa: E402
from smedx.ui import tracker as ui  # noqa: E402
from smedx.ui.tracker import VIEWS  # noqa: E402

CITIES, REPORTS = 100, 12
EDITOR = Actor("bench@example.gov.cn", "editor")


def synthetic_cities() -> pd.DataFrame:
    """100 pilot-city rows on real adcodes (geo/cities.csv) with attributes cycled from the real 44."""
    real = reference.cities()
    points = geo.cities()
    points = points[points["adcode"].ne(points["province_adcode"])].head(CITIES).reset_index(drop=True)
    regions = datasets.provinces().set_index("adcode")["region"]
    rows = real.iloc[[i % len(real) for i in range(len(points))]].reset_index(drop=True).copy()
    rows["adcode"], rows["name_zh"], rows["name_en"] = points["adcode"], points["name_zh"], points["name_en"]
    rows["province_adcode"] = points["province_adcode"]
    rows["region"] = rows["province_adcode"].map(regions).fillna("east")
    rows["city_type"] = "other"
    rows["award_cap_yi"] = 1.0
    return rows


def seed(url: str, cities: pd.DataFrame) -> None:
    store = TrackerStore(open_store(url).engine, clock=lambda: datetime(2025, 7, 15, tzinfo=UTC))
    store.sync_cities(cities)
    rows = [ReportData(adcode, f"{2024 + (m + 6) // 12}-{(m + 6) % 12 + 1:02d}", firms_retrofitted=20 * (m + 1),
                       l2_share_pct=40.0 + m, funds_disbursed_yi=0.05 * m)
            for adcode in cities["adcode"] for m in range(REPORTS)]
    store.import_reports(EDITOR, rows)
    store.engine.dispose()


def tracker(editor: bool, view: str, city: str, form: bool = False) -> AppTest:
    """The page in zh with tab ``view`` open (the city tab on ``city``), as a viewer or a signed-in editor
    (``form``: with the report form and history open)."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["view"] = view
    if view == "city":
        at.query_params["city"] = city
    at.run()
    at.switch_page("pages/tracker.py").run()
    if editor:
        at.session_state["tracker_actor"] = EDITOR
    if form:
        at.session_state[ui.EDIT_KEY] = True
        at.run()
    assert not at.exception, at.exception
    return at


@contextmanager
def backends() -> Iterator[dict[str, Callable[[], str]]]:
    tmp = Path(tempfile.mkdtemp(prefix="smedx-bench-page-"))
    found: dict[str, Callable[[], str]] = {"SQLite": lambda: f"sqlite:///{tmp / 'page.sqlite3'}"}
    try:
        from tests.pg import PostgresUnavailable, create_database, running_server

        with running_server() as server:
            found["PostgreSQL"] = lambda: create_database(server)
            yield found
    except (ImportError, PostgresUnavailable) as exc:
        print(f"(PostgreSQL skipped: {exc})")
        yield found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    cities = synthetic_cities()
    rows = floor_rows(args.runs)
    with mock.patch.object(reference, "cities", lambda: cities.assign(verified=cities["confidence"].ne("A"))), \
            backends() as found:
        for name, factory in found.items():
            url = factory()
            seed(url, cities)
            with mock.patch.dict("os.environ", {"SMEDX_TRACKER_DB_URL": url, "SMEDX_HOSTED": "0"}):
                city = cities["adcode"].iloc[0]
                # Clicks more than SIGNATURE_MAX_AGE apart: every rerun reads the reports' fingerprint.
                with mock.patch.object(ui, "SIGNATURE_MAX_AGE", 0.0):
                    for view in VIEWS:
                        for role in ("viewer", "editor"):
                            at = tracker(role == "editor", view, city)
                            rows.append((f"tracker {view}, {role}, {name}", time_reruns(at, args.runs)))
                    at = tracker(True, "city", city, form=True)
                    rows.append((f"tracker city, editor, form open, {name}", time_reruns(at, args.runs)))
                if name == "SQLite":
                    at = tracker(False, VIEWS[0], city)
                    rows.append((f"tracker {VIEWS[0]}, viewer, {name}, reruns < 1 s apart",
                                 time_reruns(at, args.runs)))
    print_rows(f"AppTest server reruns, {args.runs} runs each, {CITIES} cities × {REPORTS} reports, lang=zh", rows)


if __name__ == "__main__":
    main()
