"""Headline sentences: exact text from the paper's numbers, both languages, and the selection they follow."""
from __future__ import annotations

import pytest

from smedx.headlines import VIEWS, headline
from smedx.i18n import catalogue

CASES = [
    ("overview", "zh", {}, "2020年，约32.9%的中小企业实施了数字化转型战略；2021年为44.8%"
                           "（两年数字可能来自不同调查批次）"),
    ("overview", "en", {}, "2020: ≈32.9 % of SMEs had implemented a digital-transformation strategy; 2021: 44.8 % "
                           "(the two years may come from different survey waves)"),
    ("regional", "zh", {}, "东部地区37.2%，比西部地区高8.9个百分点"),
    ("regional", "en", {}, "East 37.2 %, 8.9 pp above West"),
    ("regional", "zh", {"region": "west"}, "西部地区28.3%，比东部地区低8.9个百分点"),
    ("regional", "en", {"region": "central"}, "Central 33.7 %, 5.4 pp above West"),
    ("regional", "zh", {"region": None}, "东部地区37.2%，比西部地区高8.9个百分点"),
    ("clusters", "zh", {}, "长三角城市群43.0%，比长江中游城市群高12.0个百分点"),
    ("clusters", "en", {"cluster": "mid_yangtze"}, "Middle Yangtze River 31.0 %, 12.0 pp below Yangtze River Delta"),
    ("first_tier", "zh", {}, "论文研究的16个一线城市中，7个城市的比例突破40%；精确数值最高的是杭州（47.2%）"),
    ("first_tier", "en", {}, "Of the 16 first-tier cities the paper studies, 7 exceed 40 %; the highest exact value is "
                             "Hangzhou (47.2 %)"),
    ("industries", "zh", {}, "信息传输、软件和信息技术服务业、工业的比例均在40%以上，住宿业、公用事业、房地产业较低"
                             "（论文未给出其他数值）"),
    ("industries", "en", {}, "Information transmission, software and IT services, Industry: all above 40 %; "
                             "Accommodation, Utilities, Real estate: relatively low "
                             "(the paper gives no other numbers)"),
    ("since_survey", "zh", {"indicator": "miit_cnc_rate"},
     "关键工序数控化率（工信部发布）：2025年3月（年份为推断）为66.2%（未核实），2025年目标为68%（未核实）"),
    ("tracker", "zh", {}, "3批试点官方公布约100个城市；本看板已识别46个，其中35个已核实"),
    ("tracker", "en", {}, "3 pilot batches with ≈100 cities announced; the dashboard has identified 46, 35 of them "
                          "verified"),
]


@pytest.mark.parametrize(("view", "lang", "selection", "expected"), CASES)
def test_headline_sentences_are_the_papers_numbers(view: str, lang: str, selection: dict, expected: str) -> None:
    assert headline(view, lang, **selection) == expected


def test_what_if_headline_says_scenario_not_forecast_with_the_model_numbers() -> None:
    from smedx.model import simulate

    result = simulate.run(n_draws=200)
    zh, en = headline("whatif", "zh", result=result), headline("whatif", "en", result=result)
    assert zh.startswith("情景，不是预测：到2027年") and "个百分点（中位数；90%区间" in zh
    assert en.startswith("Scenario, not a forecast: by 2027")
    assert "pp above no additional policy (median; 90 % band" in en


def test_every_view_has_a_sentence_in_both_languages_without_placeholders() -> None:
    for view in VIEWS:
        if view == "whatif":
            continue
        for lang in ("zh", "en"):
            text = headline(view, lang)
            assert text and "{" not in text
    assert {k for k in catalogue("zh") if k.startswith("headlines.")} == \
           {k for k in catalogue("en") if k.startswith("headlines.")}


def test_bad_views_and_selections_raise_instead_of_guessing() -> None:
    with pytest.raises(KeyError):
        headline("nowhere", "zh")
    with pytest.raises(ValueError):
        headline("regional", "zh", region="atlantis")
    with pytest.raises(TypeError):
        headline("overview", "zh", region="east")
