"""The pydeck maps in a real browser: they draw the provinces (non-blank canvas in the map colours), show a
tooltip on hover, and never request anything beyond localhost.

Clicks are not tested here: under the software WebGL of headless chromium (swiftshader) deck.gl's click on the
full province layer is timing-dependent; the click → region path is covered by tests/test_page_regional.py."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from smedx import regional
from smedx.charts.clusters import cluster_colours
from smedx.clusters import cluster_options
from tests.browser.harness import screenshot, wait_for_app, watch

DECK = "[data-testid='stDeckGlJsonChart']"


def _canvas_image(page) -> Image.Image:  # type: ignore[no-untyped-def]
    """Screenshot of the first deck's canvas."""
    canvas = page.locator(f"{DECK} canvas").first
    canvas.wait_for(state="visible")
    page.wait_for_timeout(1500)  # WebGL draws after the element appears
    return Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")


def _share_of_pixels_near(image: Image.Image, rgb: tuple[int, int, int], tolerance: int = 18) -> float:
    pixels = np.asarray(image, dtype=int)
    return float((np.abs(pixels - np.array(rgb)).max(axis=2) <= tolerance).mean())


def _share_non_white(image: Image.Image, below: int) -> float:
    return float((np.asarray(image, dtype=int).min(axis=2) < below).mean())


def _open(browser, url: str):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    traffic = watch(page)
    page.goto(url)
    wait_for_app(page)
    return page, traffic


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_choropleth_draws_region_colours_and_stays_local(browser, app_url, lang):  # type: ignore[no-untyped-def]
    page, traffic = _open(browser, f"{app_url}/regional" + ("?lang=en" if lang == "en" else ""))
    image = _canvas_image(page)
    assert _share_non_white(image, 235) > 0.15  # the provinces fill a good part of the canvas
    scale = regional.scale()
    for region, share in regional.rates().items():
        assert _share_of_pixels_near(image, scale.rgba(share)[:3]) > 0.003, region  # every region's colour shows
    screenshot(page, f"regional-map-{lang}")
    page.close()
    assert traffic.external == []
    assert traffic.console_errors == []


def test_tooltip_on_hover(browser, app_url):  # type: ignore[no-untyped-def]
    page, traffic = _open(browser, f"{app_url}/regional")
    canvas = page.locator(f"{DECK} canvas").first
    canvas.wait_for(state="visible")
    page.wait_for_timeout(1500)
    box = canvas.bounding_box()
    assert box is not None
    # Western China (Tibet) lies left of and below the centre of the fitted map.
    page.mouse.move(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.45)
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    text = tooltip.inner_text()
    assert "西部地区" in text and "28.3%" in text and "§二(三)1" in text
    screenshot(page, "regional-map-tooltip")
    page.close()
    assert traffic.external == []


def test_cluster_member_map_draws_points_locally(browser, app_url):  # type: ignore[no-untyped-def]
    page, traffic = _open(browser, f"{app_url}/clusters")
    image = _canvas_image(page)
    colours = cluster_colours(list(cluster_options("zh")))
    yrd = tuple(int(colours["yrd"].lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    assert _share_of_pixels_near(image, yrd, tolerance=30) > 0.0005  # the YRD member points are drawn
    assert _share_non_white(image, 245) > 0.15  # the grey province base map
    screenshot(page, "clusters-map-zh")
    page.close()
    assert traffic.external == []
    assert traffic.console_errors == []
