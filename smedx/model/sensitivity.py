"""Global sensitivity of the gain to the assumptions: Sobol indices with SALib (Saltelli sampling).

The factors are the assumptions whose range in the scenario is not a single value, plus the position of
the design's reach R_F inside its range. Each factor is sampled in uniform space and mapped through its
prior, so the indices refer to the priors the Monte Carlo uses. Output: the gain (pp) of one unit at the
horizon year for the scenario's lever values. Herman & Usher (2017), SALib, JOSS.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from smedx.model.baseline import Units, load_units
from smedx.model.params import ModelSpec, Scenario, load_spec
from smedx.model.simulate import DEFAULT_SEED, Draws, draw_value, evaluate

REACH_FACTOR = "design_reach"
DEFAULT_BASE_SAMPLES = 256


def _draws(spec: ModelSpec, scenario: Scenario, units: Units, factors: list[str], sample: np.ndarray) -> Draws:
    n = len(sample)
    values = {}
    for param in spec.assumptions:
        lo, hi = scenario.assumptions[param.id]
        u = sample[:, factors.index(param.id)] if param.id in factors else np.full(n, 0.5)
        values[param.id] = draw_value(param, lo, hi, u) * param.scale
    u_reach = sample[:, factors.index(REACH_FACTOR)]
    f0 = np.ascontiguousarray(units.levels(np.full((n, len(units)), 0.5)).T)
    return Draws(values, u_reach, f0)


def sobol(scenario: Scenario, *, geo_id: str = "CN", base_samples: int = DEFAULT_BASE_SAMPLES,
          seed: int = DEFAULT_SEED, spec: ModelSpec | None = None, units: Units | None = None) -> pd.DataFrame:
    """First-order (S1) and total (ST) Sobol indices of the gain of ``geo_id`` at the horizon.

    Returns one row per factor: factor, label_zh, label_en, grade, S1, S1_conf, ST, ST_conf, rank (1 = largest
    ST), sorted by rank. All indices are NaN when the gain does not vary (e.g. all levers at zero).
    """
    spec = spec or load_spec()
    units = units or load_units()
    factors = [p.id for p in spec.assumptions if scenario.assumptions[p.id][0] < scenario.assumptions[p.id][1]]
    factors.append(REACH_FACTOR)
    problem = {"num_vars": len(factors), "names": factors, "bounds": [[0.0, 1.0]] * len(factors)}
    sample = sobol_sample.sample(problem, base_samples, calc_second_order=False, seed=seed)
    raw = evaluate(spec, scenario.levers, _draws(spec, scenario, units, factors, sample), units)
    gain = (raw.scen[-1] - raw.base[-1])[units.geo_id.index(geo_id)] * 100
    params = spec.params
    frame = pd.DataFrame({
        "factor": factors,
        "label_zh": [params[f].label_zh for f in factors],
        "label_en": [params[f].label_en for f in factors],
        "grade": [params[f].grade for f in factors],
    })
    if np.ptp(gain) <= 0:
        for col in ("S1", "S1_conf", "ST", "ST_conf"):
            frame[col] = np.nan
        frame["rank"] = pd.NA
        return frame
    indices = sobol_analyze.analyze(problem, gain, calc_second_order=False, seed=seed, print_to_console=False)
    for col in ("S1", "S1_conf", "ST", "ST_conf"):
        frame[col] = np.asarray(indices[col], dtype=float)
    frame = frame.sort_values("ST", ascending=False, ignore_index=True)
    frame["rank"] = np.arange(1, len(frame) + 1)
    return frame
