"""The what-if results frame: its image downloads render the scenario the fragment drew last (they sit outside
the fragment, so a lever move does not resend them)."""
from __future__ import annotations

from smedx import headlines
from smedx.model.params import default_scenario, from_query, load_spec
from smedx.ui import whatif_results as results
from smedx.ui.whatif_cache import run_cached

SPEC = load_spec()
GAIN = results.Chart(results._gain_spec, "CN", "CN", "gain-CN", "Gain")


def test_the_image_is_the_scenario_drawn_last() -> None:
    moved = from_query({"budget": "120"}, SPEC)
    latest = results.Latest(moved)
    svg = results._image(latest, GAIN, "en", "http://localhost:8501", "svg").decode()
    moved_headline = headlines.headline("whatif", "en", result=run_cached(moved))
    default_headline = headlines.headline("whatif", "en", result=run_cached(default_scenario(SPEC)))
    assert moved_headline != default_headline
    assert moved_headline in svg and default_headline not in svg
    assert "budget=120" in svg  # the link printed on the image reopens this scenario
    latest.scenario = default_scenario(SPEC)  # the next lever move: the same button now gives the new scenario
    assert default_headline in results._image(latest, GAIN, "en", "http://localhost:8501", "svg").decode()
