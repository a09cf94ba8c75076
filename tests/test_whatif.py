"""Tables and words of the what-if page (smedx.whatif, smedx.whatif_text)."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from smedx import whatif, whatif_text
from smedx.model import params, simulate

SPEC = params.load_spec()
SCENARIO = params.default_scenario(SPEC)
RESULT = simulate.run(SCENARIO, n_draws=400)
BOTH = simulate.run(replace(SCENARIO, levers={**SCENARIO.levers, "trained": 100000.0, "horizon": 2032.0}),
                    n_draws=400)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_headline_has_five_metrics_from_the_result(lang: str) -> None:
    rows = whatif_text.headline(RESULT, lang)
    assert len(rows) == 5
    r, seg = whatif.row(RESULT), whatif.row(RESULT, "pilot")
    assert rows[0][1] == whatif.pp(r["gain_p50"], lang, 3)
    assert rows[1][1] == f"{whatif.firms(r['additional_funding_firms_p50'], lang)} / " \
                         f"{whatif.firms(r['supported_firms_p50'], lang)}"
    assert rows[2][1] == ("0家 / 0家" if lang == "zh" else "0 firms / 0 firms")  # the plan trains nobody
    assert rows[3][1] == whatif.money_wan(r["cost_additional_wan_p50"], lang)
    assert rows[4][1] == whatif.percent(seg["scen_p50"], lang)
    assert ("90%" if lang == "zh" else "90 %") in rows[4][2]  # the pilots' target, from its data row


def test_counts_and_money_are_formatted_for_each_language() -> None:
    assert whatif.round_firms(17813.7) == 17800 and whatif.round_firms(466.2) == 466
    assert whatif.firms(40020.0, "zh") == "约40,000家" and whatif.firms(40020.0, "en") == "≈40,000 firms"
    assert whatif.money_yi(66.7, "zh") == "66.7亿元" and whatif.money_yi(66.7, "en") == "6.67 billion yuan"
    assert whatif.money_wan(50.0, "zh") == "50万元" and whatif.money_wan(50.0, "en") == "0.50 million yuan"
    assert whatif.money_wan(float("inf"), "en") == "∞" and whatif.firms(float("nan"), "zh") == "—"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reading_states_the_numbers_in_plain_words(lang: str) -> None:
    text = whatif_text.reading(RESULT, lang)
    r = whatif.row(RESULT)
    assert str(r["year"]) in text and whatif.firms(r["gain_firms_p50"], lang) in text
    lasting = r["gain_firms_p50"] * r["lasting_firms_p50"] / (r["lasting_firms_p50"] + r["pulled_firms_p50"])
    assert whatif.firms(lasting, lang) in text and whatif.firms(r["gain_firms_p50"] - lasting, lang) in text
    assert ("因该政策" if lang == "zh" else "because of the policy") in text
    assert "约约" not in text and "about ≈" not in text


def test_after_the_policy_the_gain_shrinks_and_the_page_says_so() -> None:
    late = simulate.run(replace(SCENARIO, levers={**SCENARIO.levers, "horizon": 2035.0},
                                assumptions={**SCENARIO.assumptions, "spillover": (0.0, 0.0)}), n_draws=400)
    text = whatif_text.after_policy(late, "en")
    assert text.startswith("After the policy ends in 2027 the gain shrinks") and "in 2035" in text
    assert whatif_text.after_policy(RESULT, "en") == ""  # horizon = end year


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_2021_check_is_called_failed_when_it_fails(lang: str) -> None:
    passed, text = whatif_text.validation(RESULT, lang)
    assert passed == bool(RESULT.checks["passed"])
    word = {("zh", True): "通过", ("zh", False): "未通过", ("en", True): "passed", ("en", False): "failed"}
    assert word[(lang, passed)] in text and ("44.8" in text)
    fit = simulate.run(replace(SCENARIO, levers={**SCENARIO.levers, "calibration": 1.0}), n_draws=400)
    passed_fit, text_fit = whatif_text.validation(fit, lang)
    assert passed_fit and f"{int(fit.checks['kept']):,}" in text_fit


@pytest.mark.parametrize(("level", "names"), [
    ("region", {"zh": "东部地区", "en": "East"}),
    ("cluster", {"zh": "长三角城市群", "en": "Yangtze River Delta"}),
])
def test_units_table_names_and_values(level: str, names: dict[str, str]) -> None:
    for lang, first in names.items():
        table = whatif.units_table(RESULT, level, lang)
        assert table.iloc[0, 0] == first
        assert table.shape[1] == 8


def test_city_table_shows_the_datas_interval_not_the_draws() -> None:
    table = whatif.units_table(RESULT, "city", "en")
    assert len(table) == 10
    shown = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert shown["Hangzhou"] == "47.2 %"
    assert shown["Ningbo"] == whatif.figure("city_dt_share", "en", "330200", 2020).text  # the data row's text
    assert table.columns[1] == "2020 (data)"


def test_charts_inputs_and_measures() -> None:
    levels = whatif.level_path(RESULT, "CN", "en")
    assert set(levels["series"]) == {"No additional policy (reference, not a forecast)", "Scenario"}
    rows = RESULT.paths[(RESULT.paths["geo_id"] == "CN") & (RESULT.paths["measure"] != "gain")]
    assert levels["p50"] == rows["p50"].tolist()
    gain = whatif.gain_path(RESULT, "CN")
    assert gain["p50"] == RESULT.paths[(RESULT.paths["geo_id"] == "CN") & (RESULT.paths["measure"] == "gain")][
        "p50"].tolist()
    assert whatif.measure("nation", "zh") == "已实施数字化转型战略的中小企业占比"
    assert whatif.measure("region", "zh").startswith("地区已开展")  # different measures, titled by what they show
    assert whatif.measure("segment", "en") == "Share of the pilot group at digital level 2+"


def test_attribution_adds_up_to_the_mean_gain() -> None:
    parts = whatif.attribution(BOTH, "CN", "en")
    assert parts["label"] == ["Funding", "Training", "Interaction"]
    assert sum(parts["value"]) == pytest.approx(whatif.row(BOTH)["gain_mean"], abs=1e-12)
    assert parts["value"][1] > parts["value"][0] > 0  # 100,000 intensive trainees vs 13,340 supported a year
    text = whatif.attribution_text(BOTH, "CN", "en")
    assert text.startswith(f"Funding: {whatif.pp(parts['value'][0], 'en', 4)} · Training: ")
    assert text.endswith("Interaction: 0.0000 pp")  # the interaction is numerical noise here, shown as zero


def test_lever_marks_show_where_the_programmes_sit() -> None:
    budget = whatif_text.lever_marks(SPEC.params["budget"], SPEC, dict(SCENARIO.levers), "zh")
    assert "财建〔2023〕117号：约100个城市" in budget and "33.3亿元–50.0亿元/年" in budget
    assert "工信部联企业〔2024〕239号" in budget and "≥40,000家" in budget and "66.7亿元" in budget
    assert "每年支持约13,300家" in budget  # 66.7 亿元 × 80 % / 40 万元 = 13,340
    assert "30万元–50万元" in whatif_text.lever_marks(SPEC.params["subsidy"], SPEC, dict(SCENARIO.levers), "zh")
    assert whatif_text.lever_marks(SPEC.params["horizon"], SPEC, dict(SCENARIO.levers), "zh") == ""
    assert whatif_text.lever_marks(SPEC.params["start_year"], SPEC, dict(SCENARIO.levers), "en") == (
        "MIIT Lian Qiye [2024] No. 239: 2025–2027")


def test_evidence_table_cites_sources() -> None:
    table = whatif.evidence_table("design", "en")
    assert len(table) == 3
    assert table["Grade"].tolist() == ["B", "B", "B"]
    assert "0.07 %" in table["Value"].iloc[0]


def test_compare_tables() -> None:
    other = replace(SCENARIO, levers={**SCENARIO.levers, "budget": 133.3, "design": 1.0})
    settings = whatif.settings_table({"A": SCENARIO, "B": other}, SPEC, "en")
    differing = settings[settings["differs"]]
    assert differing["B"].tolist() == ["133.3", "Typical design"]
    outcomes = whatif.outcomes_table({"A": RESULT, "B": simulate.run(other, n_draws=400)}, "en")
    assert outcomes.columns.tolist() == ["National outcome", "A", "B"]
    assert outcomes.iloc[:, 0].tolist()[2] == "National gain, 90 % band"
    gain = [float(re.sub(r"[^0-9.]", "", v)) for v in outcomes.loc[1, ["A", "B"]]]
    assert gain[1] > gain[0]


def test_pilot_check_table() -> None:
    table = whatif.pilot_check_table(SPEC, "zh")
    assert table["可支持企业"].tolist() == [267, 160, 400, 240]
    rows = whatif.pilot_check_rows()
    assert {"pilot_117_renmin", "pilot_clnews_fujian", "pilot_hefei_policy"} <= set(rows["source_id"])


def test_note_numbers_come_from_data() -> None:
    """The notes quote the first-tier counts, the interval, the award caps and the model constants from data rows,
    the parameter file and the code."""
    fields = whatif_text.text_fields("zh")
    assert {k: fields[k] for k in ("studied", "unnamed", "named", "n_interval", "interval_names", "award_lo",
                                   "award_hi", "share", "sub_lo", "sub_hi", "draws", "seed", "survey_2021",
                                   "jobs_2021", "target")} == {
        "studied": "16个", "unnamed": "6个", "named": "10", "n_interval": "4",
        "interval_names": "宁波、上海、北京、苏州", "award_lo": "1.0亿元", "award_hi": "1.5亿元", "share": "80%",
        "sub_lo": "30万元", "sub_hi": "50万元", "draws": "2,000", "seed": "2020", "survey_2021": "44.8%",
        "jobs_2021": "43.2 % (2021)", "target": "90%"}


def test_notes_read_cleanly_with_their_fields() -> None:
    """The counts come with their own unit ("16个"): the notes must not add a second one ("16个个")."""
    for key in ("whatif.units_note", "whatif.lim_5", "whatif.check_intro"):
        text = whatif.t(key, "zh", **whatif_text.text_fields("zh"))
        assert "个个" not in text and "约约" not in text, key
    assert whatif.t("whatif.lim_5", "zh", **whatif_text.text_fields("zh")).startswith("16个一线城市中6个没有数据")
