"""Links that reopen the exact view, in a real browser: on every page a reader sets a non-default view by clicks
and key presses, takes the address, and a fresh browser context opens it in the *other* language — the same view
is shown. Also: a city that is no pilot says so, /overview is the overview, the share panel's link is the
address, and presentation mode steps through the key views with the sidebar hidden."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from smedx import overview, places, views
from smedx.i18n import t
from smedx.tracker import reference
from tests.browser.harness import screenshot, wait_for_app, watch
from tests.mydata_fixtures import csv_bytes, firms

VIEWPORT = {"width": 1400, "height": 1400}
ISSUER = next(iter(overview.issuer_options("zh")))
CITY = "210200"  # 大连市 / Dalian, a pilot city that is not the first of the list
CITY_NAMES = reference.cities().set_index("adcode").loc[CITY, ["name_zh", "name_en"]].tolist()
UPLOAD = csv_bytes(firms(400, seed=5))


def _new(browser, url: str):  # type: ignore[no-untyped-def]
    """A page in a fresh browser context (its own session, no shared state) opened at ``url``."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    traffic = watch(page)
    page.goto(url)
    wait_for_app(page)
    return page, traffic


def _switch_lang(url: str, lang: str) -> str:
    parts = urlparse(url)
    query = {k: v for k, v in parse_qs(parts.query).items() if k != "lang"}
    if lang == "en":
        query["lang"] = ["en"]
    return parts._replace(query=urlencode(query, doseq=True)).geturl()


