"""AppTest of the pilot-city tracker page in both languages: coverage, table, viewer vs editor controls,
saving a report, optimistic-lock conflict, database down, hosted-SQLite warning, and the five tabs (only the
open one is built; ``?city=`` opens the city tab)."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from smedx.tracker import reference
from smedx.tracker.store import Actor, ReportData, open_store
from tests.apptest import texts
from tests.tracker_pages import HASH, open_tracker, sign_in, submit

pytest_plugins = ["tests.tracker_page_fixtures"]  # db, fresh_sign_in_guard

COVERAGE = {"zh": ["18 / 约30", "14 / 约36（推算）", "9 / 约34"],
            "en": ["18 of ≈30", "14 of ≈36 (derived)", "9 of ≈34"]}


def edit_controls(at: AppTest) -> int:
    """Number of report-editing controls on the page (forms other than the sign-in form, file uploaders)."""
    forms = [f for f in at.get("form") if f.proto.form.form_id != "tracker_login"]
    return len(forms) + len(at.get("file_uploader"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_viewer_sees_coverage_table_and_no_edit_controls(db: str, lang: str) -> None:
    at = open_tracker(lang, view="table")
    shown = texts(at)
    assert all(value in shown for value in COVERAGE[lang])  # the coverage line above the tabs
    table = at.dataframe[0].value
    assert len(table) == 46
    status_column = "进度状态" if lang == "zh" else "Status"
    assert set(table[status_column]) == {"尚无报告" if lang == "zh" else "No report yet"}
    assert ("未配置编辑者登录" if lang == "zh" else "not configured") in shown
    city = open_tracker(lang, city="350100")
    assert edit_controls(city) == 0
    cap = "不超过 1.5 亿元（上限，非实际拨付）" if lang == "zh" else "at most 1.5 亿元 (a cap, not a disbursement)"
    assert cap in texts(city)
    assert ("尚无进度报告" if lang == "zh" else "No progress report yet") in texts(city)
    assert edit_controls(open_tracker(lang, view="data")) == 0
    programme = open_tracker(lang, view="programme")
    assert [m.value for m in programme.metric] == COVERAGE[lang]
    unassigned = "银川市、无锡市、西安市、株洲市、娄底市" if lang == "zh" else "Yinchuan; Wuxi; Xi'an; Zhuzhou; Loudi"
    assert unassigned in texts(programme)
    facts = programme.dataframe[-1].value
    values = dict(zip(facts.iloc[:, 0], facts.iloc[:, 1], strict=True))
    if lang == "zh":
        assert values["2025—2027年完成数字化转型的中小企业"] == "≥40,000家中小企业"
        assert values["各试点城市实际下达的中央奖补资金"] == "未公布"
    else:
        assert values["SMEs digitally transformed 2025–2027"] == "≥40,000 SMEs"


def test_only_the_open_tab_is_built(db: str) -> None:
    """Each tab builds only its own elements; a ``?city=`` link opens the city tab unless ``?view=`` says
    otherwise."""
    cities = open_tracker("zh")  # the map tab
    assert len(cities.get("deck_gl_json_chart")) == 1 and not cities.dataframe
    assert len(cities.multiselect) == 6 and not cities.selectbox and not cities.metric and not cities.subheader
    table = open_tracker("zh", view="table")
    assert len(table.dataframe) == 1 and len(table.multiselect) == 6 and not table.get("deck_gl_json_chart")
    city = open_tracker("zh", city="350100")
    assert [s.value for s in city.subheader] == ["福州市"] and city.selectbox(key="city").value == "350100"
    assert not city.get("deck_gl_json_chart") and not city.multiselect and not city.metric
    (profile,) = city.get("page_link")  # issue 16: the city's profile page
    assert profile.proto.label == "福州概况" and profile.proto.query_string == "place=350100"
    linked = open_tracker("zh", city="350100", view="map")
    assert len(linked.get("deck_gl_json_chart")) == 1 and not linked.subheader
    data = open_tracker("en", view="data")
    assert [s.value for s in data.subheader] == ["Export"] and not data.dataframe
    assert len(data.get("download_button")) == 5 and not data.get("deck_gl_json_chart")  # city list CSV/XLSX too
    programme = open_tracker("en", view="programme")
    assert len(programme.metric) == 3 and not programme.get("deck_gl_json_chart") and not programme.multiselect


def test_unverified_city_is_marked(db: str) -> None:
    at = open_tracker("zh", city="340100")
    assert "合肥市（未核实）" in [s.value for s in at.subheader]
    table = open_tracker("zh", view="table").dataframe[0].value
    assert table.loc[table["城市"].eq("合肥市"), "可信度"].tolist() == ["未核实"]


def test_filters_narrow_table_and_map(db: str) -> None:
    at = open_tracker("en", view="table")
    at.multiselect(key="tracker_f_batch").select(3).run()
    assert len(at.dataframe[0].value) == 9
    at.multiselect(key="tracker_f_confidence").select("A").run()
    assert len(at.dataframe[0].value) == 0
    assert "Showing 0 of 46 cities" in texts(at)
    batch3 = open_tracker("en")
    batch3.multiselect(key="tracker_f_batch").select(3).run()
    deck = json.loads(batch3.get("deck_gl_json_chart")[0].proto.json)
    assert len(next(layer for layer in deck["layers"] if layer["id"] == "cities")["data"]) == 9


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_editor_signs_in_and_saves_a_report(db: str, lang: str) -> None:
    assert edit_controls(sign_in(open_tracker(lang, passphrase_hash=HASH, view="data"))) == 1  # the uploader
    at = sign_in(open_tracker(lang, passphrase_hash=HASH, city="350100"))
    assert edit_controls(at) == 0 and not at.get("expander")[1:]  # form and history built only when opened
    at.toggle(key="tracker_edit_on").set_value(True).run()
    assert edit_controls(at) == 1  # the report form
    prefix = "tracker_350100_0_0"
    at.text_input(key=f"{prefix}_period").input("2025-03")
    at.number_input(key=f"{prefix}_firms_retrofitted").set_value(210)
    at.number_input(key=f"{prefix}_l2_share_pct").set_value(55.5)
    at.text_input(key=f"{prefix}_source").input("福州市工信局")
    [form_button] = [b for b in at.get("form_submit_button") if "tracker_form" in b.proto.form_id]
    form_button.click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [row] = open_store(db).reports("350100")
    assert (row.period, row.firms_retrofitted, row.l2_share_pct, row.created_by) == ("2025-03", 210, 55.5, "李华")
    shown = texts(at)
    saved = "已保存 2025-03 的报告（第 1 版）。" if lang == "zh" else "Saved the 2025-03 report (version 1)."
    assert [s.value for s in at.success] == [saved]
    assert at.text_input(key="tracker_350100_0_1_period").value == ""  # the new-report form starts empty again
    assert ("最新报告：2025-03，完成改造企业 210 家（目标 >530 家），由 李华 录入" if lang == "zh"
            else "Latest report: 2025-03, 210 firms retrofitted (target >530), entered by 李华") in shown


def test_wrong_passphrase_keeps_viewer(db: str) -> None:
    at = sign_in(open_tracker("en", passphrase_hash=HASH), passphrase="wrong")
    assert "Name empty or passphrase wrong." in texts(at)
    assert edit_controls(at) == 0


def test_conflict_shows_both_versions_and_keeps_entry(db: str) -> None:
    store = open_store(db)
    store.sync_cities(reference.cities())
    saved = store.save_report(Actor("王芳", "editor"), ReportData("350100", "2025-03", firms_retrofitted=200))
    at = sign_in(open_tracker("zh", passphrase_hash=HASH, city="350100"))
    at.toggle(key="tracker_edit_on").set_value(True).run()
    at.selectbox(key="tracker_edit_350100").select(saved.id).run()
    prefix = f"tracker_350100_{saved.id}_1"
    store.save_report(Actor("王芳", "editor"), ReportData("350100", "2025-03", firms_retrofitted=250),
                      report_id=saved.id, expected_version=1)
    at.number_input(key=f"{prefix}_firms_retrofitted").set_value(260)
    [form_button] = [b for b in at.get("form_submit_button") if "tracker_form" in b.proto.form_id]
    form_button.click()
    at.run()
    assert not at.exception
    assert any("已被 王芳" in e.value and "第 2 版" in e.value for e in at.error)
    [conflict] = [d.value for d in at.dataframe if "字段" in d.value.columns]
    firms = conflict[conflict["字段"].eq("完成改造企业数")]
    assert (firms["您的填写"].tolist(), firms["当前记录"].tolist()) == (["260"], ["250"])
    assert at.number_input(key=f"{prefix}_firms_retrofitted").value == 260  # the entry is kept
    assert store.report(saved.id).firms_retrofitted == 250  # and nothing was overwritten
    at.button(key="tracker_conflict_reload").click().run()
    assert not at.exception
    reloaded = f"tracker_350100_{saved.id}_2"  # the form is now based on version 2 …
    assert at.number_input(key=f"{reloaded}_firms_retrofitted").value == 260  # … and still holds the entry
    assert "尚未保存：表单中是您未保存的填写内容。" in [i.value for i in at.info]
    submit(at)
    current = store.report(saved.id)
    assert (current.version, current.firms_retrofitted, current.updated_by) == (3, 260, "李华")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_database_down_shows_banner_reference_and_map(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.setenv("SMEDX_TRACKER_DB_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    at = sign_in(open_tracker(lang, passphrase_hash=HASH))
    assert any(("无法连接" if lang == "zh" else "cannot be reached") in e.value for e in at.error)
    assert len(at.get("deck_gl_json_chart")) == 1
    assert len(sign_in(open_tracker(lang, passphrase_hash=HASH, view="table")).dataframe[0].value) == 46
    city = sign_in(open_tracker(lang, passphrase_hash=HASH, city="350100"))
    assert edit_controls(city) == 0
    assert ("暂停编辑" if lang == "zh" else "editing is paused") in texts(city)
    assert edit_controls(sign_in(open_tracker(lang, passphrase_hash=HASH, view="data"))) == 0


def test_hosted_sqlite_warns_editors_only(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMEDX_HOSTED", "1")
    viewer = open_tracker("en", passphrase_hash=HASH)
    assert not any("SQLite" in w.value for w in viewer.warning)
    editor = sign_in(open_tracker("en", passphrase_hash=HASH))
    assert any("SQLite" in w.value for w in editor.warning)
