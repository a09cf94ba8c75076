"""The real programmes in the simulator's units: facts, presets, marks and the firms-one-award-funds cross-check."""
from __future__ import annotations

import pandas as pd
import pytest

from smedx.model import params, programme

SPEC = params.load_spec()


def test_facts_come_from_the_programme_table() -> None:
    assert programme.fact("plan_2027_smes").value == 40000 and programme.fact("plan_2027_smes").qualifier == "at_least"
    assert programme.fact("plan_2027_cities").value == 100
    assert programme.fact("funds_retrofit_share").value == 80
    assert sorted(programme.fact(c).value for c in programme.CAP_FACTS) == [1.0, 1.5]
    assert programme.segment_target().value == 90
    with pytest.raises(KeyError):
        programme.fact("per_city_disbursement")  # not published: never a number


def test_money_and_firms() -> None:
    assert programme.firms_funded(1.5, 80, 30) == pytest.approx(400)
    assert programme.firms_funded(1.0, 80, 50) == pytest.approx(160)
    assert programme.budget_for(400, 80, 30) == pytest.approx(1.5)
    assert programme.firms_funded(10, 80, 0) == 0.0


def test_presets_are_the_programmes() -> None:
    announced = programme.preset_levers(SPEC, "as_announced")
    assert announced["subsidy"] == 40.0  # the middle of the 30–50 万元 caps
    assert announced["retrofit_share"] == 80.0 and announced["design"] == 2.0 and announced["trained"] == 0.0
    assert announced["budget"] == 66.7  # 40,000 / 3 years × 40 万元 / 80 % = 66.67 亿元, on the 0.1 grid
    assert programme.preset_levers(SPEC, "twice")["budget"] == 133.3
    assert programme.preset_levers(SPEC, "none")["budget"] == 0.0
    assert programme.plan_firms_per_year() == pytest.approx(40000 / 3)


def test_marks_on_the_levers() -> None:
    marks = programme.budget_marks(SPEC, 80.0, 40.0)
    assert [(m.key, round(m.low, 2), round(m.high, 2)) for m in marks] == [
        ("mark_117", 33.33, 50.0), ("mark_239", 66.67, 66.67)]
    assert [(m.low, m.high) for m in programme.subsidy_marks(SPEC)] == [(30.0, 50.0)]
    assert [(m.low, m.high) for m in programme.share_marks()] == [(80.0, 80.0)]
    assert programme.param_marks(SPEC.params["horizon"], SPEC, programme.preset_levers(SPEC, "none")) == []
    years = programme.param_marks(SPEC.params["end_year"], SPEC, programme.preset_levers(SPEC, "none"))
    assert [(m.low, m.high) for m in years] == [(2025.0, 2027.0)]


def test_pilot_check_against_plan_targets() -> None:
    targets = programme.plan_targets()
    assert targets["target_firms"].between(300, 730).all()
    assert {"厦门市": 600, "广州市": 710}.items() <= dict(
        zip(targets["name_zh"], targets["target_firms"], strict=True)).items()
    check = programme.pilot_check(SPEC, targets)
    assert check["firms"].round().tolist() == [267, 160, 400, 240]
    assert set(check["target_min"]) == {targets["target_firms"].min()}
    assert set(check["target_max"]) == {targets["target_firms"].max()}


def test_plan_targets_from_fixture() -> None:
    cities = pd.DataFrame({
        "adcode": ["1", "2", "3"], "name_zh": ["甲", "乙", "丙"], "name_en": ["A", "B", "C"],
        "target_firms": ["500", None, "900"], "target_year": ["2025", None, None],
        "confidence": ["V", "V", "A"], "source_id": ["s", "s", "s"], "locator": ["l", "l", "l"],
    })
    out = programme.plan_targets(cities)
    assert out["name_en"].tolist() == ["A"] and out["target_firms"].tolist() == [500]
