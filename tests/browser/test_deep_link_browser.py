"""A fresh server whose very first request is a page URL still renders that page inside the app shell."""
from __future__ import annotations

from smedx.clusters import text_fields
from smedx.i18n import t
from tests.browser.harness import streamlit_server, wait_for_app, watch


def test_first_request_to_a_page_url_gets_the_shared_sidebar(browser):  # type: ignore[no-untyped-def]
    """/sources?lang=en on a new server: English sources page, language radio and page list in the sidebar."""
    with streamlit_server() as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        traffic = watch(page)
        page.goto(f"{url}/sources?lang=en")
        wait_for_app(page)
        page.wait_for_selector("[data-testid='stSidebar'] [data-testid='stRadio']")
        assert page.locator("h1").first.inner_text().strip() == t("sources.title", "en")
        nav = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert t("common.page_overview", "en") in nav and "streamlit app" not in nav
        page.close()
        assert traffic.external == []
        assert traffic.console_errors == []


def test_a_tab_is_kept_in_the_link_and_across_a_language_switch(browser, app_url):  # type: ignore[no-untyped-def]
    """Clusters page: opening a tab writes ?view=cities into the address; the link reopens that tab; switching the
    language keeps it open (and the address follows)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    traffic = watch(page)
    page.goto(f"{app_url}/clusters")
    wait_for_app(page)
    page.get_by_role("tab", name=t("clusters.view_cities", "zh")).click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('view') === 'cities'")
    wait_for_app(page)
    link = page.url
    page.goto(link)
    wait_for_app(page)
    page.get_by_role("heading", name=t("clusters.first_tier_title", "zh", **text_fields("zh"))).wait_for()
    assert page.get_by_role("tab", selected=True).inner_text().strip() == t("clusters.view_cities", "zh")
    page.locator("[data-testid='stSidebar'] [data-testid='stRadio'] label").filter(has_text="English").click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('lang') === 'en'")
    wait_for_app(page)
    page.get_by_role("heading", name=t("clusters.first_tier_title", "en", **text_fields("en"))).wait_for()
    assert page.get_by_role("tab", selected=True).inner_text().strip() == t("clusters.view_cities", "en")
    assert "view=cities" in page.url
    page.close()
    assert traffic.external == [] and traffic.console_errors == []
