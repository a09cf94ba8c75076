"""Where the server's time goes on each input of the load bench: cProfile around every script run of a live server.

Starts one replica with the deployment's command (``deploy.run.app_command``) in a process whose script runner
profiles each run (``ScriptRunner._run_script``, reruns inside it included), drives one protocol session
(bench/st_client.py) through the load bench's round (bench/bench_load.py ``app_steps``: language switch on the
regional page, what-if page, budget lever, overview, regional) ``--rounds`` times after two warm-up rounds, and
prints per input: wall time (BackMsg → script_finished), the server's CPU time (whole process, psutil, 10 ms
ticks), the script thread's own CPU time (``time.thread_time``) and the functions with the most cumulative CPU
time in the script thread (the project's own code first, then everything). CPU clocks, not wall clocks: on a
busy machine waiting for a core does not count. The event loop thread's work (protobuf serialisation, websocket
writes) is in the process column only. ``--no-profile`` times the runs without the profiler's overhead.

Run: python3 bench/profile_pages.py [--rounds 5] [--top 25] [--baseline] [--no-profile] [--save DIR]
Prints tables; not a test. ``--baseline`` profiles bench/baseline_app.py (slider, rerun) instead.
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import itertools
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import defaultdict
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_load import BASELINE, app_steps, baseline_steps  # noqa: E402
from bench.st_client import Session  # noqa: E402
from deploy.run import app_command  # noqa: E402
from tests.browser.harness import free_port  # noqa: E402

OWN = (str(ROOT / "smedx"), str(ROOT / "pages"), str(ROOT / "streamlit_app.py"))


def serve(port: str, out: str, script: str, profile_runs: str) -> None:
    """The server process: every script run's thread CPU seconds into ``out/<n>.cpu`` and, when ``profile_runs``
    is "1", its profile (clock: the thread's CPU time, so waiting for a core under load does not count) into
    ``out/<n>.prof``."""
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web import cli

    original = script_runner.ScriptRunner._run_script
    counter = itertools.count()

    def profiled(self: script_runner.ScriptRunner, rerun_data: object) -> None:
        profile = cProfile.Profile(time.thread_time) if profile_runs == "1" else None
        start = time.thread_time()
        if profile is not None:
            profile.enable()
        try:
            original(self, rerun_data)
        finally:
            if profile is not None:
                profile.disable()
            used = time.thread_time() - start
            number = next(counter)
            (Path(out) / f"{number:05d}.cpu").write_text(f"{used:.6f}")
            if profile is not None:
                profile.dump_stats(Path(out) / f"{number:05d}.prof")

    script_runner.ScriptRunner._run_script = profiled
    command = app_command({"SMEDX_PORT": port, "SMEDX_ADDRESS": "127.0.0.1", "SMEDX_SCRIPT": script})
    os.chdir(ROOT)
    cli.main(command[3:], prog_name="streamlit")


def _wait(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not start")


async def drive(url: str, pid: int, app: bool, rounds: int) -> tuple[list[tuple[str, float, float]], int]:
    """One session: open, two warm-up rounds (the round switches the language: one in each), then ``rounds``
    rounds; (label, wall s, CPU s) per input and the number of warm-up inputs."""
    process = psutil.Process(pid)

    def cpu() -> float:
        times = process.cpu_times()
        return times.user + times.system

    rng = random.Random(1)
    done: list[tuple[str, float, float]] = []
    async with Session(url, cookie=uuid.uuid4().hex) as session:
        before = cpu()
        result = await session.open("regional" if app else "")
        done.append(("open", result.seconds, cpu() - before))
        steps = (app_steps if app else baseline_steps)(session, rng)
        for index in range((rounds + 2) * len(steps)):
            await asyncio.sleep(0.3)  # let the server settle (its event loop flushes after the run)
            kind, make = steps[index % len(steps)]
            before = cpu()
            result = await make()  # type: ignore[operator]
            if result.errors:
                raise RuntimeError(result.errors)
            done.append((f"{index % len(steps)}:{kind}→/{session.page}", result.seconds,
                         cpu() - before))
    return done, 1 + 2 * len(steps)


def report(labels: list[tuple[str, float, float]], runs: list[Path], warm: int, top: int,
           save: Path | None) -> None:
    """Per input label: wall, process CPU and script-thread CPU medians, then (profiled runs) the top functions of
    its merged profile (saved as ``<save>/<n>-<kind>-<page>.prof`` for pstats when ``save`` is given)."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for index, (label, _, _) in enumerate(labels):
        if index >= warm:
            by_label[label].append(index)
    print("input | runs | wall ms | server process CPU ms | script-thread CPU ms (medians)")
    print("--- | --- | --- | --- | ---")
    for label, indices in by_label.items():
        thread = [float(runs[i].with_suffix(".cpu").read_text()) for i in indices]
        print(f"{label} | {len(indices)} | {statistics.median(labels[i][1] for i in indices) * 1000:.0f} | "
              f"{statistics.median(labels[i][2] for i in indices) * 1000:.0f} | {statistics.median(thread) * 1000:.1f}")
    for label, indices in by_label.items():
        if not runs[indices[0]].with_suffix(".prof").exists():
            continue
        stats = pstats.Stats(*[str(runs[i].with_suffix(".prof")) for i in indices], stream=io.StringIO())
        if save is not None:
            save.mkdir(parents=True, exist_ok=True)
            stats.dump_stats(save / (label.replace(":", "-").replace("→/", "-") + ".prof"))
        rows = [(func, data[3] / len(indices), data[2] / len(indices), data[1] / len(indices))
                for func, data in stats.stats.items()]  # type: ignore[attr-defined]
        for title, keep in (("project code", lambda f: f[0].startswith(OWN)), ("all", lambda f: True)):
            print(f"\n{label}: top {top} by cumulative CPU ms per run ({title}); tottime ms; calls")
            chosen = sorted((r for r in rows if keep(r[0])), key=lambda r: -r[1])[:top]
            for (path, line, name), cum, tot, calls in chosen:
                where = path.replace(str(ROOT) + "/", "").split("site-packages/")[-1]
                print(f"  {cum * 1000:8.2f} {tot * 1000:8.2f} {calls:7.0f}  {where}:{line} {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds after the two warm-up rounds")
    parser.add_argument("--top", type=int, default=25, help="functions listed per input")
    parser.add_argument("--baseline", action="store_true", help="profile bench/baseline_app.py instead")
    parser.add_argument("--no-profile", action="store_true", help="only time the runs (no profiler overhead)")
    parser.add_argument("--save", type=Path, help="directory for the merged profile of each input (pstats)")
    parser.add_argument("--serve", nargs=4, metavar=("PORT", "DIR", "SCRIPT", "PROFILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(*args.serve)
        return
    if not 1 <= args.rounds <= 50:
        parser.error("--rounds: 1 to 50")
    port = free_port()
    script = BASELINE if args.baseline else "streamlit_app.py"
    with tempfile.TemporaryDirectory(prefix="smedx-prof-") as out:
        process = subprocess.Popen([sys.executable, __file__, "--serve", str(port), out, script,
                                    "0" if args.no_profile else "1"], cwd=ROOT,
                                   env={**os.environ, "SMEDX_HOSTED": "0"}, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait(url, process)
            labels, warm = asyncio.run(drive(url, process.pid, not args.baseline, args.rounds))
            time.sleep(1.0)
            runs = sorted(Path(out).glob("*.cpu"))
            if len(runs) != len(labels):
                raise RuntimeError(f"{len(runs)} script runs for {len(labels)} inputs")
            report(labels, runs, warm, args.top, args.save)
        finally:
            process.terminate()
            process.wait(timeout=15)


if __name__ == "__main__":
    main()
