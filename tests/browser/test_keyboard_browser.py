"""The main control of every page reached and operated with the keyboard alone (Tab / Shift+Tab, arrows, Enter,
Space, typing; no click, no handler call), in a real browser; each key press must change what the page shows and
what the link holds, to the package's values.

The tile maps (regional, tracker) are Vega drawings whose squares take no keyboard focus; their choice is the same
as the region switch (regional) and the province filter (tracker), which are operated here by keys.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest

from smedx import bundle, overview, places, whatif
from smedx.i18n import t
from smedx.model import programme, simulate
from smedx.model.params import default_scenario, from_query, load_spec, to_query
from smedx.tracker import reference
from smedx.tracker.view import batch_label
from smedx.ui.whatif_controls import SETTING_CHANNELS
from tests.browser.harness import screenshot, wait_for_app, watch
from tests.browser.keys import has_focus, tab_to, wait_for_param
from tests.browser.test_whatif_browser import METRIC, _headline, _shown

EN = "?lang=en"


def _open(browser, app_url: str, path: str, width: int = 1440):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": 1000})
    traffic = watch(page)
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    return page, traffic


def _close(page, traffic) -> None:  # type: ignore[no-untyped-def]
    page.close()
    assert traffic.external == [] and traffic.console_errors == []


def _widget(page, testid: str, label: str):  # type: ignore[no-untyped-def]
    """The widget ``[data-testid=testid]`` whose label is ``label``."""
    return page.locator(f"[data-testid='{testid}']").filter(
        has=page.locator("[data-testid='stWidgetLabel']", has_text=label))


_ACTIVE_OPTION = ("() => { const id = document.activeElement.getAttribute('aria-activedescendant');"
                  " const option = id && document.getElementById(id);"
                  " return option ? option.innerText.trim() : null; }")


def _choose(page, label: str, typed: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """In a focused select box: type ``typed`` (a part of ``label``), ArrowDown until the highlighted option is
    ``label`` (a multiselect lists "Select all" first), Enter, then Escape to close a list left open (a
    multiselect's)."""
    if typed:
        page.keyboard.type(typed)
    for _ in range(12):
        page.keyboard.press("ArrowDown")
        if page.evaluate(_ACTIVE_OPTION) == label:
            break
    else:
        pytest.fail(f"ArrowDown never highlighted {label!r}")
    page.keyboard.press("Enter")
    if page.evaluate("document.activeElement.getAttribute('aria-expanded') === 'true'"):
        page.keyboard.press("Escape")


def test_overview_timeline_years_and_issuer_by_keyboard(browser, app_url):  # type: ignore[no-untyped-def]
    """Tab to the timeline's first-year thumb, ArrowRight: one year fewer in the count and the link; Tab on to
    the issuer filter, ArrowDown + Enter: the first issuer only."""
    first, last = overview.timeline_years()
    issuer, issuer_name = next(iter(overview.issuer_options("en").items()))
    page, traffic = _open(browser, app_url, EN)
    years = _widget(page, "stSlider", t("overview.timeline_years", "en"))
    tab_to(page, years.get_by_role("slider").first, what="the timeline's first year")
    page.keyboard.press("ArrowRight")
    wait_for_param(page, "tl_years", f"{first + 1}~{last}")
    wait_for_app(page)
    count = len(overview.timeline("en", (first + 1, last), []))
    assert count < len(overview.timeline("en", (first, last), []))
    page.get_by_text(t("overview.timeline_count", "en", n=count), exact=True).wait_for()
    tab_to(page, _widget(page, "stMultiSelect", t("overview.timeline_issuers", "en")), what="the issuer filter")
    _choose(page, issuer_name)
    wait_for_param(page, "tl_issuers", issuer)
    wait_for_app(page)
    count = len(overview.timeline("en", (first + 1, last), [issuer]))
    page.get_by_text(t("overview.timeline_count", "en", n=count), exact=True).wait_for()
    _close(page, traffic)


def test_regional_region_switch_by_arrow_key(browser, app_url):  # type: ignore[no-untyped-def]
    """Tab to the region switch (on "all regions"), ArrowRight: the first region, its table title and link."""
    region, name = next(iter(places.region_options("en").items()))
    page, traffic = _open(browser, app_url, f"regional{EN}", width=390)  # the phone, where the tile map shows
    tab_to(page, _widget(page, "stRadio", t("regional.select_label", "en")), what="the region switch")
    page.keyboard.press("ArrowRight")
    wait_for_param(page, "region", region)
    wait_for_app(page)
    page.get_by_text(t("regional.table_title_region", "en", region=name), exact=True).wait_for()
    screenshot(page, "keyboard-regional-390")
    _close(page, traffic)


def test_clusters_tabs_and_kind_by_keyboard(browser, app_url):  # type: ignore[no-untyped-def]
    """Tab to the view tabs, ArrowRight + Enter: the first-tier cities; Tab to their kind switch, ArrowRight:
    exact values only."""
    page, traffic = _open(browser, app_url, f"clusters{EN}")
    tab_to(page, page.get_by_role("tablist").first, what="the view tabs")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    wait_for_param(page, "view", "cities")
    wait_for_app(page)
    kind = _widget(page, "stRadio", t("clusters.kind_label", "en"))
    tab_to(page, kind, what="the first-tier kind switch")
    page.keyboard.press("ArrowRight")
    wait_for_param(page, "ft_kind", "point")
    wait_for_app(page)
    checked = kind.locator("label").filter(has=page.locator("input:checked"))
    assert checked.inner_text().strip() == t("clusters.kind_point", "en")
    _close(page, traffic)


def test_tracker_batch_filter_and_city_choice_by_keyboard(browser, app_url):  # type: ignore[no-untyped-def]
    """Table view: Tab to the batch filter, ArrowDown + Enter: the first batch's cities only. City view: Tab to
    the city choice, type a name, Enter: that city's detail and link."""
    cities = reference.cities()
    page, traffic = _open(browser, app_url, f"tracker{EN}&view=table")
    tab_to(page, _widget(page, "stMultiSelect", t("tracker.filter_batch", "en")), what="the batch filter")
    _choose(page, batch_label(1, None, "en"))
    wait_for_param(page, "batch", "1")
    wait_for_app(page)
    shown = int((cities["batch"] == 1).sum())
    page.get_by_text(t("tracker.table_caption", "en", shown=shown, total=len(cities)), exact=False).wait_for()
    page.goto(f"{app_url}/tracker{EN}&view=city")
    wait_for_app(page)
    city = cities.iloc[1]
    tab_to(page, _widget(page, "stSelectbox", t("tracker.city_select", "en")), what="the city choice")
    _choose(page, str(city["name_en"]), typed=str(city["name_en"])[:4])
    wait_for_param(page, "city", str(city["adcode"]))
    wait_for_app(page)
    page.get_by_role("heading").filter(has_text=str(city["name_en"])).first.wait_for()
    _close(page, traffic)


def test_whatif_budget_by_arrow_key_and_programme_preset_by_enter(browser, app_url):  # type: ignore[no-untyped-def]
    """Tab to the budget lever, ArrowRight: one step more, the package's headline and the link; Shift+Tab back
    to the "twice the scale" preset, Enter: its levers, headline and link."""
    spec = load_spec()
    lever = spec.params["budget"]
    default = default_scenario(spec)

    def shown(levers: dict) -> list[str]:
        return _shown(simulate.run(from_query(to_query(replace(default, levers={**default.levers, **levers})),
                                              spec)))[0]

    stepped = default.levers["budget"] + lever.step
    twice = {pid: value for pid, value in programme.preset_levers(spec, "twice").items()
             if spec.params[pid].channel not in SETTING_CHANNELS}
    page, traffic = _open(browser, app_url, f"whatif{EN}")
    assert _headline(page) == shown({})
    budget = page.locator("[data-testid='stSlider']").filter(has_text=whatif.param_label(lever, "en"))
    budget = budget.get_by_role("slider").first
    tab_to(page, budget, what="the budget lever")
    page.keyboard.press("ArrowRight")
    wait_for_param(page, "budget", f"{stepped:g}")
    _wait_for_headline(page, shown({"budget": stepped}))
    assert has_focus(budget)  # the rerun kept the focus where the reader is
    preset = page.get_by_role("button", name=t("whatif.programme_twice", "en"), exact=True)
    tab_to(page, preset, back=True, what="the programme preset")
    page.keyboard.press("Enter")
    wait_for_param(page, "budget", f"{twice['budget']:g}")
    _wait_for_headline(page, shown(twice))
    screenshot(page, "keyboard-whatif-twice-1440")
    _close(page, traffic)


def _wait_for_headline(page, values: list[str]) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        "([sel, expected]) => [...document.querySelectorAll(sel)].map(e => e.innerText).join('|') === expected",
        arg=[METRIC, "|".join(values)], timeout=30_000)
    wait_for_app(page)


