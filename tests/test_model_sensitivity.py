"""Sobol ranking of assumptions (SALib)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from smedx.model import params, sensitivity
from smedx.model.baseline import load_units

SPEC = params.load_spec()
UNITS = load_units()


def test_sobol_ranks_assumptions() -> None:
    frame = sensitivity.sobol(params.default_scenario(SPEC), base_samples=128, units=UNITS)
    assert set(frame["factor"]) == {p.id for p in SPEC.assumptions} | {"design_reach"}
    assert frame["rank"].tolist() == list(range(1, len(frame) + 1))
    assert frame["ST"].is_monotonic_decreasing
    assert (frame["ST"] > -0.1).all() and frame["ST"].iloc[0] > 0.2
    # with funding and training both on, a lever-effect assumption or the ceiling leads
    assert frame["factor"].iloc[0] in {"beta_training", "beta_funding", "ceiling", "speed"}


def test_fixed_assumptions_are_not_factors() -> None:
    scenario = params.default_scenario(SPEC)
    scenario = replace(scenario, assumptions={**scenario.assumptions, "ceiling": (80.0, 80.0)})
    frame = sensitivity.sobol(scenario, base_samples=64, units=UNITS)
    assert "ceiling" not in set(frame["factor"])


def test_no_gain_gives_nan_indices() -> None:
    scenario = params.reference(params.default_scenario(SPEC), SPEC)
    frame = sensitivity.sobol(scenario, base_samples=64, units=UNITS)
    assert np.isnan(frame["ST"]).all()


def test_same_seed_same_indices() -> None:
    scenario = params.default_scenario(SPEC)
    a = sensitivity.sobol(scenario, base_samples=64, units=UNITS, seed=3)
    b = sensitivity.sobol(scenario, base_samples=64, units=UNITS, seed=3)
    assert a.equals(b)
