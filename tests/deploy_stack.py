"""The deployment stack on localhost for tests and bench/: app replicas and nginx started with the deployment's
own commands (``python3 -m deploy.run app|nginx``, as in the Dockerfile and compose.yaml) on free ports.

``running_stack(replicas=2, env={...})`` yields a :class:`Stack` with each replica's URL, the nginx URL and the
process ids (the load bench reads their CPU time and memory). Processes are stopped at the end; a process that
exits early or a port that never answers is an error naming its log under ``test-output/``.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy.run import ENTRY, ROOT
from tests.browser.harness import free_port

LOGS = ROOT / "test-output"


@dataclass(frozen=True)
class Stack:
    """URLs (``http://127.0.0.1:<port>``) and process ids of a running stack; ``nginx`` is "" without nginx."""

    replicas: tuple[str, ...]
    nginx: str
    replica_pids: tuple[int, ...]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not become healthy; see {log}")
        time.sleep(0.3)


@contextmanager
def _process(role: str, env: dict[str, str], name: str) -> Iterator[subprocess.Popen]:
    LOGS.mkdir(exist_ok=True)
    log = LOGS / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen([*ENTRY, role], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, **env})
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def running_stack(replicas: int = 2, env: dict[str, str] | None = None, nginx: bool = True,
                  script: str = "streamlit_app.py") -> Iterator[Stack]:
    """Start ``replicas`` app processes (and nginx in front of them) sharing ``env``."""
    shared = {"STREAMLIT_SERVER_COOKIE_SECRET": os.urandom(16).hex(), "SMEDX_ADDRESS": "127.0.0.1",
              "SMEDX_SCRIPT": script, **(env or {})}
    with ExitStack() as stack:
        urls, processes = [], []
        for _ in range(replicas):
            port = free_port()
            processes.append(stack.enter_context(
                _process("app", {**shared, "SMEDX_PORT": str(port)}, f"replica-{port}")))
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, processes, strict=True):
            _wait_healthy(url, process, LOGS / f"replica-{url.rsplit(':', 1)[1]}.log")
        front = ""
        if nginx:
            port = free_port()
            prefix = stack.enter_context(tempfile.TemporaryDirectory(prefix="smedx-nginx-"))
            os.chmod(prefix, 0o755)  # nginx workers (www-data when run as root) read below it
            servers = ",".join(u.removeprefix("http://") for u in urls)
            process = stack.enter_context(_process("nginx", {"SMEDX_APP_SERVERS": servers,
                                                             "SMEDX_LISTEN": f"127.0.0.1:{port}",
                                                             "SMEDX_NGINX_PREFIX": prefix}, f"nginx-{port}"))
            front = f"http://127.0.0.1:{port}"
            _wait_healthy(front, process, LOGS / f"nginx-{port}.log", timeout=30)
        yield Stack(tuple(urls), front, tuple(p.pid for p in processes))
