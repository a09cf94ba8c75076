"""Benchmark of the briefing deck (issue 12): time from "build deck" to the PPTX bytes for 6 view slides (plus the
title slide), cold (first build in the process: vl-convert and the model start) and warm. Target: ≤ 5 s.
Prints figures; no assertions.

    python bench/bench_deck.py            # 3 warm runs
    python bench/bench_deck.py --runs 1   # a tiny run
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smedx.exports import deck


def _build(lang: str) -> tuple[float, int]:
    start = time.perf_counter()
    data = deck.build(deck.DEFAULT_VIEWS, lang, "https://smedx.example")
    return time.perf_counter() - start, len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cold, size = _build("zh")
    warm = [_build(lang)[0] for lang in ("zh", "en") * args.runs][: max(args.runs, 1)]
    print(f"briefing deck, {len(deck.DEFAULT_VIEWS)} view slides + title ({size / 1024:.0f} KiB)")
    print(f"  cold build: {cold:6.2f} s")
    print(f"  warm build: median {statistics.median(warm):6.2f} s, max {max(warm):6.2f} s over {len(warm)} runs")
    print("  target: ≤ 5 s from click to file")


if __name__ == "__main__":
    main()
