"""AppTest of the place profile: a pilot city, a non-pilot city, a first-tier city, a province, an unknown code,
the name search and a language switch, in both languages."""
from __future__ import annotations

import time

import pytest

from smedx.i18n import t
from smedx.tracker import reference
from tests.apptest import open_page, texts


def _shown(at) -> str:  # type: ignore[no-untyped-def]
    """The page's text as the reader sees it (markdown escapes removed)."""
    return texts(at).replace("\\", "")


def _open(code: str | None, lang: str = "zh"):  # type: ignore[no-untyped-def]
    return open_page("place", lang, query={"place": code} if code else None)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hefei_pilot_and_first_tier_city(lang: str) -> None:
    at = _open("340100", lang)
    shown = _shown(at)
    expected = {
        "zh": ["合肥", "城市 · 安徽省 · 中部地区", "已开展数字化转型的中小企业占比33.7%，在4个地区中排第2",
               "长三角城市群：城市群中小企业数字化转型比例43.0%", "中小企业数字化转型比例29.7%", "批次：第一批",
               "可信度：未核实", "未核实：这座城市只见于聚合或转载页面的名单", "不超过 1.5 亿元（上限，非实际拨付）",
               "合肥本身是模型的一个单位", "不是预测", "来源：论文《中小企业数字化转型：焦点、难点及进路》"],
        "en": ["Hefei", "City · Anhui · Central", "33.7 % of its SMEs have started digital transformation, rank 2 of 4",
               "Yangtze River Delta cluster: 43.0 %", "29.7 % of its SMEs are in digital transformation",
               "Batch: Batch 1", "Confidence: Unverified", "at most 1.5 亿元 (a cap, not a disbursement)",
               "Hefei is itself a unit of the model", "not a forecast", "Source: Paper"],
    }[lang]
    for snippet in expected:
        assert snippet in shown, snippet
    assert at.header[0].value.replace("\\", "") == ("合肥" if lang == "zh" else "Hefei")
    titles = [t(f"place.{k}_title", lang) for k in ("shares", "first_tier", "pilot")]
    assert [s.value.replace("\\", "") for s in at.subheader][:3] == titles
    assert not at.dataframe and not at.table  # phone first: lists, no wide tables


def test_a_non_pilot_city_is_said_not_to_be_an_identified_pilot() -> None:
    shown = _shown(_open("340500"))
    identified = len(reference.cities())  # 46 identified of about 100 planned (data rows)
    assert "马鞍山不是已识别的试点城市" in shown and f"还有约{100 - identified}个尚未识别" in shown
    assert "马鞍山不在论文点名的10个一线城市之中" in shown
    assert "模型中包含马鞍山的最小单位是长三角城市群" in shown
    assert "论文没有公布马鞍山的转型比例" in shown and "批次：" not in shown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_first_tier_city_with_an_interval_only(lang: str) -> None:
    shown = _shown(_open("330200", lang))
    interval = {"zh": ">40.0%且≤44.0%", "en": ">40.0 % and ≤44.0 %"}[lang]
    assert shown.count(interval) >= 2  # the value and, once, that only the interval is known
    assert {"zh": "精确比例论文没有以数字公布", "en": "does not publish Ningbo's exact share"}[lang] in shown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_province(lang: str) -> None:
    shown = _shown(_open("340000", lang))
    expected = {
        "zh": ["安徽省", "省级行政区 · 中部地区", "安徽省的已识别试点城市（2个）", "合肥市 — 第一批（未核实）",
               "芜湖市 — 第二批（已核实）", "安徽省境内论文点名的一线城市：合肥 29.7%",
               "调查按地区报告，不按省份报告", "模型中包含安徽省的最小单位是中部地区"],
        "en": ["Anhui", "Identified pilot cities in Anhui (2)", "Hefei — Batch 1 (Unverified)",
               "Wuhu — Batch 2 (Verified)", "First-tier cities the paper names in Anhui: Hefei 29.7 %",
               "The survey reports regions, not provinces", "smallest model unit that contains Anhui is the Central"],
    }[lang]
    for snippet in expected:
        assert snippet in shown, snippet
    assert shown.count(t("place.unknown_province", lang, place="安徽省" if lang == "zh" else "Anhui")) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("code", ["999999", "<b>x</b>](http://example.com)"])
