"""The page's part of the bad-input suite of issue #10 (AppTest): hostile editor names are shown as text, the
banner names no host, a failed save says "not saved" and keeps the entries, a conflict on a new report reloads
the existing one with them (the edit conflict is in ``test_page_tracker.py``), sign-in locks out, delete and
redact work for editors, and an unexpected error gives a message, not a traceback."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from smedx.tracker import reference
from smedx.tracker.messages import Message, StoreUnavailable
from smedx.tracker.store import Actor, ReportData, TrackerStore, open_store
from smedx.ui.tracker import page
from tests.apptest import ENTRY, texts
from tests.tracker_pages import HASH, open_tracker, sign_in, submit

pytest_plugins = ["tests.tracker_page_fixtures"]  # db, fresh_sign_in_guard

HOSTILE = "![px](http://evil.example/x.png) [x](https://evil.example) :red[李]"


def test_hostile_editor_name_is_shown_as_text(db: str) -> None:
    at = sign_in(open_tracker(passphrase_hash=HASH, account=HOSTILE, city="350100"), name=HOSTILE)
    at.toggle(key="tracker_edit_on").set_value(True).run()
    at.text_input(key="tracker_350100_0_0_period").input("2025-03")
    at.number_input(key="tracker_350100_0_0_firms_retrofitted").set_value(210)
    submit(at)
    assert open_store(db).reports("350100")[0].created_by == HOSTILE  # stored as typed
    shown = texts(at)
    assert "已登录编辑者：" in shown and "由 " in shown
    live = re.findall(r"(?<!\\)\]\((\S+?)\)", shown)  # live markdown links: only the sources' explicit ones
    assert live and not any("evil" in url for url in live) and ":red[" not in shown  # no link, image, directive
    assert "http\u2060\\:" in shown and "\\!\\[px\\]" in shown  # escaped, so the reader sees it exactly


def test_banner_names_no_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMEDX_TRACKER_DB_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    at = open_tracker("en", passphrase_hash=HASH)
    [banner] = [e.value for e in at.error if "cannot be reached" in e.value]
    assert "127.0.0.1" not in banner and "port 1" not in banner and "psycopg" not in banner


def test_failed_save_says_not_saved_and_keeps_the_entries(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = sign_in(open_tracker("en", passphrase_hash=HASH, city="350100"))
    at.toggle(key="tracker_edit_on").set_value(True).run()
    at.text_input(key="tracker_350100_0_0_period").input("2025-03")
    at.number_input(key="tracker_350100_0_0_firms_retrofitted").set_value(210)
    at.text_area(key="tracker_350100_0_0_note").input("季度报告")

    def down(*args: object, **kwargs: object) -> None:
        raise StoreUnavailable(Message("db_unavailable"))

    working = {name: getattr(TrackerStore, name) for name in ("save_report", "reports_signature")}
    monkeypatch.setattr(TrackerStore, "save_report", down)
    submit(at)
    assert any(e.value.startswith("Not saved: The database cannot be reached") and "kept" in e.value
               for e in at.error)
    assert at.number_input(key="tracker_350100_0_0_firms_retrofitted").value == 210
    monkeypatch.setattr(TrackerStore, "reports_signature", down)  # the next run finds the database down
    at.run()
    assert any("kept in this browser session" in w.value for w in at.warning)  # the draft is offered back
    [draft] = [d.value for d in at.dataframe if "Your entry" in d.value.columns]
    assert draft.loc[draft["Field"].eq("Note"), "Your entry"].tolist() == ["季度报告"]
    for name, method in working.items():
        monkeypatch.setattr(TrackerStore, name, method)
    at.run()  # the database is back: the form holds the draft, saving stores it
    assert "Not saved yet: the form shows your unsaved entries." in [i.value for i in at.info]
    assert at.text_area(key="tracker_350100_0_0_note").value == "季度报告"
    submit(at)
    assert [r.note for r in open_store(db).reports("350100")] == ["季度报告"]
    assert not at.info


def test_new_report_for_an_existing_period_reloads_that_report(db: str) -> None:
    store = open_store(db)
    store.sync_cities(reference.cities())
    at = sign_in(open_tracker("en", passphrase_hash=HASH, city="350100"))
    at.toggle(key="tracker_edit_on").set_value(True).run()
    existing = store.save_report(Actor("王芳", "editor"), ReportData("350100", "2025-03", firms_retrofitted=200))
    at.text_input(key="tracker_350100_0_0_period").input("2025-03")
    at.number_input(key="tracker_350100_0_0_firms_retrofitted").set_value(230)
    submit(at)
    assert any("already exists" in e.value for e in at.error)
    at.button(key="tracker_conflict_reload").click().run()
    assert at.selectbox(key="tracker_edit_350100").value == existing.id  # not a blank new report
    assert at.number_input(key=f"tracker_350100_{existing.id}_1_firms_retrofitted").value == 230


def test_lock_out_after_wrong_passphrases(db: str, caplog: pytest.LogCaptureFixture) -> None:
    at = open_tracker("en", passphrase_hash=HASH)
    for _ in range(4):
        assert "Name empty or passphrase wrong." in texts(sign_in(at, passphrase="wrong"))
    assert "locked for 15 minutes" in texts(sign_in(at, passphrase="wrong"))
    assert "locked for 15 minutes" in texts(sign_in(at))  # the right passphrase too, while locked
    assert "Signed in as editor" not in texts(at)
    assert "locked for 900 s" in caplog.text


def test_only_the_named_account_signs_in(db: str) -> None:
    at = sign_in(open_tracker("en", passphrase_hash=HASH), name="王芳")  # someone else's name, the 李华 passphrase
    assert "Name empty or passphrase wrong." in texts(at) and "Signed in as editor" not in texts(at)


def test_editor_deletes_and_redacts(db: str) -> None:
    store = open_store(db)
    store.sync_cities(reference.cities())
    first = store.save_report(Actor("王芳", "editor"), ReportData("350100", "2025-03", note="个人信息", source="x"))
    second = store.save_report(Actor("王芳", "editor"), ReportData("350100", "2025-04", products=4))
    at = sign_in(open_tracker("en", passphrase_hash=HASH, city="350100"))
    at.toggle(key="tracker_edit_on").set_value(True).run()
    at.selectbox(key="tracker_edit_350100").select(first.id).run()
    assert at.button(key=f"tracker_redact_{first.id}").disabled  # until the editor confirms
    at.checkbox(key=f"tracker_remove_sure_{first.id}_1").check().run()
    at.button(key=f"tracker_redact_{first.id}").click().run()
    assert "Redacted the note and source of the 2025-03 report." in [s.value for s in at.success]
    assert (store.report(first.id).note, store.report(first.id).version) == (None, 2)
    assert "个人信息" not in repr([(e.old, e.new) for e in store.audit()])
    at.selectbox(key="tracker_edit_350100").select(second.id).run()
    at.checkbox(key=f"tracker_remove_sure_{second.id}_1").check().run()
    at.button(key=f"tracker_delete_{second.id}").click().run()
    assert "Deleted the 2025-04 report." in [s.value for s in at.success]
    assert [r.period for r in store.reports()] == ["2025-03"]
    assert [e.actor for e in store.audit(limit=2)] == ["李华", "李华"]


@pytest.mark.page_error_expected
@pytest.mark.parametrize(("lang", "text"), [("zh", "显示本页时出错"), ("en", "Something went wrong")])
def test_unexpected_error_is_a_message_not_a_traceback(db: str, monkeypatch: pytest.MonkeyPatch, lang: str,
                                                        text: str, caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("/srv/secret/path SELECT * FROM tracker_report")

    monkeypatch.setitem(page.SECTIONS, "programme", broken)
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["view"] = "programme"
    at.run()
    at.switch_page("pages/tracker.py").run()
    assert not at.exception
    assert any(e.value.startswith(text) for e in at.error)
    assert "/srv/secret" not in texts(at) and "SELECT" not in texts(at)
    assert "/srv/secret/path" in caplog.text  # the server log has it


def test_form_fields_are_limited_in_the_browser_too(db: str) -> None:
    """The store refuses longer texts and larger numbers anyway; the form does not let them be typed."""
    at = sign_in(open_tracker("en", passphrase_hash=HASH, city="350100"))
    at.toggle(key="tracker_edit_on").set_value(True).run()
    prefix = "tracker_350100_0_0"
    assert at.text_area(key=f"{prefix}_note").proto.max_chars == 2000
    assert at.text_input(key=f"{prefix}_source").proto.max_chars == 500
    assert at.text_input(key=f"{prefix}_period").proto.max_chars == 32
    assert at.number_input(key=f"{prefix}_firms_retrofitted").proto.max == 2**31 - 1
    assert at.number_input(key=f"{prefix}_funds_disbursed_yi").proto.max == 1.5  # Fuzhou's reward cap
