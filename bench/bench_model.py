"""Benchmark of the what-if model (issue 9). Prints tables; no assertions.

    python bench/bench_model.py            # model evaluation only
    python bench/bench_model.py --page     # also the what-if page slider rerun vs an empty page (AppTest)

Model target (issue 9): a run of the units on screen (the nation, the pilot segment and the open tab's regions;
2,000 draws) ≤ 30 ms median. The page cases are timed in turn, so machine load falls on all alike; the floor is also
timed back to back (warm caches). The browser target (lever move → updated chart ≤ 2.5 × an empty page with one
slider) is measured by bench/bench_browser.py. The app process's malloc settings (smedx.allocator) apply to every
row unless --default-malloc.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from streamlit.testing.v1 import AppTest

import tests.conftest  # noqa: F401  (AppTest runs like a live server: no legacy pages/ mode, one script cache)
from smedx import allocator
from smedx.model import params, sensitivity, simulate
from smedx.model.baseline import load_units
from tests.test_page_whatif import run_fragment


def summary(samples: list[float]) -> tuple[float, float]:
    """Median and p95 of wall times in milliseconds."""
    samples = sorted(samples)
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def timed(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median and p95 wall time in milliseconds (one warm-up call first)."""
    return interleaved({"": fn}, repeats)[0][1:]