def _wait_param(page, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function("([n, v]) => new URL(location.href).searchParams.get(n) === v", arg=[name, value],
                           timeout=20_000)
    wait_for_app(page)


def _choose(page, widget: str, label: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Open a selectbox / multiselect by its label with a click and pick ``option`` with a click."""
    box = page.locator(f"[data-testid='{widget}']").filter(has_text=label).first
    box.get_by_role("combobox").click()
    page.keyboard.press("ArrowDown")  # the list opens on the click or, at the latest, on the arrow key
    page.get_by_role("option", name=option, exact=True).click()
    if widget == "stMultiSelect":
        page.keyboard.press("Escape")  # close a multiselect's list (on a selectbox, Escape clears the choice)


def _selected_text(page, widget: str, label: str) -> str:  # type: ignore[no-untyped-def]
    """What the widget shows: its text (a multiselect's chips) and its input's value (a selectbox's choice)."""
    box = page.locator(f"[data-testid='{widget}']").filter(has_text=label).first
    return box.inner_text() + "\n" + "\n".join(i.input_value() for i in box.locator("input").all())


def _checked_radio(page) -> list[str]:  # type: ignore[no-untyped-def]
    chosen = page.locator("[data-testid='stMain'] [data-testid='stRadioOption'][data-selected='true']")
    return [label.inner_text().strip() for label in chosen.all()]


def _open_tab(page) -> str:  # type: ignore[no-untyped-def]
    return page.get_by_role("tab", selected=True).first.inner_text().strip()


def _upload(page) -> None:  # type: ignore[no-untyped-def]
    with page.expect_file_chooser() as chooser:
        page.locator("[data-testid='stFileUploaderDropzone'] button").first.click()
    chooser.value.set_files({"name": "firms.csv", "mimeType": "text/csv", "buffer": UPLOAD})
    page.locator("[data-testid='stMain'] [data-testid='stRadio']").first.wait_for(timeout=60_000)
    wait_for_app(page)


@dataclass(frozen=True)
class Case:
    path: str
    act: Callable[..., None]  # the reader's clicks in Chinese
    param: tuple[str, str]  # what the address holds afterwards
    check: Callable[..., None]  # the same view, asserted in English
    before: Callable[..., None] | None = None  # what a reader does again after opening the link (an upload)


def _overview_act(page) -> None:  # type: ignore[no-untyped-def]
    _choose(page, "stMultiSelect", t("overview.timeline_issuers", "zh"), overview.issuer_options("zh")[ISSUER])


def _overview_check(page) -> None:  # type: ignore[no-untyped-def]
    shown = _selected_text(page, "stMultiSelect", t("overview.timeline_issuers", "en"))
    assert overview.issuer_options("en")[ISSUER] in shown


def _regional_act(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("[data-testid='stRadio'] label").filter(has_text=places.region_options("zh")["west"]).click()


def _regional_check(page) -> None:  # type: ignore[no-untyped-def]
    assert _checked_radio(page) == [places.region_options("en")["west"]]
    page.get_by_text(t("regional.table_title_region", "en", region=places.region_options("en")["west"])).wait_for()


def _clusters_act(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name=t("clusters.view_cities", "zh")).click()
    _wait_param(page, "view", "cities")
    _choose(page, "stSelectbox", t("clusters.sort_label", "zh"), t("clusters.sort_name", "zh"))


def _clusters_check(page) -> None:  # type: ignore[no-untyped-def]
    assert _open_tab(page) == t("clusters.view_cities", "en")
    assert t("clusters.sort_name", "en") in _selected_text(page, "stSelectbox", t("clusters.sort_label", "en"))


def _tracker_act(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name=t("tracker.view_city", "zh")).click()
    _wait_param(page, "view", "city")
    _choose(page, "stSelectbox", t("tracker.city_select", "zh"), CITY_NAMES[0])


def _tracker_check(page) -> None:  # type: ignore[no-untyped-def]
    assert _open_tab(page) == t("tracker.view_city", "en")
    page.get_by_role("heading", name=CITY_NAMES[1]).first.wait_for()


def _whatif_act(page) -> None:  # type: ignore[no-untyped-def]
    _choose(page, "stSelectbox", t("whatif.unit_select", "zh"), places.region_options("zh")["west"])
    _wait_param(page, "wi_unit", "west")
    page.get_by_role("tab", name=t("whatif.tab_cluster", "zh")).click()


def _whatif_check(page) -> None:  # type: ignore[no-untyped-def]
    assert places.region_options("en")["west"] in _selected_text(page, "stSelectbox", t("whatif.unit_select", "en"))
    assert t("whatif.tab_cluster", "en") in page.get_by_role("tab", selected=True).all_inner_texts()


def _type(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click the page's first text box, type ``text`` and press Enter."""
    box = page.locator("[data-testid='stTextInput'] input").first
    box.click()
    box.fill(text)
    box.press("Enter")


def _place_act(page) -> None:  # type: ignore[no-untyped-def]
    _type(page, "成都")


def _place_check(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("heading", name="Chengdu").first.wait_for()


def _mydata_act(page) -> None:  # type: ignore[no-untyped-def]
    _upload(page)
    page.locator("[data-testid='stRadio'] label").filter(has_text=t("mydata.grouping_cluster", "zh")).click()


def _mydata_check(page) -> None:  # type: ignore[no-untyped-def]
    assert _checked_radio(page) == [t("mydata.grouping_cluster", "en")]


def _sources_act(page) -> None:  # type: ignore[no-untyped-def]
    _type(page, "2024")


def _sources_check(page) -> None:  # type: ignore[no-untyped-def]
    assert page.locator("[data-testid='stTextInput'] input").first.input_value() == "2024"


CASES = {
    "overview": Case("overview", _overview_act, ("tl_issuers", ISSUER), _overview_check),
    "regional": Case("regional", _regional_act, ("region", "west"), _regional_check),
    "clusters": Case("clusters", _clusters_act, ("ft_sort", "name"), _clusters_check),
    "tracker": Case("tracker", _tracker_act, ("city", CITY), _tracker_check),
    "whatif": Case("whatif", _whatif_act, ("wi_tab", "cluster"), _whatif_check),
    "place": Case("place", _place_act, ("place", "510100"), _place_check),
    "mydata": Case("mydata", _mydata_act, ("grouping", "cluster"), _mydata_check, before=_upload),
    "sources": Case("sources", _sources_act, ("q", "2024"), _sources_check),
}


def test_every_page_has_a_case() -> None:
    assert set(CASES) == {view.page for view in views.VIEWS}


@pytest.mark.parametrize("name", list(CASES))
def test_a_view_set_by_clicks_reopens_in_the_other_language(browser, app_url, name):  # type: ignore[no-untyped-def]
    case = CASES[name]
    page, traffic = _new(browser, f"{app_url}/{case.path}")
    case.act(page)
    _wait_param(page, *case.param)
    link = page.url
    assert "v=1" in link and "lang=" not in link
    page.context.close()

    other, other_traffic = _new(browser, _switch_lang(link, "en"))
    if case.before is not None:
        case.before(other)
    case.check(other)
    assert parse_qs(urlparse(other.url).query)[case.param[0]] == [case.param[1]]  # the address keeps the ids
    screenshot(other, f"link-{name}-en")
    other.context.close()
    for seen in (traffic, other_traffic):
        assert seen.external == [] and seen.console_errors == []


@pytest.mark.parametrize(("code", "name"), [("110000", "北京市"), ("999999", None)])
def test_a_city_that_is_no_pilot_says_so(browser, app_url, code, name):  # type: ignore[no-untyped-def]
    page, traffic = _new(browser, f"{app_url}/tracker?city={code}")
    assert _open_tab(page) == t("tracker.view_city", "zh")
    alert = page.locator("[data-testid='stAlert']").filter(has_text=code)
    alert.wait_for()
    assert "没有打开任何城市" in alert.inner_text() and (name is None or name in alert.inner_text())
    first = reference.cities()["name_zh"].iloc[0]  # the list's first city (沈阳市) is not opened
    assert page.get_by_role("heading", name=first).count() == 0
    page.context.close()
    assert traffic.external == [] and traffic.console_errors == []


def test_overview_path_opens_the_overview(browser, app_url):  # type: ignore[no-untyped-def]
    for lang in ("zh", "en"):
        page, traffic = _new(browser, f"{app_url}/overview" + ("?lang=en" if lang == "en" else ""))
        assert page.locator("h1").first.inner_text().strip() == t("overview.title", lang)
        assert page.get_by_text("Page not found").count() == 0 and page.locator("[role='dialog']").count() == 0
        page.context.close()
        assert traffic.external == [] and traffic.console_errors == []


def test_the_share_panel_gives_the_views_link_embed_and_citation(browser, app_url):  # type: ignore[no-untyped-def]
    page, traffic = _new(browser, f"{app_url}/regional?region=West&lang=en")
    page.get_by_role("button", name=t("share.button", "en")).click()
    codes = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode']")
    codes.first.wait_for()
    link, embed, cite = (text.strip() for text in codes.all_inner_texts()[:3])
    assert link == f"{app_url}/regional?lang=en&region=west&v=1"
    assert 'src="' + link.replace("&", "&amp;") + "&amp;embed=true" in embed
    assert cite.startswith(t("common.app_title", "en") + ", version ") and cite.endswith(link)
    body = page.locator("[data-testid='stPopoverBody']").inner_text()
    assert t("share.licence_code_none", "en") in body
    page.context.close()
    embedded, _ = _new(browser, link + "&embed=true")  # the snippet's address: the same view, no sidebar
    assert _checked_radio(embedded) == [places.region_options("en")["west"]]
    embedded.context.close()
    assert traffic.external == [] and traffic.console_errors == []


def test_presentation_mode_hides_the_sidebar_and_steps_through_the_key_views(browser, app_url):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    traffic = watch(page)
    page.goto(f"{app_url}/clusters?mode=brief")
    wait_for_app(page)
    start = next(i for i, v in enumerate(views.VIEWS) if v.page == "clusters" and not v.query)
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert page.locator("[data-testid='stMain'] [data-testid='stMultiSelect']").first.is_hidden()  # controls hidden
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    assert size >= 1.5 * 40  # the h1 is 2.75rem at 16 px (44 px); at 1.5 × it is 66 px
    page.get_by_text(t("share.position", "zh", n=start + 1, total=len(views.VIEWS))).wait_for()
    for step in (1, 2):
        target = views.VIEWS[start + step]
        page.get_by_role("link", name=t("share.next", "zh", title=t(target.title, "zh"))).click()
        _wait_param(page, "view", target.query["view"])
        page.get_by_text(t("share.position", "zh", n=start + step + 1, total=len(views.VIEWS))).wait_for()
        assert "mode=brief" in page.url
    page.get_by_role("link", name=t("share.prev", "zh", title=t(views.VIEWS[start + 1].title, "zh"))).click()
    _wait_param(page, "view", "cities")
    screenshot(page, "presentation-clusters-cities-1920")
    page.get_by_role("link", name=t("share.exit", "zh")).click()
    page.wait_for_function("() => !new URL(location.href).searchParams.has('mode')", timeout=20_000)
    wait_for_app(page)
    assert page.locator("[data-testid='stSidebar']").is_visible()
    context.close()
    assert traffic.external == [] and traffic.console_errors == []
