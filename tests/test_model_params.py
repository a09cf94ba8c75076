"""Parameter file: validation, scenarios, URL round-trip."""
from __future__ import annotations

import copy

import pytest
import yaml
from hypothesis import given, settings

from smedx.model import params
from smedx.paths import DATA_DIR
from tests.model_strategies import scenarios

SPEC = params.load_spec()
RAW = yaml.safe_load((DATA_DIR / params.PARAMS_FILE).read_text(encoding="utf-8"))


def test_file_declares_levers_and_assumptions() -> None:
    assert [p.id for p in SPEC.levers] == [
        "budget", "retrofit_share", "subsidy", "design", "trained", "intensity", "start_year", "end_year", "horizon",
        "calibration"]
    assert [p.id for p in SPEC.assumptions] == [
        "speed", "ceiling", "alpha_funding", "alpha_light", "alpha_intensive", "spillover", "segment_size",
        "segment_level"]
    assert SPEC.validation_band == (40.0, 48.0)
    assert SPEC.subsidy_caps == (30.0, 50.0)
    assert SPEC.bass_split == (0.03, 0.38)
    assert "school_enterprise" not in SPEC.params  # no evidence-based effect: dropped (issue 9)


@pytest.mark.parametrize("param", list(SPEC.params.values()), ids=lambda p: p.id)
def test_every_parameter_is_complete(param: params.Param) -> None:
    assert param.label_zh and param.label_en and param.description_zh and param.description_en
    assert param.policy_zh and param.policy_en and param.unit
    assert param.grade in "BC"  # no causal estimate exists: nothing is grade A
    assert param.sources
    if param.kind == "assumption":
        assert set(param.presets) == {"low", "central", "high"}
        low, central, high = (param.presets[k] for k in ("low", "central", "high"))
        assert low[0] <= central[0] <= high[0] and low[1] <= central[1] <= high[1]


def test_additionality_is_anchored_and_graded() -> None:
    assert SPEC.params["alpha_funding"].default == (0.2, 0.8)  # research notes model-v2 §3: 0.2–0.8, grade B/C
    assert SPEC.params["alpha_funding"].grade == "B"
    light, intensive = SPEC.params["alpha_light"], SPEC.params["alpha_intensive"]
    assert light.default[1] < intensive.default[0]  # light-touch: no detectable adoption effect
    assert (SPEC.params["spillover"].grade, SPEC.params["spillover"].tag) == ("C", "J")
    assert all(SPEC.params[p].tag == "J" for p in ("segment_size", "segment_level"))


def test_design_options_have_increasing_reach() -> None:
    reach = [o.reach for o in SPEC.params["design"].options]
    assert reach == [(0.001, 0.01), (0.01, 0.1), (0.03, 0.3)]
    assert [o.reach for o in SPEC.params["intensity"].options] == [None, None]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("parameters", 0, "grade"), "D", "grade"),
        (("parameters", 0, "kind"), "knob", "kind"),
        (("parameters", 0, "unit"), "furlongs", "unit"),
        (("parameters", 10, "default"), [0.9, 0.1], "lo 0.9 > hi 0.1"),
        (("parameters", 10, "presets", "low"), [0.5, 0.1], "lo 0.5 > hi 0.1"),
        (("parameters", 10, "prior"), {"dist": "normal"}, "prior dist"),
        (("parameters", 3, "options", 2, "reach"), [0.5, 2.0], "reach ranges must lie in"),
        (("parameters", 0, "label_en"), "", "label_en"),
    ],
)
def test_validation_names_parameter_and_field(path: tuple, value: object, message: str) -> None:
    data = copy.deepcopy(RAW)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(params.ParamFileError, match=message) as info:
        params.parse_spec(data)
    assert data["parameters"][path[1]]["id"] in str(info.value)


def test_missing_model_parameter_is_an_error() -> None:
    data = copy.deepcopy(RAW)
    data["parameters"] = [p for p in data["parameters"] if p["id"] != "spillover"]
    with pytest.raises(params.ParamFileError, match="spillover"):
        params.parse_spec(data)


def test_reference_has_no_money_and_no_training() -> None:
    scenario = params.default_scenario(SPEC)
    ref = params.reference(scenario, SPEC)
    assert ref.levers == {**scenario.levers, "budget": 0.0, "trained": 0.0}
    assert ref.assumptions == scenario.assumptions


def test_unreadable_file_is_a_param_file_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "model_params.yaml"
    for text in ("parameters: [", "- just a list", "parameters:\n  - id: 3\n"):
        bad.write_text(text, encoding="utf-8")
        params.load_spec.cache_clear()
        with pytest.raises(params.ParamFileError):
            params.load_spec(bad)
    params.load_spec.cache_clear()


def test_presets() -> None:
    low = params.default_scenario(SPEC, "low")
    assert low.assumptions["ceiling"] == (60.0, 75.0)
    high = params.with_preset(low, SPEC, "high")
    assert high.assumptions["speed"] == (0.3, 0.7) and high.levers == low.levers


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_query_round_trip(scenario: params.Scenario) -> None:
    assert params.from_query(params.to_query(scenario), SPEC) == scenario


def test_bad_query_values_fall_back_or_clamp() -> None:
    scenario = params.from_query({"budget": "999", "speed": "0.3~0.1", "horizon": "soon",
                                  "ceiling": "nan~inf", "unknown": "1"}, SPEC)
    default = params.default_scenario(SPEC)
    assert scenario.levers["budget"] == 200.0
    assert scenario.assumptions["speed"] == (0.1, 0.3)
    assert scenario.levers["horizon"] == default.levers["horizon"]
    assert scenario.assumptions["ceiling"] == default.assumptions["ceiling"]


def test_snap_to_step_grid() -> None:
    budget = SPEC.params["budget"]
    assert params.snap(3.26, budget) == 3.3 and params.snap(-1, budget) == 0.0
    assert params.snap(0.1234, SPEC.params["speed"]) == 0.12
