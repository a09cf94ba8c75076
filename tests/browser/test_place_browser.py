"""The place profile on a phone: /place?place=340100 at 390×844 reads without horizontal scroll, and a language
switch by a real tap in the sidebar keeps the place."""
from __future__ import annotations

from smedx.i18n import t
from tests.browser.harness import screenshot, wait_for_app, watch

# The document does not scroll sideways, nor does Streamlit's main container, and nothing in it (a long source URL,
# a list item) reaches past the screen's right edge.
NO_SIDEWAYS_SCROLL = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  const past = [...main.querySelectorAll('*')].filter(el => el.getBoundingClientRect().right > innerWidth + 1);
  return document.scrollingElement.scrollWidth <= innerWidth && main.scrollWidth <= main.clientWidth
    && past.length === 0;
}"""


def test_profile_on_a_phone_and_a_language_switch_keep_the_place(browser, app_url):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    traffic = watch(page)
    page.goto(f"{app_url}/place?place=340100")
    wait_for_app(page)
    page.get_by_role("heading", name="合肥", exact=True).wait_for()
    page.get_by_text("已开展数字化转型的中小企业占比33.7%", exact=False).first.wait_for()
    page.get_by_role("heading", name=t("place.unknown_title", "zh")).wait_for()  # the last section: all drawn
    wait_for_app(page)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    screenshot(page, "place-340100-phone-zh")
    page.locator("[data-testid='stExpandSidebarButton']").tap()
    page.locator("[data-testid='stSidebar'] [data-testid='stRadio'] label").filter(has_text="English").tap()
    page.wait_for_function("() => new URL(location.href).searchParams.get('lang') === 'en'")
    wait_for_app(page)
    page.get_by_role("heading", name="Hefei", exact=True).wait_for()
    assert "place=340100" in page.url
    assert page.get_by_role("heading", name=t("place.shares_title", "en")).count() == 1
    page.get_by_role("heading", name=t("place.unknown_title", "en")).wait_for()
    page.keyboard.press("Escape")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    screenshot(page, "place-340100-phone-en")
    page.close()
    assert traffic.external == []
    assert traffic.console_errors == []
