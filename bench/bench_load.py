"""Load bench at the protocol level: N sessions speak Streamlit's websocket protocol (bench/st_client.py), no browser.

Each app session opens the regional page, then repeats with think times: switch the language (中文 ↔ English),
open the what-if page, move the budget lever (its fragment reruns), open the overview, back to the regional page.
The baseline (bench/baseline_app.py: one slider, one 8-point Altair line, same `streamlit run` command) is driven
the same way: open, move its slider, rerun the page (its "page switch"). Every input is timed from the BackMsg sent
to the run's script_finished. Per N and target: inputs, errors, p50 / p95 / max per kind (ms), server CPU seconds
(psutil, the replicas' processes) and CPU ms per input, peak RSS per replica (MB). At N = 1 the CPU of each kind of
input is measured alone ("CPU ms/input" by kind). Targets: a replica directly, and nginx in front of --replicas
replicas (deploy/nginx.conf, started with `python3 -m deploy.run`). With --browser, two chromium sessions measure
paint time (input → script done → painted) on the same target while the protocol sessions run.

Bounded: at most 100 sessions, 600 s per run and --max-steps inputs per session; localhost only. Not a test.

Run: python3 bench/bench_load.py --sessions 1,5,10,20,50 --duration 60 --think 2,5 --replicas 2 --browser
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import threading
import time
import uuid
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.st_client import RunResult, Session  # noqa: E402
from tests.deploy_stack import Stack, running_stack  # noqa: E402

BASELINE = "bench/baseline_app.py"
KINDS = ("open", "lever", "page", "lang")
MAX_SESSIONS, MAX_DURATION = 100, 600.0


@dataclass
class Tally:
    """Rerun latencies (s) and errors of one run, by kind of input; CPU seconds per input when measured alone."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    cpu: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)

    def add(self, kind: str, result: RunResult, cpu: float | None = None) -> None:
        self.seconds[kind].append(result.seconds)
        self.errors.extend(result.errors)
        if cpu is not None:
            self.cpu[kind].append(cpu)


def cpu_seconds(pids: tuple[int, ...]) -> float:
    """User + system CPU seconds of the processes and their children so far."""
    total = 0.0
    for pid in pids:
        process = psutil.Process(pid)
        for proc in (process, *process.children(recursive=True)):
            times = proc.cpu_times()
            total += times.user + times.system
    return total


def rss_mb(pids: tuple[int, ...]) -> list[float]:
    """Resident memory of each process (with its children), MB."""
    return [sum(p.memory_info().rss for p in (psutil.Process(pid), *psutil.Process(pid).children(recursive=True)))
            / 2**20 for pid in pids]


def app_steps(session: Session, rng: random.Random) -> list[tuple[str, object]]:
    """One round of an official's clicks on the app: (kind, coroutine factory)."""
    def lang() -> object:
        return session.set_widget("lang", "English" if session.query.find("lang=en") < 0 else "中文")

    def lever() -> object:
        widget = session.widgets["budget"]
        values = [widget.min + step * widget.step for step in range(int((widget.max - widget.min) / widget.step) + 1)]
        return session.set_widget("budget", rng.choice(values))

    return [("lang", lang), ("page", lambda: session.switch_page("whatif")), ("lever", lever),
            ("page", lambda: session.switch_page("overview")), ("page", lambda: session.switch_page("regional"))]


def baseline_steps(session: Session, rng: random.Random) -> list[tuple[str, object]]:
    """The baseline page: move its slider, rerun the page."""
    return [("lever", lambda: session.set_widget("x", rng.choice([i * 0.5 for i in range(41)]))),
            ("page", lambda: session.switch_page(""))]


