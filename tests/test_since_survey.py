"""The "since the survey" tables: MIIT rates with scopes, conflicts and targets, the census, the pilots."""
from __future__ import annotations

import pytest

from smedx import since_survey


def test_rates_keep_every_reported_value_with_scope_and_tag() -> None:
    rates = since_survey.rates("zh")
    cnc = rates[rates["indicator"].eq("miit_cnc_rate")]
    assert cnc["value"].tolist() == [24.6, 47.8, 52.1, 51.7, 51.3, 55.3, 58.6, 62.9, 66.2]
    both_2021 = cnc[cnc["period"].eq("2021")].set_index("value")["scope_label"].to_dict()
    assert both_2021 == {51.3: "全国工业企业", 55.3: "规模以上工业企业"}  # conflicting values: both shown
    rd = rates[rates["indicator"].eq("miit_rd_tool_rate")].set_index("period")
    assert rd.loc["2024", "text"] == "82%" and not rd.loc["2024", "unverified"]  # gov.cn copy: tag V
    assert rd.loc["2023", "text"] == "80.1%（未核实）"
    assert rd.loc["2024", "period_text"] == "2024年（年份为推断）"


def test_targets_are_reference_lines_of_2025() -> None:
    targets = since_survey.targets("en").set_index("indicator")
    assert targets["value"].to_dict() == {"miit_cnc_rate": 68.0, "miit_rd_tool_rate": 85.0}
    assert targets.loc["miit_rd_tool_rate", "line_label"] == (
        "2025 target: Digital R&D design-tool penetration (as reported by MIIT) 85 % (unverified)")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_footnotes_name_the_scope_breaks_and_the_conflict(lang: str) -> None:
    notes = since_survey.rate_footnotes(lang)
    assert len(notes) == 3  # one scope line per rate, one conflict (CNC 2021); the 74.7 % twice is no conflict
    scopes = ("规模以上工业企业", "重点工业企业", "全国工业企业") if lang == "zh" else (
        "above-scale industrial firms", "key industrial firms", "all industrial firms")
    assert all(scope in notes[0] and scope in notes[1] for scope in scopes)
    assert "51.3" in notes[2] and "55.3" in notes[2]


def test_census_and_regional_measures_stay_apart() -> None:
    census = since_survey.census("zh")
    assert census["text"].tolist() == ["47%", "54.1%（未核实）"]
    regions = since_survey.region_measures("en")
    assert regions.groupby("measure")["value"].sum().round(1).to_dict() == {"census": 100.0, "survey": 128.8}
    survey = regions[regions["measure"].eq("survey")]
    assert survey["value"].tolist() == [37.2, 33.7, 29.6, 28.3]  # the paper's ACFIC shares, untouched
    assert set(regions["measure_label"]) == {"SMEs in digital transformation (ACFIC, 2020 (year inferred))",
                                             "Where core digital-economy enterprises are (census, 2023)"}


def test_pilots_per_batch_mark_derived_and_unverified() -> None:
    pilots = since_survey.pilots("zh").set_index("batch")
    assert pilots["official"].to_dict() == {"第一批": "约30", "第二批": "约36（推算）", "第三批": "约34",
                                            "批次不详": ""}
    assert pilots.loc["批次不详", "unverified"] == "西安市、株洲市、娄底市"
    assert pilots["identified"].tolist() == [18, 14, 9, 5]


def test_source_line_never_names_a_mirror_host() -> None:
    line = since_survey.source_line("zh")
    assert "第五次全国经济普查" in line and "国新办" in line
    for mirror in ("easyfang", "heicmy", "nicole-eric", "shhzfm", "topvintageporn"):
        assert mirror not in line
