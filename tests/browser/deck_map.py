"""Browser helpers for the boundary map (pydeck): the page position of a province on the drawn deck, for real
clicks and taps. The deck's orthographic view puts its target at the canvas centre, one deck unit = 2^zoom px."""
from __future__ import annotations

import shapely

from smedx import geo
from smedx.charts import maps
from smedx.ui import maps as maps_ui

DECK_CANVAS = "[data-testid='stDeckGlJsonChart'] canvas"


def drawn_deck(page):  # type: ignore[no-untyped-def]
    """The first deck's canvas, scrolled into view, once visible and drawn."""
    canvas = page.locator(DECK_CANVAS).first
    canvas.wait_for(state="visible")
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # WebGL draws after the element appears
    return canvas


def province_point(page, adcode: str, *, narrow: bool, height: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Page coordinates of a point inside ``adcode`` on a whole-country map fitted as the app fits it
    (:func:`smedx.ui.maps.deck_size` of ``narrow`` and ``height``)."""
    box = drawn_deck(page).bounding_box()
    assert box is not None
    view = maps.fit_view(geo.projected_bounds(), *maps_ui.deck_size(narrow, height))
    feature = next(f for f in geo.projected("provinces")["features"] if f["properties"]["adcode"] == adcode)
    inside = shapely.geometry.shape(feature["geometry"]).representative_point()
    scale = 2 ** view.zoom
    return (box["x"] + box["width"] / 2 + (inside.x - view.target[0]) * scale,
            box["y"] + box["height"] / 2 + (inside.y - view.target[1]) * scale)

