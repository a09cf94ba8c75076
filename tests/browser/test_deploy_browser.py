"""The multi-replica deployment as deployed: two app replicas and nginx started with the deployment's commands
(``python3 -m deploy.run app|nginx``, deploy/nginx.conf) sharing one PostgreSQL. nginx sends the security
headers and upgrades Streamlit's websocket; a report saved through one replica is seen through nginx while that
replica is down (so the other replica served it)."""
from __future__ import annotations

import asyncio
import os
import signal
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest

from bench.st_client import Session
from tests.browser.harness import screenshot, wait_for_app, watch
from tests.browser.tracker_editor import editor_env, save_report
from tests.deploy_stack import Stack, running_stack

HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


@pytest.fixture
def stack(pg_url: str) -> Iterator[Stack]:
    with running_stack(2, env=editor_env(pg_url)) as running:
        yield running


def _headers(url: str) -> dict[str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return dict(response.headers)
    except urllib.error.HTTPError as error:  # a 404 carries the headers too ("always")
        return dict(error.headers)


async def _first_run(url: str) -> tuple[list[str], list[str]]:
    async with Session(url, cookie="deploy-test") as session:
        result = await session.open("")
        return result.errors, sorted(session.pages)


def test_nginx_headers_websocket_and_a_report_seen_through_the_other_replica(browser, stack) -> None:  # type: ignore[no-untyped-def]
    for path in ("/", "/_stcore/health", "/no-such-file.js"):
        headers = _headers(stack.nginx + path)
        assert {name: headers.get(name) for name in HEADERS} == HEADERS, path
        assert headers.get("Server") == "nginx"  # no version number (server_tokens off)

    with ThreadPoolExecutor(1) as pool:  # its own event loop (Playwright's sync API holds this thread's)
        errors, pages = pool.submit(asyncio.run, _first_run(stack.nginx)).result()  # handshake: nginx's 101
    assert errors == []
    assert {"", "regional", "tracker", "whatif"} <= set(pages)  # the navigation came through

    editor = browser.new_page(viewport={"width": 1400, "height": 1000})
    traffic = watch(editor)
    save_report(editor, stack.replicas[0], "350100", "2025-03", "210")
    editor.close()

    os.kill(stack.replica_pids[0], signal.SIGTERM)  # the replica that saved goes away
    psutil.Process(stack.replica_pids[0]).wait(timeout=20)

    viewer = browser.new_page(viewport={"width": 1400, "height": 1000})
    viewer_traffic = watch(viewer)
    viewer.goto(f"{stack.nginx}/tracker?city=350100&lang=en")
    wait_for_app(viewer)
    viewer.get_by_text("Latest report: 2025-03, 210 firms retrofitted (target >530), entered by 李华").wait_for(
        timeout=30_000)
    screenshot(viewer, "deploy-nginx-other-replica")
    viewer.close()
    assert traffic.external == [] and viewer_traffic.external == []
    assert traffic.console_errors == [] and viewer_traffic.console_errors == []
