"""What-if page in a real browser: moving the budget lever reruns the fragment, which writes the new headline, its
plain-words reading and the gain decomposition into the page's layout and the lever into the URL; the numbers are
the package's."""
from __future__ import annotations

from dataclasses import replace

from smedx import whatif, whatif_text
from smedx.model import simulate
from smedx.model.params import default_scenario, from_query, load_spec, to_query
from tests.browser.harness import screenshot, wait_for_app, watch

LEVER = "budget"
METRIC = "[data-testid='stMetric'] [data-testid='stMetricValue']"


def _headline(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(METRIC).all_inner_texts()


def _shown(result: simulate.Result) -> tuple[list[str], str, str]:
    """Headline values, reading and the decomposition's text alternative the page shows for ``result`` (en)."""
    values = [value for _, value, _ in whatif_text.headline(result, "en")]
    return values, whatif_text.reading(result, "en"), whatif.attribution_text(result, "CN", "en")


def test_moving_the_budget_lever_updates_headline_reading_decomposition_and_url(browser, app_url):  # type: ignore[no-untyped-def]
    spec = load_spec()
    lever = spec.params[LEVER]
    default = default_scenario(spec)
    before = _shown(simulate.run(from_query(to_query(default), spec)))
    after = _shown(simulate.run(from_query(to_query(replace(default, levers={**default.levers, LEVER: lever.max})),
                                           spec)))
    assert before[0] != after[0] and before[2] != after[2]

    page = browser.new_page(viewport={"width": 1440, "height": 1400})
    traffic = watch(page)
    page.goto(f"{app_url}/whatif?lang=en")
    wait_for_app(page)
    assert _headline(page) == before[0]
    assert page.get_by_text(before[1]).count() == 1
    assert page.get_by_text(before[2]).count() == 1  # the decomposition chart's text alternative
    panels = page.locator("[data-testid='stExpander']").count()
    slider = page.locator("[data-testid='stSlider']").filter(has_text=whatif.param_label(lever, "en"))
    thumb = slider.get_by_role("slider").first
    thumb.scroll_into_view_if_needed()
    page.mouse.wheel(0, -200)  # clear of the sticky header
    box = thumb.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # a real click on the thumb
    page.keyboard.press("End")  # then the key a person presses: the lever's maximum
    page.wait_for_function(f"() => new URL(location.href).searchParams.get('{LEVER}') === '{lever.max:g}'")
    page.wait_for_function(
        "expected => [...document.querySelectorAll(\"[data-testid='stMetric'] [data-testid='stMetricValue']\")]"
        ".map(e => e.innerText).join('|') === expected", arg="|".join(after[0]))
    wait_for_app(page)
    assert _headline(page) == after[0]
    assert page.get_by_text(after[1]).count() == 1
    assert page.get_by_text(after[2]).count() == 1
    assert page.locator("[data-testid='stMetric']").count() == 5  # the headline was replaced, not added to
    assert page.locator("[data-testid='stExpander']").count() == panels  # the information panel still in place
    screenshot(page, "whatif-budget-max-1440")
    page.close()
    assert traffic.external == [] and traffic.console_errors == []


def test_on_a_phone_the_result_follows_the_levers_people_move(browser, app_url):  # type: ignore[no-untyped-def]
    """At 390 × 844 the headline comes right after the live levers (the talent lever is the last of them) and the
    gain chart within the next screen; a tap-and-arrow move of the budget lever changes the headline in view."""
    spec = load_spec()
    page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page.goto(f"{app_url}/whatif?lang=en")
    wait_for_app(page)
    sliders = page.locator("[data-testid='stSlider']")
    trained = sliders.filter(has_text=whatif.param_label(spec.params["trained"], "en")).first.bounding_box()
    budget = sliders.filter(has_text=whatif.param_label(spec.params[LEVER], "en")).first
    metric = page.locator("[data-testid='stMetric']").first.bounding_box()
    chart = page.locator("[data-testid='stVegaLiteChart']").first.bounding_box()
    assert trained and metric and chart
    assert trained["y"] < metric["y"] < trained["y"] + trained["height"] + 400  # the headline right after the levers
    assert chart["y"] < metric["y"] + 2 * 844  # the gain chart follows within two screens
    before = _headline(page)
    thumb = budget.get_by_role("slider").first
    thumb.evaluate("e => e.scrollIntoView({block: 'center'})")  # out from under the sticky header
    box = thumb.bounding_box()
    assert box
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # a finger on the track
    page.keyboard.press("ArrowRight")
    changed = ("([sel, old]) => { const shown = [...document.querySelectorAll(sel)];"
               " return shown.length === 5 && shown.map(e => e.innerText).join('|') !== old; }")
    page.wait_for_function(changed, arg=[METRIC, "|".join(before)])
    wait_for_app(page)
    assert _headline(page) != before
    # two quick inputs: the slider keeps the second (a rerun request carrying the address from before the first
    # run wrote it must not reset the lever) and the link holds what the slider shows
    assert f"{LEVER}={thumb.input_value()}" in page.url
    screenshot(page, "whatif-phone-390")
    page.close()
