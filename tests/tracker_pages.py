"""AppTest helpers of the tracker page tests: opening the page with a named editor account, signing in and
submitting the report form (the fixtures are in ``tests/tracker_page_fixtures.py``)."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from smedx.tracker.auth import hash_passphrase
from tests.apptest import ENTRY

PASSPHRASE = "试点 passphrase"
HASH = hash_passphrase(PASSPHRASE, n=2**10)


def open_tracker(lang: str = "zh", *, passphrase_hash: str | None = None, account: str = "李华",
                 city: str | None = None, view: str | None = None) -> AppTest:
    """The page in ``lang``; ``city`` is a deep link (``?city=<adcode>``, opens the city tab), ``view`` a tab id;
    with ``passphrase_hash`` the editor ``account`` is configured."""
    at = AppTest.from_file(ENTRY, default_timeout=60)
    if lang != "zh":
        at.query_params["lang"] = lang
    if city:
        at.query_params["city"] = city
    if view:
        at.query_params["view"] = view
    if passphrase_hash:
        at.secrets["tracker"] = {"editors_passphrases": {account: passphrase_hash}}
    at.run()
    at.switch_page("pages/tracker.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sign_in(at: AppTest, name: str = "李华", passphrase: str = PASSPHRASE) -> AppTest:
    at.text_input(key="tracker_login_name").input(name)
    at.text_input(key="tracker_login_pass").input(passphrase)
    [login] = [b for b in at.get("form_submit_button") if b.proto.form_id == "tracker_login"]
    login.click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def submit(at: AppTest) -> AppTest:
    """Click the report form's save button."""
    [button] = [b for b in at.get("form_submit_button") if "tracker_form" in b.proto.form_id]
    button.click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
