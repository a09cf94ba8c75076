"""Benchmark of the what-if model (issue 5). Prints tables; no assertions.

    python bench/bench_model.py            # model evaluation only
    python bench/bench_model.py --page     # also the what-if page slider rerun vs an empty page (AppTest)

Model target: a full evaluation (all units, all draws, to 2030) ≤ 50 ms median.
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smedx.model import params, sensitivity, simulate
from smedx.model.baseline import load_units


def timed(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median and p95 wall time in milliseconds (one warm-up call first)."""
    fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def model_rows(repeats: int) -> list[tuple[str, float, float]]:
    spec = params.load_spec()
    units = load_units()
    default = params.default_scenario(spec)
    to_2030 = replace(default, levers={**default.levers, "horizon": 2030.0})
    from_2021 = replace(default, levers={**default.levers, "horizon": 2030.0, "start_year": 2021.0})
    draws = simulate.draw(spec, to_2030, units)
    cases = {
        f"run: defaults, {len(units)} units × {simulate.DEFAULT_DRAWS} draws, to 2030 (policy 2025–30)":
            lambda: simulate.run(to_2030, spec=spec, units=units),
        "run: worst case, policy 2021–30": lambda: simulate.run(from_2021, spec=spec, units=units),
        "run: defaults, horizon 2027": lambda: simulate.run(default, spec=spec, units=units),
        "evaluate only (no tables), to 2030": lambda: simulate.evaluate(spec, to_2030.levers, draws, units),
        "sobol (256 base samples, national gain)": lambda: sensitivity.sobol(default, spec=spec, units=units),
    }
    return [(name, *timed(fn, repeats if "sobol" not in name else max(5, repeats // 6))) for name, fn in cases.items()]


def page_rows(repeats: int) -> list[tuple[str, float, float]]:
    """Slider rerun of the what-if page (AppTest, new lever value each time, so the model runs) vs the floor:
    an empty page with one slider."""
    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parent.parent
    floor = AppTest.from_string("import streamlit as st\nst.slider('x', 0.0, 20.0, 5.0, 0.5, key='x')")
    floor.run()
    page = AppTest.from_file(str(root / "streamlit_app.py"), default_timeout=120)
    page.query_params["lang"] = "en"
    page.run()
    page.switch_page("pages/whatif.py").run()
    values = [v / 2 for v in range(41)]  # 0.0 … 20.0: every rerun is a new scenario (no cache hit)

    def rerun(app: AppTest, key: str) -> Callable[[], object]:
        state = {"i": 0}

        def step() -> object:
            state["i"] += 1
            return app.slider(key=key).set_value(values[state["i"] % len(values)]).run()
        return step

    return [
        ("empty page with one slider (floor)", *timed(rerun(floor, "x"), repeats)),
        ("what-if page, funding slider moved (AppTest full rerun)", *timed(rerun(page, "fund_coverage"), repeats)),
        ("what-if fragment body alone, new scenario (bare mode)", *timed(fragment_body(values), repeats)),
    ]


def fragment_body(values: list[float]) -> Callable[[], object]:
    """The work of one slider rerun of the fragment outside AppTest (Streamlit bare mode: elements are built
    and serialised but not sent); each call is a new scenario, so the model runs."""
    from smedx.model.params import load_spec, to_query
    from smedx.ui import whatif as ui

    for name in ("streamlit", "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).setLevel(logging.ERROR)  # bare mode logs a warning per element otherwise
    spec = load_spec()
    state = {"i": 0}

    def step() -> object:
        state["i"] += 1
        base = ui.controls(spec, "en")
        levers = {**base.levers, "fund_coverage": values[state["i"] % len(values)],
                  "horizon": float(2027 + state["i"] % 4)}
        scenario = ui.from_query(to_query(ui.Scenario(levers, base.assumptions)), spec)
        result = ui.results(spec, scenario, "en")
        ui.headline(result, "en")
        ui.compare(spec, scenario, "en")
        ui.extras(spec, scenario, result, "en")
        return result
    return step


def print_table(title: str, rows: list[tuple[str, float, float]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"\n{title}\n{'case':<{width}}  {'median ms':>10}  {'p95 ms':>8}")
    for name, median, p95 in rows:
        print(f"{name:<{width}}  {median:>10.1f}  {p95:>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--page", action="store_true", help="also time the page rerun with AppTest")
    args = parser.parse_args()
    print_table("What-if model (target: ≤ 50 ms median for the full evaluation to 2030)", model_rows(args.repeats))
    if args.page:
        print_table("Slider rerun (target: ≤ 3 × floor + model time)", page_rows(args.repeats))


if __name__ == "__main__":
    main()
