"""AppTest of the export affordances: the PNG · SVG pair under the charts, and
the sources page offers the briefing deck of the key views (hidden in briefing mode)."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.apptest import open_page


def _downloads(at: AppTest) -> dict[str, str]:
    """key → label of every download button of the page (the file name is in the proto)."""
    return {button.proto.id: button.proto.label for button in at.get("download_button")}


def test_regional_page_offers_png_and_svg_named_after_the_selected_region() -> None:
    at = open_page("regional", "zh", query={"region": "east"})
    # the provinces table, the bars' image pair and data, then the static map's pair (file names: test_exports_images)
    assert list(_downloads(at).values()) == ["下载CSV", "PNG", "SVG", "下载CSV", "下载PNG地图", "下载SVG地图"]


def test_sources_page_builds_the_briefing_deck_of_the_picked_views() -> None:
    at = open_page("sources", "en")
    picker = at.multiselect(key="deck_views")
    assert picker.value == ["overview", "regional", "clusters", "first_tier", "tracker", "whatif"]
    assert picker.options == ["Overview: share implemented", "Regions compared", "City clusters", "First-tier cities",
                              "Industries", "Pilot-city tracker", "What-if scenario"]  # smedx.views, with a chart
    assert "Build briefing deck (PPTX)" in _downloads(at).values()
    picker.set_value([]).run()
    assert "Choose at least one view." in [info.value for info in at.info]
    assert "Build briefing deck (PPTX)" not in _downloads(at).values()


def test_briefing_mode_hides_the_image_downloads() -> None:
    at = open_page("clusters", "zh", query={"brief": "1"})
    assert not [label for label in _downloads(at).values() if label in ("PNG", "SVG")]
