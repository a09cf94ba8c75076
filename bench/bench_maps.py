"""Map pages (issue 3): server rerun time of the regional and clusters pages next to two floors, and the
bytes the maps send to the browser. Prints tables; not a test (no timed assertions anywhere).

Run: python bench/bench_maps.py [--runs 20] [--lang zh] [--browser] [--taps 10]

``--taps N`` (issue 13): in chromium at 390 × 844 with touch and a phone User-Agent, N real taps on province
tiles of the regional tile map, each timed from the tap to the updated table (the region radio checked, the
table's row count that of the region, the script finished), printed as median / p95 / max.

Floors: an empty script (Streamlit's own cost) and the app shell with an empty page (entry point, sidebar,
navigation: the cost every page pays). Targets: page rerun ≤ 3× the shell floor; province geometry ≤ 300 KB.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pages import open_page, p95, time_reruns  # noqa: E402
from smedx import geo, regional  # noqa: E402
from smedx.charts import maps  # noqa: E402
from smedx.paths import GEO_DIR  # noqa: E402

EMPTY_SCRIPT = "import streamlit as st\n"
SHELL_WITH_EMPTY_PAGE = """
import streamlit as st
from smedx.i18n import t
from smedx.ui import shell

shell.start()
st.set_page_config(page_title=t("common.app_title", shell.lang()), layout="wide")
lang = shell.sidebar()
st.navigation([st.Page(lambda: st.title("empty"), title="empty", url_path="empty")]).run()
"""


def shell_floor(lang: str) -> AppTest:
    at = AppTest.from_string(SHELL_WITH_EMPTY_PAGE, default_timeout=60)
    at.query_params["lang"] = lang
    return at


def element_bytes(at: AppTest) -> dict[str, int]:
    """Serialized protobuf bytes per element type of the rendered page (what one rerun sends)."""
    sizes: dict[str, int] = {}

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        proto = getattr(node, "proto", None)
        if proto is not None and not getattr(node, "children", None):
            kind = getattr(node, "type", type(node).__name__)
            sizes[kind] = sizes.get(kind, 0) + proto.ByteSize()
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)

    walk(at._tree)
    return sizes


def deck_sizes(lang: str) -> list[tuple[str, int]]:
    """Bytes of the regional deck JSON (compact vs pydeck's indented default) and its parts."""
    def build() -> maps.CompactDeck:
        return maps.choropleth_deck(regional.map_features(lang, None, projected=True), tooltip_html="{name}")

    compact = build().to_json()
    indented = maps.pdk.Deck.to_json(build())  # pydeck's own serializer on a fresh deck
    layers = {layer["id"]: len(json.dumps(layer["data"], separators=(",", ":")).encode())
              for layer in json.loads(compact)["layers"]}
    return [
        ("geo/provinces.geojson (file)", (GEO_DIR / "provinces.geojson").stat().st_size),
        ("deck JSON, compact (sent)", len(compact.encode())),
        ("deck JSON, pydeck indent=2", len(indented.encode())),
        *[(f"  layer {name}", size) for name, size in layers.items()],
    ]


def browser_bytes() -> list[tuple[str, int]]:
    """Websocket bytes the server sends to a real browser (Debian chromium) on the regional page: first load,
    a selection that needs a new deck, and going back to a deck the browser already holds (Streamlit then sends
    a reference to its cached message instead of the 270 KB element)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.harness import launch_browser, streamlit_server, wait_for_app

    received: list[int] = []
    steps: list[tuple[str, int]] = []
    with streamlit_server() as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
        page.goto(f"{url}/regional")
        wait_for_app(page)
        steps.append(("first load of /regional", sum(received)))
        steps_to_run = (("select 东部地区 (new deck)", "东部地区"), ("back to 全部地区 (deck cached)", "全部地区"))
        for label, option in steps_to_run:
            before = sum(received)
            page.locator("[data-testid='stRadio'] label").filter(has_text=option).first.click()
            page.wait_for_timeout(500)
            wait_for_app(page)
            steps.append((label, sum(received) - before))
        browser.close()
    return steps


# Tiles tapped in turn (each in another region than the one before, so every tap changes the table):
# adcode, region name, provinces of the region.
TAPS = (("430000", "中部地区", 6), ("640000", "西部地区", 12), ("120000", "东部地区", 10), ("220000", "东北地区", 3))


def tap_to_table(taps: int) -> list[float]:
    """Milliseconds from a real tap on a tile (phone viewport) to the updated province table, per tap."""
    from playwright.sync_api import sync_playwright

    from tests.browser.harness import launch_browser, streamlit_server, wait_for_app
    from tests.browser.tile_map import PHONE, REGION_CHECKED, tile_centre

    table_rows = "n => document.querySelector(\"[data-testid='stDataFrame'] table\")?.getAttribute('aria-rowcount')"
    samples: list[float] = []
    with streamlit_server() as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_context(**PHONE).new_page()
        page.goto(f"{url}/regional")
        wait_for_app(page)
        for i in range(taps):
            adcode, region, n_provinces = TAPS[i % len(TAPS)]
            x, y = tile_centre(page, adcode)
            start = time.perf_counter()
            page.touchscreen.tap(x, y)
            page.wait_for_function(REGION_CHECKED, arg=region, timeout=30_000, polling=10)
            page.wait_for_function(f"n => ({table_rows})() === '{n_provinces + 1}'", timeout=30_000, polling=10)
            page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000)
            samples.append((time.perf_counter() - start) * 1000)
            wait_for_app(page)
        browser.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--browser", action="store_true", help="also measure websocket bytes in chromium")
    parser.add_argument("--taps", type=int, default=0, help="time N taps on the tile map to the updated table")
    args = parser.parse_args()
    if args.taps:
        samples = tap_to_table(args.taps)
        print(f"Tap on a province tile → updated table, chromium 390 × 844 touch, {len(samples)} taps: "
              f"median {statistics.median(samples):.0f} ms, p95 {p95(samples):.0f} ms, max {max(samples):.0f} ms")

    start = time.perf_counter()
    cold = open_page("regional", args.lang)
    cold_ms = (time.perf_counter() - start) * 1000
    rows = [
        ("empty script", time_reruns(AppTest.from_string(EMPTY_SCRIPT, default_timeout=60), args.runs)),
        ("shell + empty page", time_reruns(shell_floor(args.lang), args.runs)),
        ("regional", time_reruns(cold, args.runs)),
        ("clusters", time_reruns(open_page("clusters", args.lang), args.runs)),
    ]
    floor = statistics.median(rows[1][1])
    print(f"AppTest server reruns, {args.runs} runs each, lang={args.lang} (first regional run incl. switch: "
          f"{cold_ms:.0f} ms)")
    print(f"{'page':<22}{'median ms':>11}{'p95 ms':>10}{'× shell floor':>15}")
    for name, samples in rows:
        median = statistics.median(samples)
        print(f"{name:<22}{median:>11.1f}{p95(samples):>10.1f}{median / floor:>15.1f}")

    print("\nBytes per rerun by element type (serialized protobuf)")
    for page in ("regional", "clusters"):
        sizes = element_bytes(open_page(page, args.lang))
        top = sorted(sizes.items(), key=lambda kv: -kv[1])[:4]
        print(f"{page:<10} total {sum(sizes.values()) / 1024:8.1f} KB   " +
              ", ".join(f"{kind} {size / 1024:.1f} KB" for kind, size in top))

    print("\nMap payload (regional page)")
    for name, size in deck_sizes(args.lang):
        print(f"{name:<32}{size / 1024:>10.1f} KB")
    print(f"{'budget: province geometry':<32}{300:>10.1f} KB")
    if args.browser:
        print("\nWebsocket bytes received by chromium (regional page, zh)")
        for label, size in browser_bytes():
            print(f"{label:<32}{size / 1024:>10.1f} KB")
    vertices = sum(len(ring) for feature in geo.provinces_geojson()["features"]
                   for polygon in feature["geometry"]["coordinates"] for ring in polygon)
    print(f"\nvertices in the province layer: {vertices}")


if __name__ == "__main__":
    main()
