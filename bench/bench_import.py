"""Benchmark of the tracker import (issue 4): a 5,000-row file, validated row by row and written in one
transaction. Prints a table; no assertions. Target: ≤ 2 s per import.

    python bench/bench_import.py            # SQLite and, if installed, a throwaway PostgreSQL

The 44 identified pilot cities allow at most 44 × 30 report months, so the bench uses 100 synthetic cities
× 50 months (2023-01 … 2027-02), the same shape as the page bench's 100 cities.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd

from smedx.tracker.exporter import to_csv_bytes, to_xlsx_bytes
from smedx.tracker.importer import import_file
from smedx.tracker.store import Actor, TrackerStore, open_store

CITIES = 100
MONTHS = 50
TODAY = date(2027, 6, 15)
EDITOR = Actor("bench@example.gov.cn", "editor")


def synthetic_cities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "adcode": [f"9{i:05d}" for i in range(CITIES)],
            "name_zh": [f"测试市{i}" for i in range(CITIES)],
            "name_en": [f"Test City {i}" for i in range(CITIES)],
            "batch": [1 + i % 3 for i in range(CITIES)],
            "award_cap_yi": [1.5 if i % 4 == 0 else 1.0 for i in range(CITIES)],
        }
    )


def report_file(cities: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for i, name in enumerate(cities["name_zh"]):
        for m in range(MONTHS):
            rows.append({
                "city": name, "period": f"{2023 + m // 12}-{m % 12 + 1:02d}", "firms_retrofitted": 10 * m + i,
                "l2_share_pct": round(30 + m * 0.9, 1), "service_providers": m // 5, "products": m,
                "lighthouse_firms": m // 10,
                "funds_disbursed_yi": round(0.01 * m, 2), "note": f"第{m + 1}期报告", "source": "市工信局月报",
            })
    return pd.DataFrame(rows)


def run_once(url_factory: Callable[[], str], data: bytes, filename: str, cities: pd.DataFrame) -> float:
    opened = open_store(url_factory())
    store = TrackerStore(opened.engine, clock=lambda: datetime(2027, 6, 15, tzinfo=UTC))
    store.sync_cities(cities)
    start = time.perf_counter()
    report = import_file(store, EDITOR, data, filename, cities, today=TODAY)
    elapsed = time.perf_counter() - start
    assert report.summary is not None and report.summary.inserted == CITIES * MONTHS, report.messages("en")[:3]
    opened.engine.dispose()
    return elapsed


def main() -> None:
    cities = synthetic_cities()
    frame = report_file(cities)
    files = {
        "CSV UTF-8 (BOM)": (to_csv_bytes(frame), "r.csv"),
        "CSV GB18030": (frame.to_csv(index=False).encode("gb18030"), "r.csv"),
        "XLSX": (to_xlsx_bytes(frame), "r.xlsx"),
    }
    tmp = Path(tempfile.mkdtemp(prefix="smedx-bench-"))
    counter = iter(range(10_000))
    backends: dict[str, Callable[[], str]] = {"SQLite": lambda: f"sqlite:///{tmp / f'b{next(counter)}.sqlite3'}"}
    server_cm = None
    try:
        from tests.pg import PostgresUnavailable, create_database, running_server

        server_cm = running_server()
        server = server_cm.__enter__()
        backends["PostgreSQL"] = lambda: create_database(server)
    except (ImportError, PostgresUnavailable) as exc:
        print(f"(PostgreSQL skipped: {exc})")
    print(f"Import of {len(frame):,} rows ({CITIES} cities × {MONTHS} months), median of 3 runs, target ≤ 2 s")
    print(f"{'backend':<12} {'file':<18} {'size':>9} {'median s':>9} {'max s':>7} {'rows/s':>8}")
    try:
        for backend, factory in backends.items():
            for label, (data, filename) in files.items():
                times = [run_once(factory, data, filename, cities) for _ in range(3)]
                median = statistics.median(times)
                print(f"{backend:<12} {label:<18} {len(data) / 1024:>7.0f}kB {median:>9.2f} {max(times):>7.2f} "
                      f"{len(frame) / median:>8.0f}")
    finally:
        if server_cm is not None:
            server_cm.__exit__(None, None, None)


if __name__ == "__main__":
    main()
