"""My data (issue 15): time to read and check an upload of 200,000 firms (CSV, XLSX, Parquet) next to the time to
aggregate it by every grouping, and the peak memory (RSS) of a 50 MB upload. Prints tables; not a test.

Run: python bench/bench_mydata.py [--rows 200000] [--runs 5] [--rss-mb 50]

Target: every grouping (region, province, cluster, city, industry, size × every measure) in ≤ 1 s for 200,000 rows.
The RSS figure is measured in a fresh subprocess (VmHWM): the process after its imports, then the peak
while the 50 MB CSV is held as bytes (as Streamlit holds an upload), read, checked and aggregated.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smedx.mydata import aggregate, reading, records  # noqa: E402
from tests.mydata_fixtures import csv_bytes, firms, parquet_bytes, xlsx_bytes  # noqa: E402


def timed(call: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median seconds of ``runs`` calls and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def load(data: bytes) -> pd.DataFrame:
    upload = records.check(reading.read(data))
    assert upload.records is not None, [i.text("en") for i in upload.errors]
    return upload.records


def speed(rows: int, runs: int) -> None:
    frame = firms(rows, seed=7)
    files = {"CSV (UTF-8 BOM)": csv_bytes(frame), "CSV (GB18030)": csv_bytes(frame, "gb18030"),
             "Parquet": parquet_bytes(frame)}
    files["XLSX"] = xlsx_bytes([list(frame.columns), *frame.itertuples(index=False)])
    print(f"\n{rows:,} firms — read + check (median of {runs}; XLSX once)")
    print(f"{'format':<18}{'MB':>8}{'read s':>9}{'check s':>9}")
    data = None
    for name, blob in files.items():
        n = 1 if name == "XLSX" else runs
        read_s, raw = timed(lambda blob=blob: reading.read(blob), n)
        check_s, upload = timed(lambda raw=raw: records.check(raw), n)
        data = data if data is not None else upload.records
        print(f"{name:<18}{len(blob) / 2**20:>8.1f}{read_s:>9.2f}{check_s:>9.2f}")
    start = time.perf_counter()
    aggregate.table(data, "region", "implemented")
    first = time.perf_counter() - start
    print(f"\naggregate (first call, includes importing statsmodels): {first:.2f} s")
    print(f"{'grouping':<12}{'groups':>8}{'measures':>10}{'s (median)':>12}")
    total = 0.0
    for grouping in aggregate.GROUPINGS:
        seconds, table = timed(lambda g=grouping: aggregate.tables(data, g), runs)
        total += seconds
        groups = table["group"].nunique() - 1
        print(f"{grouping:<12}{groups:>8}{len(aggregate.measures(data)):>10}{seconds:>12.3f}")
    every, _ = timed(lambda: aggregate.every_table(data), runs)
    print(f"{'every grouping':<30}{total:>12.3f}   (every_table: {every:.3f} s; target ≤ 1 s)")


def rss_bytes(target_mb: int) -> bytes:
    """A CSV of about ``target_mb`` MB of synthetic firms."""
    per_row = len(csv_bytes(firms(10_000))) / 10_000
    return csv_bytes(firms(int(target_mb * 2**20 / per_row), seed=11))


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM; ``ru_maxrss`` would carry the parent's peak over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def rss_child() -> None:
    """In a fresh subprocess: the upload's bytes arrive on stdin (held in memory, as Streamlit holds an upload);
    peak RSS before and after read + check + every grouping."""
    from statsmodels.stats.proportion import proportion_confint  # noqa: F401  (imports belong to the baseline)

    data = sys.stdin.buffer.read()
    before = peak_rss_mb()
    start = time.perf_counter()
    loaded = load(data)
    seconds = time.perf_counter() - start
    every = aggregate.every_table(loaded)
    peak = peak_rss_mb()
    print(f"\n{len(data) / 2**20:.1f} MB CSV upload, {len(loaded):,} firms, {len(every)} aggregate rows")
    print(f"read + check: {seconds:.2f} s")
    print(f"peak RSS with the imports and the upload's bytes:      {before:,.0f} MB")
    print(f"peak RSS after read + check + every grouping:          {peak:,.0f} MB (+{peak - before:,.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rss-mb", type=int, default=50)
    parser.add_argument("--rss-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child()
        return
    speed(args.rows, args.runs)
    subprocess.run([sys.executable, __file__, "--rss-child"], input=rss_bytes(args.rss_mb), check=True)


if __name__ == "__main__":
    main()
