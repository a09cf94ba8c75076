"""Benchmark of the downloads (issue 12): the data bundle's and the source archive's size and build time, and the
build time and size of each page's CSV download. Prints a table; no assertions.

    python bench/bench_exports.py            # 5 repetitions
    python bench/bench_exports.py --quick    # 1 repetition (smoke run)
"""
from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smedx import bundle, catalogue, downloads, source_archive
from smedx.export import csv_bytes


def timed(make: Callable[[], bytes], repeats: int) -> tuple[float, int]:
    """Median milliseconds of ``make`` over ``repeats`` runs and the size of its bytes."""
    times, size = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        size = len(make())
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), size


def uncached_bundle() -> bytes:
    bundle.zip_bytes.cache_clear()
    bundle.datapackage.cache_clear()
    return bundle.zip_bytes()


def main() -> None:
    repeats = 1 if "--quick" in sys.argv else 5
    cases: dict[str, Callable[[], bytes]] = {
        "data bundle (ZIP, built uncached)": uncached_bundle,
        "source archive (ZIP, built uncached)": source_archive.build,
        "regional provinces CSV (all)": lambda: csv_bytes(downloads.regional_provinces("zh", None)),
        "first-tier cities CSV": lambda: csv_bytes(downloads.first_tier("zh", "rank", "all")),
        "cluster members CSV": lambda: csv_bytes(downloads.cluster_members("zh", ())),
        "policy timeline CSV": lambda: csv_bytes(downloads.timeline("zh", (2000, 2030), ())),
        "sources page figures CSV": lambda: csv_bytes(
            downloads.sources_page("figures", "zh", catalogue.figures_table("zh"), "")),
    }
    print(f"{'download':<40}{'median ms':>12}{'bytes':>12}")
    for name, make in cases.items():
        ms, size = timed(make, repeats)
        print(f"{name:<40}{ms:>12.1f}{size:>12,}")
    print(f"\nsize of the data bundle: {len(bundle.zip_bytes()):,} bytes ({len(bundle.zip_bytes()) / 1024:.1f} KiB)")


if __name__ == "__main__":
    main()
