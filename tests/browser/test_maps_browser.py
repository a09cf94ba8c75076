"""The maps in a real browser: the pydeck maps draw the provinces (non-blank canvas in the map colours), show a
tooltip on hover and fit a phone column; a real click (1440 wide) or tap (390 × 844, touch) on a province of the
boundary map or on its tile selects its region; nothing is requested beyond localhost.

deck.gl picks on pointerdown and counts a click only when the pointer comes up within 250 ms (mjolnir.js, timed
with Date.now() as the events are handled). Picking the stroked province layer held the page 0.6-1.5 s in headless
chromium (swiftshader), so a real click never selected; the province fill is now picked on its own (~50 ms) and
the borders are a layer that is not picked.
"""
from __future__ import annotations

import io
import re
from urllib.parse import unquote

import numpy as np
import pytest
from PIL import Image

from smedx import regional
from smedx.charts.clusters import cluster_colours
from smedx.places import cluster_options, region_options
from smedx.ui.regional import MAP_HEIGHT
from tests.browser.deck_map import province_point
from tests.browser.harness import screenshot, wait_for_app, watch
from tests.browser.tile_map import PHONE, REGION_CHECKED, tile_centre, tile_map
from tests.mydata_fixtures import csv_bytes, firms

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


# A touch obeys the touch-action of every element from its target up to the scroller (stMain): a swipe scrolls
# the page only if none of them forbids vertical panning. (Headless chromium does not scroll on emulated touch
# input at all, so the effective value is checked instead of a swipe.)
_TOUCH_ACTIONS = """c => { const out = [];
  for (let e = c; e && e.dataset?.testid !== 'stMain'; e = e.parentElement) out.push(getComputedStyle(e).touchAction);
  return out; }"""
_VERTICAL_PAN = ("auto", "manipulation", "pan-x pan-y pinch-zoom", "pan-y")


def _touch_actions(canvas) -> list[str]:  # type: ignore[no-untyped-def]
    return canvas.evaluate(_TOUCH_ACTIONS)


def _lets_the_page_scroll(canvas) -> bool:  # type: ignore[no-untyped-def]
    return all(value in _VERTICAL_PAN for value in _touch_actions(canvas))


def _wait_region(page, region: str) -> None:  # type: ignore[no-untyped-def]
    # the tap reran the script: the region radio and the table follow the map
    page.wait_for_function(REGION_CHECKED, arg=region, timeout=20_000)
    wait_for_app(page)


def _assert_table(page, region: str, province: str, n_provinces: int) -> None:  # type: ignore[no-untyped-def]
    assert page.get_by_text(f"{region}的省份", exact=True).is_visible()
    table = page.locator("[data-testid='stDataFrame'] table").first  # the grid's accessible table
    assert table.get_attribute("aria-rowcount") == str(n_provinces + 1)  # header + the region's provinces
    assert province in table.inner_text()
    region_id = next(ident for ident, name in region_options("zh").items() if name == region)
    assert f"region={region_id}" in unquote(page.url)  # the link holds the region's id (smedx.urlstate)