async def one_session(url: str, app: bool, deadline: float, think: tuple[float, float], max_steps: int,
                      tally: Tally, seed: int, pids: tuple[int, ...] | None) -> None:
    """A session until ``deadline`` or ``max_steps`` inputs; ``pids`` set: CPU of each input measured alone."""
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, think[1]))  # arrivals spread over one think time
    try:
        async with Session(url, cookie=uuid.uuid4().hex) as session:
            before = cpu_seconds(pids) if pids else None
            tally.add("open", await session.open("regional" if app else ""),
                      cpu_seconds(pids) - before if pids else None)
            steps = (app_steps if app else baseline_steps)(session, rng)
            for index in range(max_steps):
                await asyncio.sleep(rng.uniform(*think))
                if time.monotonic() > deadline:
                    return
                kind, make = steps[index % len(steps)]
                before = cpu_seconds(pids) if pids else None
                result = await make()  # type: ignore[operator]
                tally.add(kind, result, cpu_seconds(pids) - before if pids else None)
    except (TimeoutError, OSError) as error:
        tally.errors.append(f"connection: {error!r}")


def run_load(url: str, pids: tuple[int, ...], app: bool, sessions: int, args: argparse.Namespace) -> dict:
    """N sessions against ``url``; latency, errors, CPU and RSS of the server processes ``pids``."""
    tally = Tally()
    cpu0, start = cpu_seconds(pids), time.monotonic()
    deadline = start + args.duration

    peak = rss_mb(pids)

    async def sample_rss() -> None:  # peak resident memory while the sessions are open
        while True:
            peak[:] = [max(a, b) for a, b in zip(peak, rss_mb(pids), strict=True)]
            await asyncio.sleep(1.0)

    async def everyone() -> None:
        sampler = asyncio.create_task(sample_rss())
        await asyncio.gather(*[one_session(url, app, deadline, args.think, args.max_steps, tally, seed,
                                           pids if sessions == 1 else None) for seed in range(sessions)])
        sampler.cancel()

    asyncio.run(everyone())
    inputs = sum(len(v) for v in tally.seconds.values())
    cpu = cpu_seconds(pids) - cpu0
    return {"tally": tally, "inputs": inputs, "cpu": cpu, "wall": time.monotonic() - start, "rss": peak}


def _ms(values: list[float]) -> str:
    if not values:
        return "—"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered) * 1000:.0f} / {p95 * 1000:.0f} / {ordered[-1] * 1000:.0f}"


def print_table(rows: list[tuple[str, str, int, dict]]) -> None:
    """One line per (target, page, N): latency per kind, errors, CPU, RSS."""
    head = ["target", "page", "N", "inputs", "errors", *[f"{k} p50/p95/max ms" for k in KINDS],
            "CPU s", "CPU ms/input", "CPU ms by kind (alone)", "peak RSS MB/replica"]
    print(" | ".join(head))
    print(" | ".join("---" for _ in head))
    for target, page, sessions, row in rows:
        tally: Tally = row["tally"]
        alone = ", ".join(f"{k} {statistics.median(v) * 1000:.0f}" for k, v in tally.cpu.items()) or "—"
        cells = [target, page, str(sessions), str(row["inputs"]), str(len(tally.errors)),
                 *[_ms(tally.seconds.get(k, [])) for k in KINDS], f"{row['cpu']:.1f}",
                 f"{row['cpu'] * 1000 / max(row['inputs'], 1):.0f}", alone,
                 " / ".join(f"{mb:.0f}" for mb in row["rss"])]
        print(" | ".join(cells))
    errors = [(t, p, n, e) for t, p, n, row in rows for e in row["tally"].errors]
    for target, page, sessions, error in errors[:20]:
        print(f"error ({target}, {page}, N={sessions}): {error}")


