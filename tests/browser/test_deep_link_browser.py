"""A fresh server whose very first request is a page URL still renders that page inside the app shell."""
from __future__ import annotations

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
