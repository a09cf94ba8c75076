"""Real-browser harness: ``streamlit run`` on localhost and Debian's chromium driven by Playwright.

Every request the page makes is recorded; tests assert that none leaves localhost.
Screenshots go to ``test-output/screenshots/``. Missing chromium is an error, never a skip.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--use-gl=swiftshader",
    "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist",
]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def streamlit_server(env: dict[str, str] | None = None, port: int | None = None,
                     script: str = "streamlit_app.py") -> Iterator[str]:
    """Run ``streamlit run <script>`` (the app by default) on 127.0.0.1 and yield its base URL; stop it after."""
    port = port or free_port()
    log = (ROOT / "test-output" / f"streamlit-{port}.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none", "--server.runOnSave", "false"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})})
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"streamlit did not start; see {log}") from None
                    time.sleep(0.3)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@dataclass
class Traffic:
    """Requests and console errors seen by one browser page."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    @property
    def external(self) -> list[str]:
        """Requests to any host other than localhost (data: and blob: URLs are local)."""
        return [u for u in self.requests
                if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).hostname not in LOCAL_HOSTS]


def launch_browser(playwright):  # type: ignore[no-untyped-def]
    """Launch Debian's chromium headless (fails loudly when it is not installed)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError("Debian chromium is not installed: run the README test command (scripts/test.sh)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


# Streamlit's frontend probes <page path>/_stcore/{health,host-config} before the server root when a page is
# opened by its own URL; those 404 probes are its normal start-up, not an app error.
_STARTUP_PROBES = ("/_stcore/health", "/_stcore/host-config")


def _console(traffic: Traffic, message) -> None:  # type: ignore[no-untyped-def]
    if message.type != "error":
        return
    source = (message.location or {}).get("url", "")
    if "404" in message.text and source.endswith(_STARTUP_PROBES):
        return
    traffic.console_errors.append(f"{message.text} ({source})")


def watch(page) -> Traffic:  # type: ignore[no-untyped-def]
    """Record every request and console error of ``page``."""
    traffic = Traffic()
    page.on("request", lambda request: traffic.requests.append(request.url))
    page.on("websocket", lambda ws: traffic.requests.append(ws.url))
    page.on("console", lambda msg: _console(traffic, msg))
    page.on("pageerror", lambda exc: traffic.console_errors.append(str(exc)))
    return traffic


def wait_for_app(page, timeout: float = 60_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the Streamlit app is connected and its script has finished running."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_function("document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0",
                           timeout=timeout)
    page.wait_for_timeout(500)


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Full-page screenshot under ``test-output/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
