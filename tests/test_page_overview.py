"""AppTest of the overview page in both languages: renders and shows the paper's figures."""
from __future__ import annotations

import json

import pytest

from tests.apptest import open_page, texts

EXPECTED = {
    "zh": {"metrics": ["约32.9%", "44.8%", "21,781家"], "change": "论文称2021年较2020年“增长了11.9个百分点”",
           "text": ["中小企业数字化转型：现状总览", "不能转、不想转、不会转、不敢转", "合计91.5%", "其余8.5%",
                    "58.1%——认为商业增长类SaaS",
                    "来源：论文《中小企业数字化转型：焦点、难点及进路》，§二(一)，脚注⑨"]},
    "en": {"metrics": ["≈32.9 %", "44.8 %", "21,781 firms"], "change": "The paper says 2021 is “up 11.9 pp” on 2020",
           "text": ["SME digital transformation: where it stands", "add up to 91.5 %", "the other 8.5 %",
                    "58.1 % — Firms expecting growth SaaS", "Source: Paper \"SME digital transformation"]},
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_shows_paper_figures(lang: str) -> None:
    """Headline metrics, the 2021 change, the residual note and source captions use the paper's numbers."""
    at = open_page("overview", lang)
    assert [m.value for m in at.metric][:3] == EXPECTED[lang]["metrics"]
    # no delta arrow: the caption says the two years are not like for like; the label keeps "战略"
    assert [m.proto.delta for m in at.metric[:3]] == ["", "", ""]
    assert at.metric[0].label == ("实施了数字化转型战略（2020年）" if lang == "zh"
                                  else "Implemented a digital-transformation strategy (2020)")
    shown = texts(at)
    assert EXPECTED[lang]["change"] in shown
    for snippet in EXPECTED[lang]["text"]:
        assert snippet in shown
    macro = set(at.table[0].value.iloc[:, 1])
    assert {"33.9%", "79.4%", "77.1%", "≥99%"} <= macro if lang == "zh" else {"33.9 %", "48.42 million firms"} <= macro


def test_barrier_table_lists_the_paper_figures() -> None:
    """The barriers table quotes 58 %, ≈60 % and >80 % in the sections the paper gives them."""
    at = open_page("overview", "zh")
    table = at.table[1].value
    figures = table["论文引用的数据"].tolist()
    assert figures[0] == "58% — 认为管理者作用不可替代的转型企业占比"
    assert figures[1].splitlines() == ["约60% — 计划增加数字化投资的企业占比",
                                       "≥80% — 尚未厘清如何将数字技术渗透到业务层面的企业占比"]
    assert figures[2] == ""
    assert table["论文点名的问题"].tolist() == ["", "不会转；不敢转", ""]


def test_timeline_filters_by_year_and_issuer() -> None:
    """Narrowing the timeline to 2023–2025 and the Ministry of Finance leaves the four MoF pilot documents."""
    at = open_page("overview", "en")
    assert "19 policies" in texts(at)
    at.slider(key="tl_years").set_value((2023, 2025)).run()
    at.multiselect(key="tl_issuers").set_value(["mof"]).run()
    assert "4 policies" in texts(at)
    table = at.dataframe[-1].value
    assert table["Document no."].tolist() == ["财建〔2023〕117号", "财办建〔2024〕23号", "工信部联企业〔2024〕239号",
                                              "财办建〔2025〕20号"]


def test_timeline_filters_reopen_from_the_url() -> None:
    """A shared link with the filters in its query string reopens the same filtered timeline."""
    at = open_page("overview", "en", query={"tl_issuers": "Ministry of Finance (MoF)", "tl_years": ["2023", "2025"]})
    assert "4 policies" in texts(at)


def test_briefing_mode_hides_downloads_and_detail_tables() -> None:
    """?brief=1 removes download buttons and the timeline table but keeps the source captions."""
    at = open_page("overview", "zh", query={"brief": "1"})
    assert len(at.get("download_button")) == 0
    assert len(at.dataframe) == 0  # the timeline table is hidden
    assert len(at.table) == 3  # the macro, barriers and pilot tables stay
    assert "来源：" in texts(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_since_the_survey_section_shows_other_measures_beside_the_survey(lang: str) -> None:
    """MIIT rates and the census appear as their own section, with unverified values marked and pilots listed."""
    at = open_page("overview", lang)
    shown = texts(at)
    title = ("工信部发布的两项全国指标（2012—2025年）" if lang == "zh"
             else "Two national rates reported by MIIT (2012–2025)")
    assert title in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[("全部规模以上企业" if lang == "zh" else "all above-scale enterprises")] == (
        "47%" if lang == "zh" else "47 %")
    assert ("不能与全国工商联的中小企业占比连成一条线" if lang == "zh" else "never joined into one line") in shown
    pilots = at.table[-1].value
    assert len(pilots) == 4
    assert "easyfang" not in shown and "nicole-eric" not in shown
    footnote = "的口径：" if lang == "zh" else "Scope of "  # the scope breaks are printed on the rates chart
    assert sum(footnote in str(json.loads(chart.proto.spec)) for chart in at.get("vega_lite_chart")) == 1
