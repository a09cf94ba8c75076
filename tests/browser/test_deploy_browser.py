"""The multi-replica deployment as deployed: two app replicas and nginx started with the deployment's commands
(``python3 -m deploy.run app|nginx``, deploy/nginx.conf) sharing one PostgreSQL. nginx sends the security
headers and upgrades Streamlit's websocket; a report saved through one replica is seen through nginx while that
replica is down (so the other replica served it)."""
from __future__ import annotations

import asyncio
import os
import re
import signal
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from email.message import Message

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


def _headers(url: str, cookie: str = "") -> Message:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers
    except urllib.error.HTTPError as error:  # a 404 carries the headers too ("always")
        return error.headers


def _routing_cookie(base: str, cookie: str = "") -> str:
    """The ``smedx_replica`` Set-Cookie nginx sends (Streamlit sets its XSRF cookie beside it)."""
    found = [c for c in _headers(base + "/_stcore/health", cookie).get_all("Set-Cookie", [])
             if c.startswith("smedx_replica=")]
    assert len(found) == 1, found
    return found[0]


async def _first_run(url: str) -> tuple[list[str], list[str]]:
    async with Session(url, cookie="f" * 32) as session:
        result = await session.open("")
        return result.errors, sorted(session.pages)


def test_nginx_headers_websocket_and_a_report_seen_through_the_other_replica(browser, stack) -> None:  # type: ignore[no-untyped-def]
    for path in ("/", "/_stcore/health", "/no-such-file.js"):
        headers = _headers(stack.nginx + path)
        assert {name: headers.get(name) for name in HEADERS} == HEADERS, path
        assert headers.get("Server") == "nginx"  # no version number (server_tokens off)
    cookie = _routing_cookie(stack.nginx)  # a new browser gets its routing cookie
    assert re.fullmatch(r"smedx_replica=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax", cookie), cookie
    kept = "0123456789abcdef" * 2
    assert _routing_cookie(stack.nginx, f"smedx_replica={kept}").startswith(f"smedx_replica={kept};")  # and keeps it
    malformed = _routing_cookie(stack.nginx, "smedx_replica=x;evil")
    assert not malformed.startswith("smedx_replica=x;")  # is replaced

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
