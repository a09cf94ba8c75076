"""The pydeck maps in a real browser: they draw the provinces (non-blank canvas in the map colours), show a
tooltip on hover, select a region when a province is clicked, and never request anything beyond localhost.

The click test picks the province with deck.gl's own GPU picking at the pixel of a point deep inside it and hands
the picked object to the deck's ``onClick`` (Streamlit's selection handler), exactly what deck.gl does on a click.
It does not synthesize the mouse gesture: in headless chromium (swiftshader) the pointerdown/pointerup events reach
deck's event manager and hover picking works, but its tap recognizer (mjolnir.js) never emits ``click``, for real
mouse, touch and dispatched pointer events alike, so a mouse click there never reaches ``onClick``.
"""
from __future__ import annotations

import io
import json
import re
from urllib.parse import unquote

import numpy as np
import pytest
from PIL import Image
from shapely.geometry import shape
from shapely.ops import polylabel

from smedx import geo, regional
from smedx.charts.clusters import cluster_colours
from smedx.places import cluster_options, region_options
from smedx.ui import regional as regional_view
from tests.browser.harness import screenshot, wait_for_app, watch

DECK = "[data-testid='stDeckGlJsonChart']"


def _drawn_canvas(page):  # type: ignore[no-untyped-def]
    """The first deck's canvas, once visible and drawn."""
    canvas = page.locator(f"{DECK} canvas").first
    canvas.wait_for(state="visible")
    page.wait_for_timeout(1500)  # WebGL draws after the element appears
    return canvas


def _canvas_box(page) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Bounding box of the first drawn deck canvas."""
    box = _drawn_canvas(page).bounding_box()
    assert box is not None
    return box


def _canvas_image(page) -> Image.Image:  # type: ignore[no-untyped-def]
    """Screenshot of the first deck's canvas."""
    return Image.open(io.BytesIO(_drawn_canvas(page).screenshot())).convert("RGB")


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
    box = _canvas_box(page)
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


# The deck.gl instance behind the first deck canvas, found through React's fiber of the canvas (the DeckGL component
# keeps it in a ref); None when React's internals changed.
_FIND_DECK = """() => {
  const canvas = document.querySelector("[data-testid='stDeckGlJsonChart'] canvas");
  const key = canvas && Object.keys(canvas).find(k => k.startsWith("__reactFiber$"));
  const isDeck = o => o && typeof o === "object" && typeof o.pickObject === "function" && o.props;
  for (let fiber = key && canvas[key]; fiber; fiber = fiber.return) {
    for (let hook = fiber.memoizedState; hook && typeof hook === "object" && "next" in hook; hook = hook.next) {
      const s = hook.memoizedState;
      for (const c of [s, s && s.current, s && s.current && s.current.deck]) {
        if (isDeck(c)) { window.__deck = c; return true; }
      }
    }
  }
  return false;
}"""
# Pick at canvas pixel (x, y) with deck's GPU picking, then call the deck's onClick with the picked info.
_PICK_AND_CLICK = """([x, y]) => {
  const info = window.__deck.pickObject({x, y, radius: 1});
  if (!info || !info.object) return null;
  window.__deck.props.onClick(info, {type: "click"});
  return info.object.properties.adcode;
}"""


def _interior_pixel(adcode: str, box: dict) -> tuple[float, float]:  # type: ignore[type-arg]
    """Canvas pixel of the point of ``adcode``'s largest polygon farthest from its border (deck's initial view)."""
    deck = json.loads(regional_view._deck("zh", None).to_json())
    view = deck["initialViewState"]
    feature = next(f for f in geo.projected("provinces")["features"] if f["properties"]["adcode"] == adcode)
    polygon = max(getattr(shape(feature["geometry"]), "geoms", [shape(feature["geometry"])]), key=lambda g: g.area)
    point = polylabel(polygon, tolerance=1.0)
    scale = 2 ** view["zoom"]
    assert polygon.exterior.distance(point) * scale > 10  # at least 10 px from any border
    return (box["width"] / 2 + (point.x - view["target"][0]) * scale,
            box["height"] / 2 + (point.y - view["target"][1]) * scale)


@pytest.mark.parametrize(("adcode", "province", "region", "n_provinces"), [
    ("430000", "湖南省", "中部地区", 6), ("510000", "四川省", "西部地区", 12),
])
def test_clicking_a_province_selects_its_region(browser, app_url, adcode, province, region,  # type: ignore[no-untyped-def]
                                                n_provinces):
    page, traffic = _open(browser, f"{app_url}/regional")
    box = _canvas_box(page)
    x, y = _interior_pixel(adcode, box)
    page.mouse.move(box["x"] + x, box["y"] + y)  # the pixel is the province: hover picking shows its tooltip
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert province in tooltip.inner_text()
    assert page.evaluate(_FIND_DECK), "deck.gl instance not found behind the map canvas"
    picked = None
    for _ in range(3):  # GPU picking right after a redraw can miss under software WebGL; retry briefly
        picked = page.evaluate(_PICK_AND_CLICK, [x, y])
        if picked:
            break
        page.wait_for_timeout(500)
    assert picked == adcode
    page.wait_for_function(  # the click reran the script: the region radio and the table follow the map
        "name => [...document.querySelectorAll(\"[data-testid='stRadio'] label\")].some("
        "l => l.innerText.trim() === name && l.querySelector('input').checked)", arg=region, timeout=20_000)
    wait_for_app(page)
    assert page.get_by_text(f"{region}的省份", exact=True).is_visible()
    table = page.locator("[data-testid='stDataFrame'] table").first  # the grid's accessible table
    assert table.get_attribute("aria-rowcount") == str(n_provinces + 1)  # header + the region's provinces
    assert province in table.inner_text()
    region_id = next(ident for ident, name in region_options("zh").items() if name == region)
    assert f"region={region_id}" in unquote(page.url)  # the link holds the region's id (smedx.urlstate)
    screenshot(page, f"regional-map-click-{adcode}")
    page.close()
    assert traffic.external == []
    assert traffic.console_errors == []


def test_a_province_picked_on_the_map_links_to_its_profile(browser, app_url):  # type: ignore[no-untyped-def]
    """Issue 16: a province chosen on the regional map offers its profile; a real click on the link lands there
    (the pick itself goes through deck.gl's onClick, as in the test above)."""
    page, traffic = _open(browser, f"{app_url}/regional")
    box = _canvas_box(page)
    x, y = _interior_pixel("340000", box)
    page.mouse.move(box["x"] + x, box["y"] + y)
    page.locator(".deck-tooltip").wait_for(state="visible", timeout=10_000)
    assert page.evaluate(_FIND_DECK), "deck.gl instance not found behind the map canvas"
    picked = None
    for _ in range(3):
        picked = page.evaluate(_PICK_AND_CLICK, [x, y])
        if picked:
            break
        page.wait_for_timeout(500)
    assert picked == "340000"
    link = page.get_by_role("link", name=re.compile("安徽省"))
    link.wait_for(timeout=20_000)
    link.click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('place') === '340000'", timeout=20_000)
    wait_for_app(page)
    assert "/place" in page.url
    assert page.locator("h1").first.inner_text().strip() == "地方概况"
    assert page.get_by_text("安徽省", exact=True).first.is_visible()
    screenshot(page, "regional-map-to-profile-340000")
    page.close()
    assert traffic.external == []
    assert traffic.console_errors == []
