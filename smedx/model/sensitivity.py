"""Global sensitivity of the gain to the assumptions: Sobol indices with SALib (Saltelli sampling).

The factors are the assumptions the scenario uses whose range is not a single value (the additionality of training
only when firms are trained, of the chosen intensity; that of funding only with a budget), plus the position of the
design's reach inside its range. Each factor is sampled in uniform space and mapped through its prior, so the indices
refer to the priors the Monte Carlo uses; the SME count and interval-valued city levels sit at their middles, and a
calibration to 2021 is not applied. Outputs: the gain (pp) at the horizon of the nation and of the pilot segment for
the scenario's lever values. Herman & Usher (2017), SALib, JOSS.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from smedx.model.baseline import SEGMENT, Units, load_units
from smedx.model.params import ModelSpec, Scenario, load_spec
from smedx.model.simulate import DEFAULT_SEED, draws_from_uniforms, evaluate

REACH_FACTOR = "design"
DEFAULT_BASE_SAMPLES = 256
OUTPUTS = {"nation": "CN", "segment": SEGMENT[1]}
INDICES = ("S1", "S1_conf", "ST", "ST_conf")


def used_factors(spec: ModelSpec, scenario: Scenario) -> list[str]:
    """The factors of :func:`sobol` for ``scenario`` (assumption ids, then the design's reach if funding acts)."""
    levers = scenario.levers
    unused = set()
    if levers["budget"] <= 0:
        unused |= {"alpha_funding"}
    if levers["trained"] <= 0:
        unused |= {"alpha_light", "alpha_intensive"}
    else:
        unused |= {"alpha_light"} if int(levers["intensity"]) == 1 else {"alpha_intensive"}
    factors = [p.id for p in spec.assumptions
               if p.id not in unused and scenario.assumptions[p.id][0] < scenario.assumptions[p.id][1]]
    return [*factors, REACH_FACTOR] if levers["budget"] > 0 else factors


def sobol(scenario: Scenario, *, base_samples: int = DEFAULT_BASE_SAMPLES, seed: int = DEFAULT_SEED,
          spec: ModelSpec | None = None, units: Units | None = None) -> pd.DataFrame:
    """First-order (S1) and total (ST) Sobol indices of the gain at the horizon, for the nation and the segment.

    One row per factor: factor, label_zh, label_en, grade, and per output o in OUTPUTS the columns ``<o>_S1``,
    ``<o>_S1_conf``, ``<o>_ST``, ``<o>_ST_conf``; sorted by the larger ST of the two outputs. An output's indices
    are NaN when its gain does not vary (e.g. no additional policy).
    """
    spec = spec or load_spec()
    full = units or load_units()
    keep = [i for i, level in enumerate(full.geo_level) if level in {"nation", "segment"}]
    units = full.subset(keep)
    factors = used_factors(spec, scenario)
    params = spec.params
    frame = pd.DataFrame({
        "factor": factors,
        "label_zh": [params[f].label_zh for f in factors],
        "label_en": [params[f].label_en for f in factors],
        "grade": [params[f].grade for f in factors],
    })
    if not factors:
        for output in OUTPUTS:
            for col in INDICES:
                frame[f"{output}_{col}"] = np.nan
        return frame
    problem = {"num_vars": len(factors), "names": factors, "bounds": [[0.0, 1.0]] * len(factors)}
    sample = sobol_sample.sample(problem, base_samples, calc_second_order=False, seed=seed)
    n = len(sample)
    columns = [*(p.id for p in spec.assumptions), REACH_FACTOR, "smes"]
    uniforms = np.full((n, len(columns) + len(units)), 0.5)
    for j, factor in enumerate(factors):
        uniforms[:, columns.index(factor)] = sample[:, j]
    raw = evaluate(spec, scenario.levers, draws_from_uniforms(spec, scenario, units, uniforms), units)
    gain = (raw.scen[-1] - raw.base[-1]) * 100
    for output, geo_id in OUTPUTS.items():
        values = gain[units.geo_id.index(geo_id)]
        if np.ptp(values) <= 0:
            for col in INDICES:
                frame[f"{output}_{col}"] = np.nan
            continue
        indices = sobol_analyze.analyze(problem, values, calc_second_order=False, seed=seed, print_to_console=False)
        for col in INDICES:
            frame[f"{output}_{col}"] = np.asarray(indices[col], dtype=float)
    order = frame[[f"{o}_ST" for o in OUTPUTS]].max(axis=1).fillna(-1.0)
    return frame.iloc[np.argsort(-order.to_numpy(), kind="stable")].reset_index(drop=True)
