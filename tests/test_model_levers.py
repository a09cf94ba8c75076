"""Levers → hazard multiplier; firms-reached cross-check."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smedx.model import levers, params

SPEC = params.load_spec()


def test_reach_is_log_uniform_inside_the_design_range() -> None:
    design = SPEC.params["design_reach"]
    u = np.array([0.0, 0.5, 1.0])
    assert levers.reach(0, u, design) == pytest.approx([0.001, 0.001 * 10**0.5, 0.01])
    assert (levers.reach(2, u, design) > levers.reach(1, u, design)).all()


def test_funding_lift_is_zero_without_funding() -> None:
    zero = levers.funding_lift(0.0, np.array(0.2), np.array(0.5), np.array(3.0), np.array(0.3))
    assert zero == 0.0


def test_funding_works_through_capability() -> None:
    args = dict(funding=0.1, reach_f=np.array(0.2), beta_f=np.array(2.0), kappa=np.array(0.0))
    assert levers.funding_lift(capability_c=np.array(0.0), **args) == 0.0
    assert levers.funding_lift(capability_c=np.array(0.5), **args) == pytest.approx(0.02)
    cap = levers.capability(np.array(0.3), np.array(1.0), np.array(1.0), training=0.1, school=0.1)
    assert cap == pytest.approx(0.5)
    assert levers.capability(np.array(0.9), np.array(2.0), np.array(1.0), 0.2, 0.0) == 1.0


def test_saturation_caps_the_funding_term() -> None:
    kwargs = dict(funding=1.0, reach_f=np.array(1.0), capability_c=np.array(1.0), beta_f=np.array(3.0))
    assert levers.funding_lift(kappa=np.array(0.0), **kwargs) == pytest.approx(3.0)
    assert levers.funding_lift(kappa=np.array(0.5), **kwargs) == pytest.approx(3 / 2.5)


def test_firms_funded() -> None:
    assert levers.firms_funded(1.5, 0.8, 30) == pytest.approx(400)
    assert levers.firms_funded(1.0, 0.8, 50) == pytest.approx(160)


def test_pilot_check_against_plan_targets() -> None:
    targets = levers.plan_targets()
    assert targets["target_firms"].between(300, 730).all()
    assert {"福州市": 530, "厦门市": 600, "广州市": 710}.items() <= dict(
        zip(targets["name_zh"], targets["target_firms"], strict=True)).items()
    check = levers.pilot_check(SPEC, targets)
    assert check["firms"].round().tolist() == [267, 160, 400, 240]
    assert check["same_order"].all()
    assert set(check["target_min"]) == {targets["target_firms"].min()}
    assert set(check["target_max"]) == {targets["target_firms"].max()}


def test_plan_targets_from_fixture() -> None:
    cities = pd.DataFrame({
        "adcode": ["1", "2", "3"], "name_zh": ["甲", "乙", "丙"], "name_en": ["A", "B", "C"],
        "target_firms": ["500", None, "900"], "target_year": ["2025", None, None],
        "confidence": ["V", "V", "A"], "source_id": ["s", "s", "s"], "locator": ["l", "l", "l"],
    })
    out = levers.plan_targets(cities)
    assert out["name_en"].tolist() == ["A"] and out["target_firms"].tolist() == [500]