def interleaved(cases: dict[str, Callable[[], object]], repeats: int) -> list[tuple[str, float, float]]:
    """(name, median, p95) per case, timed in turn (case 1, case 2, …, case 1, …) after one warm-up call each,
    so that the load of a shared machine falls on every case alike."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for fn in cases.values():
        fn()
    for _ in range(repeats):
        for name, fn in cases.items():
            start = time.perf_counter()
            fn()
            samples[name].append((time.perf_counter() - start) * 1000)
    return [(name, *summary(values)) for name, values in samples.items()]


def model_rows(repeats: int) -> list[tuple[str, float, float]]:
    spec = params.load_spec()
    units = load_units()
    default = params.default_scenario(spec)
    both = replace(default, levers={**default.levers, "trained": 100000.0})
    to_2030 = replace(both, levers={**both.levers, "horizon": 2030.0})
    from_2021 = replace(both, levers={**both.levers, "horizon": 2030.0, "start_year": 2021.0, "end_year": 2030.0})
    shown = ("region",)
    draws = simulate.draw(spec, to_2030, units)
    cases = {
        f"{ON_SCREEN}: as announced (funding only), horizon 2027": lambda: simulate.run(default, spec=spec, units=units,
                                                                                        levels=shown),
        f"{ON_SCREEN}: funding and training (attribution: 3 runs), 2027":
            lambda: simulate.run(both, spec=spec, units=units, levels=shown),
        f"{ON_SCREEN}: funding and training, horizon 2030": lambda: simulate.run(to_2030, spec=spec, units=units,
                                                                                 levels=shown),
        f"all {len(units)} units: funding and training, horizon 2030": lambda: simulate.run(to_2030, spec=spec,
                                                                                            units=units),
        f"all {len(units)} units: worst case, policy 2021–30": lambda: simulate.run(from_2021, spec=spec, units=units),
        "all units, then all its tables (2027)": lambda: all_tables(simulate.run(both, spec=spec, units=units)),
        "evaluate only (no percentiles), all units, 2030":
            lambda: simulate.evaluate(spec, to_2030.levers, draws, units),
        "sobol (256 base samples, nation and segment)": lambda: sensitivity.sobol(both, spec=spec, units=units),
    }
    return [(name, *timed(fn, repeats if "sobol" not in name else max(5, repeats // 6))) for name, fn in cases.items()]


ON_SCREEN = "units on screen (nation, segment, regions)"


def all_tables(result: simulate.Result) -> object:
    """Build every table of a result (they are built on first use)."""
    return result.paths, result.summary, result.validation


def page_rows(repeats: int) -> list[tuple[str, float, float]]:
    """Slider rerun of the what-if page vs the floor (an empty page with one slider), and the model time of the
    very scenarios the fragment rerun shows. Every rerun is a new scenario (no cached result): the budget
    slider walks 0 … 200 亿元 and each row runs at its own number of firms trained, so no row reuses another's
    results.
    """
    from smedx.model.params import from_query, to_query

    root = Path(__file__).resolve().parent.parent
    spec = params.load_spec()
    units = load_units()
    values = [float(v) for v in range(0, 201, 5)]
    floor = AppTest.from_string("import streamlit as st\nst.slider('x', 0.0, 200.0, 5.0, 5.0, key='x')")
    floor.run()

    def page(training: float) -> AppTest:
        app = AppTest.from_file(str(root / "streamlit_app.py"), default_timeout=120)
        app.query_params["lang"] = "en"
        app.query_params["trained"] = f"{training:g}"
        app.run()
        return app.switch_page("pages/whatif.py").run()

    def model(training: float, levels: tuple[str, ...] | None = None) -> Callable[[], object]:
        """``simulate.run`` of the scenario the page shows after each move of the funding slider (all units, or
        the nation and ``levels``: what the page's default view runs)."""
        default = params.default_scenario(spec)
        state = {"i": 0}

        def step() -> object:
            state["i"] += 1
            levers = {**default.levers, "trained": training, "budget": values[state["i"] % len(values)]}
            scenario = from_query(to_query(replace(default, levers=levers)), spec)
            return simulate.run(scenario, spec=spec, units=units, levels=levels)
        return step

    full_page, fragment_page = page(60000.0), page(70000.0)
    bare = AppTest.from_string(MODEL_ONLY_FRAGMENT, default_timeout=120)
    bare.run()
    rows = interleaved({
        FLOOR: rerun(floor, "x", values),
        "fragment of one slider and simulate.run only (no page)": rerun(bare, "x", values, fragment=True),
        "what-if page, budget slider moved (AppTest full rerun)": rerun(full_page, "budget", values),
        FRAGMENT: rerun(fragment_page, "budget", values, fragment=True),
        MODEL: model(80000.0),
        MODEL_SHOWN: model(90000.0, ("region",)),
    }, repeats)
    return [*rows, (WARM_FLOOR, *timed(rerun(floor, "x", values), repeats))]


# The model in a fragment and nothing else: a slider rerun with no page around the model. Its excess over the
# model row is Streamlit's and AppTest's share (and the model running in a fresh script thread, not the main one).
MODEL_ONLY_FRAGMENT = """
from dataclasses import replace
import streamlit as st
from smedx.model import params, simulate

@st.fragment
def model():
    value = st.slider("x", 0.0, 200.0, 5.0, 5.0, key="x")
    spec = params.load_spec()
    default = params.default_scenario(spec)
    levers = {**default.levers, "trained": 90000.0, "budget": value}
    simulate.run(params.from_query(params.to_query(replace(default, levers=levers)), spec), levels=("region",))

model()
"""
FLOOR = "empty page with one slider (floor)"
WARM_FLOOR = "the same floor timed back to back (warm caches, lower)"
FRAGMENT = "what-if page, budget slider moved (fragment rerun, as a live server)"
MODEL = "model: simulate.run of the same scenarios, all units (horizon 2027)"
MODEL_SHOWN = "model: the same, units on screen only (what the default view runs)"


def verdict(model: list[tuple[str, float, float]], page: list[tuple[str, float, float]] | None) -> str:
    """Issue 9's model target on the medians: a run of the units on screen ≤ 30 ms (every on-screen row); with the
    page rows, the fragment rerun next to the floor and to the model time of the same scenarios."""
    worst = max(m for name, m, _ in model if name.startswith(ON_SCREEN))
    lines = [f"model, units on screen: worst median {worst:.1f} ms (target ≤ 30 ms): "
             f"{'met' if worst <= 30 else 'NOT met'}"]
    if page:
        median = {name: m for name, m, _ in page}
        for label, floor in (("floor timed in turn", median[FLOOR]), ("floor timed back to back", median[WARM_FLOOR])):
            lines.append(f"fragment rerun {median[FRAGMENT]:.1f} ms = {median[FRAGMENT] / floor:.1f} × {label} "
                         f"({floor:.1f} ms); model of the shown units {median[MODEL_SHOWN]:.1f} ms")
    return "\n".join(lines)


def rerun(app: AppTest, key: str, values: list[float], fragment: bool = False) -> Callable[[], object]:
    """A step that moves slider ``key`` of an AppTest to the next value and reruns the whole script, or with
    ``fragment`` only the page's fragment, as a live server does (see ``tests.test_page_whatif.run_fragment``)."""
    state = {"i": 0}

    def step() -> object:
        state["i"] += 1
        app.slider(key=key).set_value(values[state["i"] % len(values)])
        return run_fragment(app) if fragment else app.run()
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
    parser.add_argument("--default-malloc", action="store_true",
                        help="keep glibc's default malloc settings instead of the app's (smedx.allocator)")
    args = parser.parse_args()
    if args.default_malloc:
        allocator.tune = lambda: False  # the app's entry point (run by AppTest) calls it too
    print(f"malloc settings of the app process (smedx.allocator): {'applied' if allocator.tune() else 'default'}")
    model = model_rows(args.repeats)
    print_table("What-if model, 2,000 draws (target: units on screen ≤ 30 ms median)", model)
    page = page_rows(args.repeats) if args.page else None
    if page:
        print_table("Slider rerun (cases timed in turn)", page)
    print(verdict(model, page))


if __name__ == "__main__":
    main()
