"""Monte Carlo of the second design: properties required by issue 9 (hypothesis) and the result tables."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smedx.model import params, programme, simulate
from smedx.model.baseline import load_units
from tests.model_strategies import SPEC, on_grid, scenarios

UNITS = load_units()
N = 200  # draws in property tests (the app uses simulate.DEFAULT_DRAWS)
NAT, SEG = UNITS.national, UNITS.segment
#: levers in which the gain is non-decreasing (the subsidy per firm: non-increasing)
RISING = ["budget", "retrofit_share", "design", "trained", "end_year", "start_year_earlier"]


def _raw(scenario: params.Scenario, seed: int = 1, n: int = N) -> simulate.Raw:
    return simulate.evaluate(SPEC, scenario.levers, simulate.draw(SPEC, scenario, UNITS, n, seed), UNITS)


def _with(scenario: params.Scenario, **levers: float) -> params.Scenario:
    return replace(scenario, levers={**scenario.levers, **levers})


def test_default_draws_and_seed() -> None:
    assert simulate.DEFAULT_DRAWS >= 2000
    result = simulate.run()
    assert result.n_draws == simulate.DEFAULT_DRAWS and result.seed == simulate.DEFAULT_SEED


@settings(max_examples=40, deadline=None)
@given(scenarios(), st.integers(0, 2**31))
def test_no_money_and_no_training_gives_exactly_zero_gain(scenario: params.Scenario, seed: int) -> None:
    raw = _raw(params.reference(scenario, SPEC), seed)
    assert np.array_equal(raw.scen, raw.base)
    assert not raw.supported.any() and not raw.trained.any() and not raw.spilled.any()
    assert not any(v.any() for v in raw.variant_gain.values())


@settings(max_examples=40, deadline=None)
@given(scenarios(), st.integers(0, 2**31))
def test_shares_stay_between_zero_and_one_and_the_scenario_above_the_reference(scenario: params.Scenario,
                                                                                seed: int) -> None:
    draws = simulate.draw(SPEC, scenario, UNITS, N, seed)
    raw = simulate.evaluate(SPEC, scenario.levers, draws, UNITS)
    assert (raw.base >= 0).all() and (raw.base <= draws.values["ceiling"] + 1e-12).all()
    assert (raw.scen <= 1.0).all() and (raw.scen >= raw.base).all()
    assert (raw.lasting <= 1.0 - draws.values["ceiling"] + 1e-12).all()


@settings(max_examples=40, deadline=None)
@given(scenarios(), st.sampled_from([*RISING, "subsidy"]), st.data())
def test_gain_is_monotone_in_each_lever(scenario: params.Scenario, lever: str, data) -> None:
    name = lever.removesuffix("_earlier")
    param = SPEC.params[name]
    low, high = sorted((data.draw(on_grid(param)), data.draw(on_grid(param))))
    gain = {value: (lambda r: r.scen - r.base)(_raw(_with(scenario, **{name: value}))) for value in (low, high)}
    if lever in ("subsidy", "start_year_earlier"):  # a higher subsidy supports fewer firms; a later start less
        assert (gain[low] >= gain[high] - 1e-12).all()
    else:
        assert (gain[high] >= gain[low] - 1e-12).all()


@pytest.mark.parametrize(("levers", "assumptions", "lever", "values"), [
    ({"budget": 19.0, "retrofit_share": 50.0, "subsidy": 5.0, "design": 0.0, "trained": 1000.0, "intensity": 0.0,
      "start_year": 2021.0, "end_year": 2021.0, "horizon": 2021.0},
     {"speed": (0.04, 0.04), "ceiling": (50.0, 50.0), "alpha_funding": (0.0, 0.0), "alpha_light": (0.0, 0.005),
      "spillover": (0.0, 0.0), "segment_size": (20000.0, 75000.0), "segment_level": (5.0, 5.0)},
     "retrofit_share", (50.0, 51.0)),
    ({"budget": 7.5, "retrofit_share": 93.0, "subsidy": 5.0, "design": 0.0, "trained": 1000.0, "intensity": 0.0,
      "start_year": 2021.0, "end_year": 2024.0, "horizon": 2028.0},
     {"speed": (0.07, 0.27), "ceiling": (50.0, 53.0), "alpha_funding": (0.0, 0.0), "alpha_light": (0.02, 0.105),
      "spillover": (0.0, 0.1), "segment_size": (20000.0, 20000.0), "segment_level": (5.0, 8.0)},
     "subsidy", (6.0, 5.0)),
])
def test_supported_firms_never_crowd_out_training(levers: dict, assumptions: dict, lever: str,
                                                 values: tuple[float, float]) -> None:
    """Found by hypothesis: with no funding additionality, more supported firms in the segment used to leave fewer
    firms to train there, so more money lowered the gain. A firm may be both supported and trained."""
    base = params.default_scenario(SPEC)
    scenario = replace(base, levers={**base.levers, **levers}, assumptions={**base.assumptions, **assumptions})
    fewer, more = (_raw(_with(scenario, **{lever: v})) for v in values)
    assert ((more.scen - more.base) >= (fewer.scen - fewer.base) - 1e-12).all()


def test_intensive_coaching_adds_at_least_light_touch_under_the_default_ranges() -> None:
    scenario = _with(params.default_scenario(SPEC), trained=100000.0)
    light, intensive = (_raw(_with(scenario, intensity=v)) for v in (0.0, 1.0))
    assert ((intensive.scen - intensive.base) >= (light.scen - light.base)).all()
    assert (intensive.additional_training > light.additional_training).any()


@settings(max_examples=30, deadline=None)
@given(scenarios(), st.integers(0, 2**31))
def test_additional_firms_are_bounded_by_supported_times_alpha_and_the_gain_by_inflows(scenario: params.Scenario,
                                                                                       seed: int) -> None:
    draws = simulate.draw(SPEC, scenario, UNITS, N, seed)
    raw = simulate.evaluate(SPEC, scenario.levers, draws, UNITS)
    alpha_max = scenario.assumptions["alpha_funding"][1]
    assert (raw.additional_funding <= raw.supported * alpha_max + 1e-15).all()
    gain = raw.scen[-1] - raw.base[-1]
    # what is gained at the horizon came in as additional adopters or through spillover (minus catch-up)
    assert (gain <= raw.additional_funding + raw.additional_training + raw.spilled + 1e-12).all()


@settings(max_examples=20, deadline=None)
@given(scenarios(), st.integers(0, 2**31))
def test_attribution_adds_up_and_funding_alone_is_a_run_without_training(scenario: params.Scenario,
                                                                         seed: int) -> None:
    scenario = _with(scenario, budget=max(scenario.levers["budget"], 1.0),
                     trained=max(scenario.levers["trained"], 1000.0))
    result = simulate.run(scenario, n_draws=N, seed=seed, spec=SPEC, units=UNITS)
    h = result.horizon
    total = h["attr_funding"] + h["attr_training"] + h["attr_interaction"]
    assert total == pytest.approx(h["gain_mean"], abs=1e-12)
    alone = simulate.run(_with(scenario, trained=0.0), n_draws=N, seed=seed, spec=SPEC, units=UNITS)
    assert h["attr_funding"] == pytest.approx(alone.horizon["gain_mean"], rel=1e-12, abs=1e-15)


def test_the_action_plan_preset_supports_its_firm_count_and_adds_count_times_alpha() -> None:
    """工信部联企业〔2024〕239号: ≥ 40,000 SMEs in 2025–2027; with spillover off, additional = supported × α."""
    announced = params.default_scenario(SPEC)
    assert announced.levers == programme.preset_levers(SPEC, "as_announced")
    assert (announced.levers["start_year"], announced.levers["end_year"]) == (2025.0, 2027.0)
    no_spill = replace(announced, assumptions={**announced.assumptions, "spillover": (0.0, 0.0)})
    draws = simulate.draw(SPEC, no_spill, UNITS, 500, 11)
    raw = simulate.evaluate(SPEC, no_spill.levers, draws, UNITS)
    supported = raw.supported[NAT] * draws.smes
    plan = programme.fact("plan_2027_smes").value
    assert plan == 40000
    assert supported == pytest.approx(plan, rel=0.002)  # budget on its 0.1 亿元 grid: 40,020 firms
    assert raw.additional_funding[NAT] * draws.smes == pytest.approx(supported * draws.values["alpha_funding"],
                                                                     rel=1e-12)
    twice = simulate.evaluate(SPEC, programme.preset_levers(SPEC, "twice"), draws, UNITS)
    assert twice.supported[NAT] * draws.smes == pytest.approx(2 * plan, rel=0.002)
    none = simulate.evaluate(SPEC, programme.preset_levers(SPEC, "none"), draws, UNITS)
    assert not (none.scen - none.base).any()


def test_the_pilot_segment_gets_the_supported_firms_and_shows_the_programme() -> None:
    result = simulate.run(n_draws=500, units=UNITS)
    nat, seg = (result.summary.iloc[i] for i in (NAT, SEG))
    assert seg["geo_level"] == "segment" and seg["supported_firms_p50"] == pytest.approx(nat["supported_firms_p50"])
    assert nat["gain_p50"] < 0.1  # 40,000 firms among ~48 million SMEs: below 0.1 pp (research notes §2.5)
    assert seg["gain_p50"] > 100 * nat["gain_p50"]  # the same firms in a population of 40,000–200,000


@settings(max_examples=25, deadline=None)
@given(scenarios())
def test_percentile_bands_are_ordered(scenario: params.Scenario) -> None:
    result = simulate.run(scenario, n_draws=N, seed=3, spec=SPEC, units=UNITS)
    stats = result.paths[list(simulate.STAT_COLUMNS)].to_numpy()
    assert (np.diff(stats, axis=1) >= 0).all()
    for prefix in ("base", "scen", "gain", "supported_per_10k", "additional_funding_firms", "gain_firms",
                   "cost_additional_wan"):
        cols = [f"{prefix}_{c}" for c in simulate.STAT_COLUMNS]
        values = result.summary[cols].to_numpy()
        finite = np.isfinite(values).all(axis=1)
        assert (np.diff(values[finite], axis=1) >= 0).all()


def test_cost_follows_from_the_levers_and_alpha() -> None:
    scenario = params.default_scenario(SPEC)
    result = simulate.run(scenario, n_draws=500, units=UNITS)
    nat = result.summary.iloc[NAT]
    per_supported = scenario.levers["subsidy"] / (scenario.levers["retrofit_share"] / 100)
    assert nat["cost_supported_wan"] == pytest.approx(per_supported)  # 40 万元 / 80 % = 50 万元
    assert nat["spend_yi_p50"] == pytest.approx(nat["supported_firms_p50"] * per_supported / 1e4)
    lo, hi = scenario.assumptions["alpha_funding"]
    assert per_supported / hi <= nat["cost_additional_wan_p05"] < nat["cost_additional_wan_p95"] <= per_supported / lo


def test_same_seed_same_numbers() -> None:
    scenario = params.default_scenario(SPEC)
    first = simulate.run(scenario, n_draws=500, seed=7, units=UNITS)
    again = simulate.run(scenario, n_draws=500, seed=7, units=UNITS)
    other = simulate.run(scenario, n_draws=500, seed=8, units=UNITS)
    pd.testing.assert_frame_equal(first.paths, again.paths)
    pd.testing.assert_frame_equal(first.summary, again.summary)
    assert not first.summary["gain_p50"].equals(other.summary["gain_p50"])


def test_common_random_numbers_across_scenarios() -> None:
    """Assumption draws do not depend on the lever values (same seed)."""
    a = params.default_scenario(SPEC)
    b = _with(a, budget=150.0, horizon=2035.0, trained=50000.0)
    da, db = (simulate.draw(SPEC, s, UNITS, 300, 5) for s in (a, b))
    assert all(np.array_equal(da.values[k], db.values[k]) for k in da.values)
    assert np.array_equal(da.f0, db.f0) and np.array_equal(da.smes, db.smes)


def test_2020_levels_reproduce_the_paper() -> None:
    result = simulate.run(n_draws=500, units=UNITS)
    year0 = result.paths[(result.paths["year"] == 2020) & (result.paths["measure"] == "baseline")]
    year0 = year0.set_index("geo_id")
    expected = {"CN": 32.9, "east": 37.2, "central": 33.7, "northeast": 29.6, "west": 28.3, "yrd": 43.0,
                "prd": 40.1, "jjj": 37.4, "chengyu": 34.6, "mid_yangtze": 31.0, "330100": 47.2, "440300": 46.0,
                "440100": 44.0, "340100": 29.7, "430100": 28.6, "120000": 25.7}
    for geo_id, value in expected.items():
        assert year0.loc[geo_id, list(simulate.STAT_COLUMNS)].tolist() == pytest.approx([value] * 5, abs=1e-9)
    for geo_id in ("330200", "310000", "110000", "320500"):
        row = year0.loc[geo_id]
        assert 40.0 < row["p05"] < row["p95"] <= 44.0
    segment = year0.loc["pilot"]  # the segment's 2020 level is the assumption range
    assert 10.0 <= segment["p05"] < segment["p95"] <= 40.0
    gain0 = result.paths[(result.paths["year"] == 2020) & (result.paths["measure"] == "gain")]
    assert not gain0[list(simulate.STAT_COLUMNS)].to_numpy().any()


def test_sme_count_is_the_papers_interval() -> None:
    draws = simulate.draw(SPEC, params.default_scenario(SPEC), UNITS, 500, 2)
    assert (draws.smes > 0.99 * 4842e4).all() and (draws.smes <= 4842e4).all()  # 4842万户, "99%以上" SMEs


def test_the_2021_check_is_reported_honestly_and_calibration_keeps_only_fitting_draws() -> None:
    anchored = simulate.run(n_draws=1000, units=UNITS).checks
    assert (anchored["year"], anchored["band_lower"], anchored["band_upper"]) == (2021, 40.0, 48.0)
    assert anchored["passed"] == float(40.0 <= anchored["p50"] <= 48.0)
    assert 0.0 < anchored["share_in_band"] < 1.0 and anchored["kept"] == 1000
    fit = simulate.run(_with(params.default_scenario(SPEC), calibration=1.0), n_draws=1000, units=UNITS)
    assert fit.checks["kept"] == round(anchored["share_in_band"] * 1000) and not fit.checks["fit_failed"]
    assert fit.checks["passed"] == 1.0 and fit.checks["share_in_band"] == 1.0
    row = int(np.searchsorted(fit.years, 2021))
    kept_2021 = fit.stats[:, 0, row, NAT] * 100
    assert kept_2021.min() >= 40.0 and kept_2021.max() <= 48.0
    slow = replace(params.default_scenario(SPEC), levers={**params.default_scenario(SPEC).levers, "calibration": 1.0},
                   assumptions={**params.default_scenario(SPEC).assumptions, "speed": (0.04, 0.06)})
    failed = simulate.run(slow, n_draws=500, units=UNITS).checks
    assert failed["fit_failed"] == 1.0 and failed["kept"] == 500 and failed["passed"] == 0.0


def test_regional_ordering_is_preserved_at_baseline() -> None:
    raw = _raw(_with(params.default_scenario(SPEC), horizon=2035.0), n=500)
    idx = [UNITS.geo_id.index(r) for r in ("east", "central", "northeast", "west")]
    assert (np.diff(raw.base[:, idx], axis=1) < 0).all()


def test_policy_acts_from_its_start_to_its_end_and_the_pulled_forward_part_shrinks_after() -> None:
    scenario = replace(_with(params.default_scenario(SPEC), horizon=2035.0),
                       assumptions={**params.default_scenario(SPEC).assumptions, "spillover": (0.0, 0.0)})
    result = simulate.run(scenario, n_draws=300, units=UNITS)
    gain = result.stats[2, 2, :, NAT]
    years = list(result.years)
    assert not gain[: years.index(2025)].any() and gain[years.index(2025)] > 0  # from 1 January 2025
    assert gain[years.index(2027)] == gain.max() and gain[-1] < gain.max()  # catch-up after the end (2027)
    nat = result.summary.iloc[NAT]
    assert nat["supported_firms_p50"] == pytest.approx(result.summary.iloc[NAT]["supported_firms_p50"])
    assert nat["lasting_per_10k_p50"] > 0 and nat["pulled_per_10k_p50"] > 0


def test_start_after_the_end_or_the_horizon_has_no_effect() -> None:
    scenario = params.default_scenario(SPEC)
    for levers in ({"start_year": 2028.0}, {"start_year": 2026.0, "end_year": 2025.0}):
        summary = simulate.run(_with(scenario, **levers), n_draws=300, units=UNITS).summary
        assert not summary[["gain_p95", "supported_per_10k_p50"]].to_numpy().any()


@settings(max_examples=20, deadline=None)
@given(scenarios(), st.sampled_from([(), ("region",), ("cluster",), ("city",), ("region", "city")]),
       st.integers(0, 2**31))
def test_a_run_of_some_levels_equals_the_full_run_bit_for_bit(scenario: params.Scenario, levels: tuple[str, ...],
                                                              seed: int) -> None:
    """The page runs only the units it shows: the nation, the segment and ``levels``, with the numbers of a run of
    all units."""
    full = simulate.run(scenario, n_draws=N, seed=seed)
    part = simulate.run(scenario, n_draws=N, seed=seed, levels=levels)
    assert set(part.units.geo_level) == {"nation", "segment", *levels}
    index = [full.units.geo_id.index(geo_id) for geo_id in part.units.geo_id]
    assert np.array_equal(part.stats, full.stats[..., index])
    assert all(np.array_equal(values, full.horizon[name][index], equal_nan=True)
               for name, values in part.horizon.items())
    assert dict(part.checks) == dict(full.checks)