def test_an_unknown_code_gets_a_clear_note(lang: str, code: str) -> None:
    at = _open(code, lang)
    assert [e.value.replace("\\", "") for e in at.error] == [t("place.no_such_place", lang, code=code)]
    assert not at.header and not at.subheader
    assert "\\]\\(http\\://" in at.error[0].value or code == "999999"  # shown as text, not a link


def test_no_place_asks_for_a_name() -> None:
    at = _open(None, "en")
    assert t("place.choose_prompt", "en") in _shown(at) and not at.error and not at.header


@pytest.mark.parametrize("query", ["合肥", "Hefei", "hefei", "合肥市"])
def test_search_opens_the_place_and_writes_it_into_the_url(query: str) -> None:
    at = _open(None)
    at.text_input(key="place_q").input(query).run()
    assert at.query_params["place"] == "340100"
    assert at.header[0].value == "合肥" and at.text_input(key="place_q").value == ""


def test_search_in_traditional_characters() -> None:
    at = _open(None)
    at.text_input(key="place_q").input("長沙").run()
    assert at.query_params["place"] == "430100" and at.header[0].value == "长沙"


def test_several_matches_are_offered_and_a_choice_opens_one() -> None:
    at = _open(None, "en")
    at.text_input(key="place_q").input("Taizhou").run()
    assert t("place.search_several", "en", query="Taizhou") in _shown(at)
    labels = [b.label.replace("\\", "") for b in at.button]
    assert labels == ["Taizhou (Jiangsu) · City · Jiangsu · East", "Taizhou (Zhejiang) · City · Zhejiang · East"]
    at.button(key="place_found_331000").click().run()
    assert at.query_params["place"] == "331000" and "Taizhou (Zhejiang)" in at.header[0].value.replace("\\", "")


def test_an_unknown_name_gets_the_nearest_name() -> None:
    at = _open(None)
    at.text_input(key="place_q").input("Hefie").run()
    assert [w.value for w in at.warning] == [t("place.search_none", "zh", query="Hefie")]
    at.button(key="place_suggested_340100").click().run()
    assert at.query_params["place"] == "340100" and at.header[0].value == "合肥"


def test_a_language_switch_keeps_the_place() -> None:
    at = _open("340100")
    at.radio(key="lang").set_value("en").run()
    assert at.query_params["place"] == "340100" and at.header[0].value == "Hefei"
    assert "City · Anhui · Central" in _shown(at)


def _links(at) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(link.proto.page, link.proto.label.replace("\\", ""), link.proto.query_string) for link in
            at.get("page_link")]


def test_links_to_related_places_the_tracker_and_the_what_if_unit() -> None:
    assert _links(_open("340100")) == [("place", "安徽省概况", "place=340000"),
                                       ("tracker", "在试点城市跟踪页查看合肥", "view=city&city=340100"),
                                       ("whatif", "在政策情景模拟页打开合肥", "wi_unit=340100")]
    assert _links(_open("340000", "en")) == [("place", "Profile of Hefei", "place=340100"),
                                             ("place", "Profile of Wuhu", "place=340200"),
                                             ("whatif", "Open Central in the what-if simulator", "wi_unit=central")]
    assert _links(_open("340500"))[-1] == ("whatif", "在政策情景模拟页打开长三角城市群", "wi_unit=yrd")


@pytest.mark.parametrize("target", ["central", "yrd", "CN", "999999", ("region", "east")])
def test_profile_link_draws_nothing_for_what_is_not_a_place(target) -> None:  # type: ignore[no-untyped-def]
    from smedx.ui.place import profile_link

    assert profile_link(target, "zh") is False


def test_a_pilot_citys_status_and_latest_report_come_from_the_tracker(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 16: the profile shows the pilot city's red/amber/green status and its latest report from the store."""
    from smedx.tracker.store import Actor, ReportData, open_store

    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    monkeypatch.setenv("SMEDX_TRACKER_DB_URL", url)
    monkeypatch.setenv("SMEDX_HOSTED", "0")
    empty = _shown(_open("350100"))
    assert "进度状态：尚无报告" in empty and "尚无进度报告。" in empty
    store = open_store(url)
    store.sync_cities(reference.cities())
    store.save_report(Actor("王芳", "editor"), ReportData("350100", "2025-03", firms_retrofitted=210))
    time.sleep(1.1)  # another writer's save shows once the app's reports fingerprint (reused ≤ 1 s) is read again
    shown = _shown(_open("350100"))
    assert "最新报告：2025-03" in shown and "210" in shown and "王芳" in shown
    assert "进度状态：尚无报告" not in shown