def browser_sample(url: str, baseline_url: str, runs: int, out: list[tuple[str, list[float]]]) -> None:
    """Two chromium sessions: language switch on the regional page, budget lever, baseline slider (paint time)."""
    from playwright.sync_api import sync_playwright

    from bench.bench_browser import language_samples, slider_samples
    from tests.browser.harness import launch_browser, wait_for_app

    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        pages = [browser.new_page(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
        for index, page in enumerate(pages):
            page.goto(f"{baseline_url}/")
            wait_for_app(page)
            out.append((f"browser {index + 1}: baseline slider", slider_samples(page, runs)))
            page.goto(f"{url}/regional")
            wait_for_app(page)
            out.append((f"browser {index + 1}: regional, language switched", language_samples(page, runs)))
            page.goto(f"{url}/whatif")
            wait_for_app(page)
            out.append((f"browser {index + 1}: what-if budget lever", slider_samples(page, runs, onward=True)))
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", default="1,5,10,20,50", help="comma-separated session counts")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per run (each N, target, page)")
    parser.add_argument("--think", default="2,5", help="think time between inputs: min,max seconds")
    parser.add_argument("--max-steps", type=int, default=200, help="inputs per session at most")
    parser.add_argument("--replicas", type=int, default=2, help="app replicas behind nginx")
    parser.add_argument("--targets", default="direct,nginx", help="direct (one replica), nginx, or both")
    parser.add_argument("--browser", action="store_true", help="also two chromium sessions measuring paint time")
    parser.add_argument("--browser-runs", type=int, default=10)
    args = parser.parse_args()
    counts = [int(n) for n in args.sessions.split(",")]
    args.think = tuple(float(x) for x in args.think.split(","))
    targets = [t.strip() for t in args.targets.split(",")]
    if max(counts) > MAX_SESSIONS or args.duration > MAX_DURATION or not set(targets) <= {"direct", "nginx"}:
        parser.error(f"at most {MAX_SESSIONS} sessions and {MAX_DURATION:.0f} s; targets direct and/or nginx")
    env = {"SMEDX_HOSTED": "0", **({"SMEDX_TRACKER_DB_URL": os.environ["SMEDX_TRACKER_DB_URL"]}
                                   if "SMEDX_TRACKER_DB_URL" in os.environ else {})}
    rows: list[tuple[str, str, int, dict]] = []
    painted: list[tuple[str, list[float]]] = []
    with ExitStack() as stack:
        stacks: dict[str, Stack] = {
            "app": stack.enter_context(running_stack(args.replicas, env=env, nginx="nginx" in targets)),
            "baseline": stack.enter_context(running_stack(args.replicas, env=env, nginx="nginx" in targets,
                                                          script=BASELINE)),
        }
        for name, running in stacks.items():  # warm every replica's caches once, not counted
            for replica, pid in zip(running.replicas, running.replica_pids, strict=True):
                warm = argparse.Namespace(**{**vars(args), "duration": 30.0, "think": (0.0, 0.0), "max_steps": 5})
                run_load(replica, (pid,), name == "app", 1, warm)
        sampler = None
        if args.browser:
            front = "nginx" if "nginx" in targets else "direct"
            urls = {n: (s.nginx if front == "nginx" else s.replicas[0]) for n, s in stacks.items()}
            sampler = threading.Thread(target=browser_sample,
                                       args=(urls["app"], urls["baseline"], args.browser_runs, painted))
            sampler.start()
        for sessions in counts:
            for target in targets:
                for name, running in stacks.items():
                    url = running.replicas[0] if target == "direct" else running.nginx
                    pids = running.replica_pids[:1] if target == "direct" else running.replica_pids
                    rows.append((target if target == "direct" else f"nginx ×{args.replicas}", name, sessions,
                                 run_load(url, pids, name == "app", sessions, args)))
        if sampler is not None:
            sampler.join()
    print(f"\nProtocol load bench: think {args.think[0]:g}–{args.think[1]:g} s, {args.duration:g} s per run; "
          "latency = BackMsg sent → script_finished\n")
    print_table(rows)
    if painted:
        print("\nBrowser sample (input → script done → painted), median / p95 / max ms, while the protocol load ran")
        for label, samples in painted:
            print(f"{label}: {_ms([s / 1000 for s in samples])}")


if __name__ == "__main__":
    main()
