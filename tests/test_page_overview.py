"""AppTest of the overview page in both languages: renders and shows the paper's figures."""
from __future__ import annotations

import pytest

from tests.apptest import open_page, texts

EXPECTED = {
    "zh": {"metrics": ["32.9%", "44.8%", "21,781家"], "delta": "较2020年 +11.9个百分点",
           "text": ["中小企业数字化转型：现状总览", "不能转、不想转、不会转、不敢转", "合计91.5%", "其余8.5%",
                    "58.1%的企业", "来源：论文《中小企业数字化转型：焦点、难点及进路》，§二(一), footnote ⑨"]},
    "en": {"metrics": ["32.9 %", "44.8 %", "21,781 firms"], "delta": "+11.9 pp on 2020",
           "text": ["SME digital transformation: where it stands", "add up to 91.5 %", "the other 8.5 %",
                    "58.1 % of firms", "Source: Paper \"SME digital transformation"]},
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_shows_paper_figures(lang: str) -> None:
    """Headline metrics, the 2021 change, the residual note and source captions use the paper's numbers."""
    at = open_page("overview", lang)
    assert [m.value for m in at.metric][:3] == EXPECTED[lang]["metrics"]
    assert at.metric[1].delta == EXPECTED[lang]["delta"]
    shown = texts(at)
    for snippet in EXPECTED[lang]["text"]:
        assert snippet in shown
    macro = set(at.table[0].value.iloc[:, 1])
    assert {"33.9%", "79.4%", "77.1%", ">99%"} <= macro if lang == "zh" else {"33.9 %", "48.42 million firms"} <= macro


def test_barrier_table_lists_the_paper_figures() -> None:
    """The barriers table quotes 58 %, ≈60 % and >80 % in the sections the paper gives them."""
    at = open_page("overview", "zh")
    table = at.table[1].value
    figures = table["论文引用的数据"].tolist()
    assert figures[0] == "58% — 认为管理者作用不可替代的转型企业占比"
    assert figures[1].splitlines() == ["约60% — 计划增加数字化投资的企业占比",
                                       ">80% — 尚未厘清如何将数字技术渗透到业务层面的企业占比"]
    assert figures[2] == ""
    assert table["论文点名的问题"].tolist() == ["", "不会转；不敢转", ""]


def test_timeline_filters_by_year_and_issuer() -> None:
    """Narrowing the timeline to 2023–2025 and the Ministry of Finance leaves the four MoF pilot documents."""
    at = open_page("overview", "en")
    assert "16 policies" in texts(at)
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
    assert len(at.table) == 2  # the macro and barriers tables stay
    assert "来源：" in texts(at)