@pytest.mark.parametrize(("adcode", "province", "region", "n_provinces"), [
    ("430000", "湖南省", "中部地区", 6), ("120000", "天津市", "东部地区", 10),
    ("640000", "宁夏回族自治区", "西部地区", 12),
])
def test_tapping_a_tile_on_a_phone_selects_its_region(browser, app_url, adcode, province, region,  # type: ignore[no-untyped-def]
                                                      n_provinces):
    """390 × 844 with touch and a phone browser's User-Agent: the tile map is the default; a real tap on a small
    province's tile selects its region and the table shows that region's provinces."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    traffic = watch(page)
    page.goto(f"{app_url}/regional")
    wait_for_app(page)
    assert page.locator("[data-testid='stDeckGlJsonChart']").count() == 0  # tiles by default on a phone
    box = tile_map(page).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390  # the map fits the phone
    assert box["width"] / 7 >= 44  # every tile a comfortable touch target
    page.touchscreen.tap(*tile_centre(page, adcode))
    _wait_region(page, region)
    _assert_table(page, region, province, n_provinces)
    screenshot(page, f"regional-tiles-tap-{adcode}-390")
    context.close()
    assert traffic.external == []
    assert traffic.console_errors == []


def test_clicking_a_tile_at_desktop_width(browser, app_url):  # type: ignore[no-untyped-def]
    """1440 wide: the boundary map is the default; a click on "方块地图" switches, a click on 四川 selects 西部地区."""
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    traffic = watch(page)
    page.goto(f"{app_url}/regional")
    wait_for_app(page)
    assert page.locator("[data-testid='stDeckGlJsonChart']").count() == 1
    page.get_by_role("radio", name="方块地图").click()
    wait_for_app(page)
    assert page.locator("[data-testid='stDeckGlJsonChart']").count() == 0
    assert "map=tiles" in page.url
    page.mouse.click(*tile_centre(page, "510000"))
    _wait_region(page, "西部地区")
    _assert_table(page, "西部地区", "四川省", 12)
    screenshot(page, "regional-tiles-click-1440")
    page.close()
    assert traffic.external == []
    assert traffic.console_errors == []


def _profile_link(page, province: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("link", name=re.compile(province))


def test_clicking_a_province_on_the_boundary_map_selects_its_region(browser, app_url):  # type: ignore[no-untyped-def]
    """1440 wide, the boundary map: a real mouse click on 四川 selects 西部地区 (radio, table, link); a second
    click, on the map drawn again, on 湖南 moves the selection to 中部地区."""
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    traffic = watch(page)
    page.goto(f"{app_url}/regional")
    wait_for_app(page)
    assert "region=" not in page.url
    page.mouse.click(*province_point(page, "510000", narrow=False, height=MAP_HEIGHT))
    _wait_region(page, "西部地区")
    _assert_table(page, "西部地区", "四川省", 12)
    assert _profile_link(page, "四川省").is_visible()  # the clicked province's profile is offered
    page.mouse.click(*province_point(page, "430000", narrow=False, height=MAP_HEIGHT))
    _wait_region(page, "中部地区")
    _assert_table(page, "中部地区", "湖南省", 6)
    assert _profile_link(page, "湖南省").is_visible()
    screenshot(page, "regional-map-click-430000-1440")
    page.close()
    assert traffic.external == []
    assert traffic.console_errors == []


def test_tapping_a_province_on_the_boundary_map_on_a_phone(browser, app_url):  # type: ignore[no-untyped-def]
    """390 × 844, touch, the boundary map from the link: a real tap on 湖北 selects 中部地区."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    traffic = watch(page)
    page.goto(f"{app_url}/regional?map=boundary")
    wait_for_app(page)
    page.touchscreen.tap(*province_point(page, "420000", narrow=True, height=MAP_HEIGHT))
    _wait_region(page, "中部地区")
    _assert_table(page, "中部地区", "湖北省", 6)
    screenshot(page, "regional-map-tap-420000-390")
    context.close()
    assert traffic.external == []
    assert traffic.console_errors == []


