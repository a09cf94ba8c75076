"""What-if page in a real browser: moving a lever reruns the fragment, which writes the new headline into the
page's layout (containers made outside the fragment) and the lever into the URL; the numbers are the package's."""
from __future__ import annotations

from dataclasses import replace

from smedx import whatif
from smedx.model import simulate
from smedx.model.params import default_scenario, from_query, load_spec, to_query
from tests.browser.harness import wait_for_app, watch

LEVER = "training_coverage"


def _gain(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("[data-testid='stMetric']").nth(1).locator("[data-testid='stMetricValue']").inner_text()


def test_moving_a_lever_updates_the_headline_with_the_models_numbers(browser, app_url):  # type: ignore[no-untyped-def]
    spec = load_spec()
    lever = spec.params[LEVER]
    default = default_scenario(spec)
    moved = from_query(to_query(replace(default, levers={**default.levers, LEVER: lever.max})), spec)
    expected = whatif.headline(simulate.run(moved), "en")[1][1]
    before = whatif.headline(simulate.run(from_query(to_query(default), spec)), "en")[1][1]
    assert expected != before

    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    traffic = watch(page)
    page.goto(f"{app_url}/whatif?lang=en")
    wait_for_app(page)
    assert _gain(page) == before
    panels = page.locator("[data-testid='stExpander']").count()
    slider = page.locator("[data-testid='stSlider']").filter(has_text=whatif.param_label(lever, "en"))
    slider.locator("input[type='range']").first.focus()
    page.keyboard.press("End")  # the lever's maximum
    page.wait_for_function(f"() => new URL(location.href).searchParams.get('{LEVER}') === '{lever.max:g}'")
    page.wait_for_function(
        "expected => document.querySelectorAll(\"[data-testid='stMetric']\")[1]"
        ".querySelector(\"[data-testid='stMetricValue']\").innerText === expected", arg=expected)
    wait_for_app(page)
    assert _gain(page) == expected
    assert page.locator("[data-testid='stMetric']").count() == 5  # the headline was replaced, not added to
    assert page.locator("[data-testid='stExpander']").count() == panels  # information panels still in place
    page.close()
    assert traffic.external == [] and traffic.console_errors == []