def test_sources_data_bundle_download_by_keyboard(browser, app_url):  # type: ignore[no-untyped-def]
    """Tab to the data bundle button, Space: the ZIP downloads with every data table and its datapackage."""
    page, traffic = _open(browser, app_url, f"sources{EN}")
    button = page.locator("[data-testid='stDownloadButton']").filter(has_text=t("sources.bundle_button", "en"))
    tab_to(page, button, what="the data bundle button")
    with page.expect_download() as download:
        page.keyboard.press("Space")
    assert download.value.suggested_filename == bundle.file_name()
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as archive:
        assert set(archive.namelist()) == set(zipfile.ZipFile(io.BytesIO(bundle.zip_bytes())).namelist())
    _close(page, traffic)


def test_place_search_by_typing_and_enter(browser, app_url):  # type: ignore[no-untyped-def]
    """Tab to the place search, type 合肥, Enter: Hefei's profile and its link."""
    page, traffic = _open(browser, app_url, "place", width=390)
    tab_to(page, _widget(page, "stTextInput", t("place.search_label", "zh")), what="the place search")
    page.keyboard.type("合肥")
    page.keyboard.press("Enter")
    wait_for_param(page, "place", "340100")
    wait_for_app(page)
    page.get_by_role("heading", name="合肥", exact=True).wait_for()
    _close(page, traffic)
