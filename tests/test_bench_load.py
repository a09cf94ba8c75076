"""bench/st_client.py against a live baseline server (widget ids and slider range learned from the deltas, a
changed value reaching the script), and bench/bench_load.py at the smallest size: it runs and prints its table
(no timings asserted)."""
from __future__ import annotations

import asyncio
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from bench.bench_load import BASELINE
from bench.st_client import Session
from deploy.run import ROOT
from tests.deploy_stack import running_stack


async def _drive(url: str) -> tuple[Session, list[str], list[str]]:
    async with Session(url) as session:
        first = await session.open("")
        moved = await session.set_widget("x", 7.5)
        return session, first.errors, moved.errors


def test_the_client_learns_the_widget_and_moves_it() -> None:
    # the client in a thread of its own: the browser tests' Playwright keeps an event loop running in this one
    with running_stack(1, nginx=False, script=BASELINE) as stack, ThreadPoolExecutor(1) as pool:
        session, opened, moved = pool.submit(asyncio.run, _drive(stack.replicas[0])).result()
    assert opened == [] and moved == []
    slider = session.widgets["x"]
    assert slider.kind == "slider" and slider.id.startswith("$$ID-") and slider.id.endswith("-x")
    assert (slider.min, slider.max, slider.step) == (0.0, 20.0, 0.5)  # bench/baseline_app.py's slider


def test_the_bench_runs_one_session_one_step_directly_and_through_nginx() -> None:
    result = subprocess.run([sys.executable, "bench/bench_load.py", "--sessions", "1", "--duration", "5",
                             "--think", "0,0", "--max-steps", "1", "--replicas", "1"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [line.split(" | ") for line in result.stdout.splitlines() if line.count(" | ") > 5]
    body = [(row[0], row[1], row[2], row[4]) for row in rows[2:]]
    assert body == [("direct", "app", "1", "0"), ("direct", "baseline", "1", "0"),
                    ("nginx ×1", "app", "1", "0"), ("nginx ×1", "baseline", "1", "0")]
