"""Browser helpers for the tile map: a phone context (390 × 844, touch, a WeChat-on-iPhone User-Agent) and the
page position of a province's tile (for real taps and clicks)."""
from __future__ import annotations

from smedx import tiles

PHONE_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.0 Mobile/15E148 Safari/604.1 MicroMessenger/8.0.47")
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2,
         "user_agent": PHONE_UA}
TILES = "[data-testid='stVegaLiteChart'] svg.marks"


def tile_map(page):  # type: ignore[no-untyped-def]
    """The tile map's drawing (the page's first chart), scrolled into view."""
    marks = page.locator(TILES).first
    marks.wait_for(state="visible")
    marks.scroll_into_view_if_needed()
    return marks


def tile_centre(page, adcode: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Page coordinates of the centre of ``adcode``'s tile (equal squares: the drawing's width / columns)."""
    box = tile_map(page).bounding_box()
    assert box is not None
    layout = tiles.layout().set_index("adcode")
    pitch = box["width"] / (layout["col"].max() + 1)
    assert abs(box["height"] - pitch * (layout["row"].max() + 1)) < 2  # square tiles
    return box["x"] + pitch * (layout.loc[adcode, "col"] + 0.5), box["y"] + pitch * (layout.loc[adcode, "row"] + 0.5)


REGION_CHECKED = ("name => [...document.querySelectorAll(\"[data-testid='stRadio'] label\")].some("
                  "l => l.innerText.trim() === name && l.querySelector('input').checked)")