def test_boundary_map_lets_a_swipe_scroll_the_page(browser, app_url):  # type: ignore[no-untyped-def]
    """On a phone the boundary map fits the column and, until pan is switched on, does not take the swipe."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{app_url}/regional?map=boundary")
    wait_for_app(page)
    canvas = _drawn_canvas(page)
    box = canvas.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    image = _canvas_image(page)
    pixels = np.asarray(image, dtype=int).min(axis=2) < 235
    columns = np.flatnonzero(pixels.any(axis=0))
    assert columns.min() > 0 and columns.max() < image.width - 1  # no province cut at either edge
    assert _lets_the_page_scroll(canvas), _touch_actions(canvas)
    page.get_by_text("拖动和缩放地图").click()  # the pan switch
    wait_for_app(page)
    assert page.get_by_role("button", name="复原视图").is_enabled()
    assert not _lets_the_page_scroll(_drawn_canvas(page))  # now the map takes the swipe (deck.gl's "none")
    context.close()


def _still_canvases(page, count: int) -> None:  # type: ignore[no-untyped-def]
    canvases = page.locator(f"{DECK} canvas")
    canvases.first.wait_for(state="visible")
    assert canvases.count() == count
    for index in range(count):
        assert _lets_the_page_scroll(canvases.nth(index)), _touch_actions(canvases.nth(index))


@pytest.mark.parametrize("path", ["/tracker?map=boundary", "/clusters", "/whatif?wi_tab=map"])
def test_every_boundary_map_leaves_the_swipe_to_the_page_on_a_phone(browser, app_url, path):  # type: ignore[no-untyped-def]
    """Issue 13, the other boundary maps (the regional one above): until pan is on, touch scrolls the page."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{app_url}{path}")
    wait_for_app(page)
    _still_canvases(page, 1)
    context.close()


def test_my_data_maps_leave_the_swipe_to_the_page_on_a_phone(browser, app_url):  # type: ignore[no-untyped-def]
    """Issue 13: the two region maps of an upload (published, mine) do not take the swipe until pan is on."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    traffic = watch(page)
    page.goto(f"{app_url}/mydata")
    wait_for_app(page)
    with page.expect_file_chooser() as chooser:
        page.locator("[data-testid='stFileUploaderDropzone'] button").first.click()
    chooser.value.set_files({"name": "firms.csv", "mimeType": "text/csv", "buffer": csv_bytes(firms(3000, seed=1))})
    page.locator(DECK).nth(1).wait_for(timeout=60_000)
    wait_for_app(page)
    _still_canvases(page, 2)
    page.get_by_text("拖动和缩放地图").click()  # one pan switch for both maps
    wait_for_app(page)
    assert page.get_by_role("button", name="复原视图").is_enabled()
    screenshot(page, "mydata-maps-390")
    context.close()
    assert traffic.external == []


def test_a_province_tapped_on_the_tile_map_links_to_its_profile(browser, app_url):  # type: ignore[no-untyped-def]
    """Issue 16: a province tapped on the regional map offers its profile; a real click on the link lands there."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    traffic = watch(page)
    page.goto(f"{app_url}/regional")
    wait_for_app(page)
    page.touchscreen.tap(*tile_centre(page, "340000"))
    link = page.get_by_role("link", name=re.compile("安徽省"))
    link.wait_for(timeout=20_000)
    link.click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('place') === '340000'", timeout=20_000)
    wait_for_app(page)
    assert "/place" in page.url
    assert page.locator("h1").first.inner_text().strip() == "地方概况"
    assert page.get_by_text("安徽省", exact=True).first.is_visible()
    screenshot(page, "regional-tiles-to-profile-340000")
    context.close()
    assert traffic.external == []
    assert traffic.console_errors == []


def test_tapping_a_tile_on_the_tracker_filters_by_its_province(browser, app_url):  # type: ignore[no-untyped-def]
    """The tracker's map tab on a phone: the tile map counts pilot cities per province; a real tap on 广东
    puts 广东省 into the province filter, and the table tab shows its six cities."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    traffic = watch(page)
    page.goto(f"{app_url}/tracker")
    wait_for_app(page)
    assert page.locator("[data-testid='stDeckGlJsonChart']").count() == 0
    page.touchscreen.tap(*tile_centre(page, "440000"))
    province_filter = page.locator("[data-testid='stMultiSelect']").filter(has_text="省份")
    province_filter.get_by_text("广东省").wait_for(timeout=20_000)
    wait_for_app(page)
    screenshot(page, "tracker-tiles-tap-440000-390")
    page.get_by_role("tab", name="列表").click()
    wait_for_app(page)
    table = page.locator("[data-testid='stDataFrame'] table").first
    assert table.get_attribute("aria-rowcount") == "7"  # header + the six pilot cities of 广东
    assert "广州市" in table.inner_text()
    context.close()
    assert traffic.external == []
