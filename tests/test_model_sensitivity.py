"""Sobol indices (SALib) of the gain of the nation and the pilot segment; every assumption moves a result."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from smedx.model import params, sensitivity, simulate
from smedx.model.baseline import load_units

SPEC = params.load_spec()
UNITS = load_units()
BOTH = replace(params.default_scenario(SPEC), levers={**params.default_scenario(SPEC).levers, "trained": 100000.0,
                                                      "horizon": 2030.0})


def test_sobol_ranks_the_used_assumptions_for_both_outputs() -> None:
    frame = sensitivity.sobol(BOTH, base_samples=128, units=UNITS)
    assert set(frame["factor"]) == {p.id for p in SPEC.assumptions} - {"alpha_light"} | {"design"}
    best = frame[["nation_ST", "segment_ST"]].max(axis=1)
    assert best.is_monotonic_decreasing
    top = dict(zip(frame["factor"], frame["nation_ST"], strict=True))
    assert top["alpha_intensive"] > 0.2 and top["alpha_funding"] > 0.02  # the additionalities drive the gain
    segment = dict(zip(frame["factor"], frame["segment_ST"], strict=True))
    assert segment["segment_size"] > 0.1 and top["segment_size"] == 0.0  # the segment's own assumptions


def test_every_assumption_moves_a_result() -> None:
    """Issue 9: an inert assumption is removed or merged. Moving each from the low to the high end of its range
    (others at their defaults) changes the gain of the nation or of the segment by at least 2 %."""
    wide = replace(BOTH, levers={**BOTH.levers, "horizon": 2035.0, "design": 0.0, "budget": 200.0})
    for param in SPEC.assumptions:
        scenario = wide if param.id != "alpha_light" else replace(wide, levers={**wide.levers, "intensity": 0.0})
        gains = []
        for end in param.default:  # type: ignore[union-attr]
            fixed = replace(scenario, assumptions={**scenario.assumptions, param.id: (end, end)})
            summary = simulate.run(fixed, n_draws=300, units=UNITS).summary.set_index("geo_id")
            gains.append(summary.loc[["CN", "pilot"], "gain_p50"].to_numpy())
        change = np.abs(gains[1] - gains[0]) / np.maximum(np.abs(gains[0]), 1e-12)
        assert change.max() >= 0.02, param.id


def test_fixed_assumptions_and_unused_levers_are_not_factors() -> None:
    scenario = params.default_scenario(SPEC)
    scenario = replace(scenario, assumptions={**scenario.assumptions, "ceiling": (80.0, 80.0)})
    factors = sensitivity.used_factors(SPEC, scenario)
    assert "ceiling" not in factors and "alpha_intensive" not in factors and "alpha_light" not in factors
    assert "design" in factors


def test_no_gain_gives_nan_indices() -> None:
    scenario = params.reference(params.default_scenario(SPEC), SPEC)
    frame = sensitivity.sobol(scenario, base_samples=64, units=UNITS)
    assert np.isnan(frame[["nation_ST", "segment_ST"]].to_numpy()).all()


def test_same_seed_same_indices() -> None:
    a = sensitivity.sobol(BOTH, base_samples=64, units=UNITS, seed=3)
    b = sensitivity.sobol(BOTH, base_samples=64, units=UNITS, seed=3)
    assert a.equals(b)
    assert a["nation_ST"].iloc[0] == pytest.approx(a["nation_ST"].max())
