"""Monte Carlo of baseline and scenario with common random numbers; tidy result tables.

Every draw uses the same uniforms for the baseline and the scenario, and for every scenario with the
same seed and number of draws (one column per assumption, one for the design reach, one per unit for
interval-valued 2020 levels). So differences between scenarios reflect the levers, not sampling noise.
Levels are reported in PERCENT, gains in percentage points (pp).
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from smedx.model import diffusion, levers
from smedx.model.baseline import Units, load_units
from smedx.model.params import ModelSpec, Param, Scenario, default_scenario, load_spec

DEFAULT_DRAWS = 2000
DEFAULT_SEED = 2020
PERCENTILES = (5, 25, 50, 75, 95)
STAT_COLUMNS = ("p05", "p25", "p50", "p75", "p95")
#: Gain threshold for P(gain > 1 pp), as a fraction.
ONE_PP = 0.01
PER_10K = 10_000


def draw_value(param: Param, lo: float, hi: float, u: np.ndarray) -> np.ndarray:
    """Map uniforms ``u`` to the parameter's prior on [lo, hi] (user units); monotone in u."""
    if hi <= lo:
        return np.full_like(u, lo)
    if param.dist == "loguniform":
        return np.exp(np.log(lo) + u * (np.log(hi) - np.log(lo)))
    if param.dist == "triangular":
        mode = min(max(float(param.mode), lo), hi)  # type: ignore[arg-type]
        width = hi - lo
        cut = (mode - lo) / width
        left = lo + np.sqrt(u * width * (mode - lo))
        right = hi - np.sqrt((1.0 - u) * width * (hi - mode))
        return np.where(u < cut, left, right)
    return lo + u * (hi - lo)


@dataclass(frozen=True)
class Draws:
    """Assumption values per draw in MODEL units (fractions, per-year rates), the reach uniform, and the
    2020 levels ``f0`` of shape (units, draws). Draws are on the LAST axis of every array."""

    values: Mapping[str, np.ndarray]
    u_reach: np.ndarray
    f0: np.ndarray

    @property
    def n(self) -> int:
        return len(self.u_reach)

    def subset(self, keep: list[int]) -> Draws:
        """The same draws for the units at the indices ``keep``."""
        return Draws(self.values, self.u_reach, np.ascontiguousarray(self.f0[keep]))


def common_uniforms(n_draws: int, n_columns: int, seed: int) -> np.ndarray:
    """The (draws, columns) matrix of common uniforms for a seed."""
    return np.random.default_rng(seed).random((n_draws, n_columns))


def draw(spec: ModelSpec, scenario: Scenario, units: Units, n_draws: int = DEFAULT_DRAWS,
         seed: int = DEFAULT_SEED) -> Draws:
    """Draw all assumptions inside the scenario's ranges and the 2020 levels (common random numbers)."""
    params = spec.assumptions
    u = common_uniforms(n_draws, len(params) + 1 + len(units), seed)
    values = {}
    for i, param in enumerate(params):
        lo, hi = scenario.assumptions[param.id]
        values[param.id] = draw_value(param, lo, hi, u[:, i]) * param.scale
    f0 = np.ascontiguousarray(units.levels(u[:, len(params) + 1:]).T)
    return Draws(values, u[:, len(params)].copy(), f0)


@dataclass(frozen=True)
class Raw:
    """Per-draw results, draws on the last axis: yearly shares (years, units, draws) as fractions,
    cumulative supported firms per 10,000 SMEs and years of diffusion gained at the horizon (units, draws),
    and the two hazard lifts while the policy acts (fractions): funding g_F/(1 + κ·g_F) (units, draws) and
    training β_T·τ (draws). Year labels are ends of years: index 0 is the 2020 level."""

    years: np.ndarray
    base: np.ndarray
    scen: np.ndarray
    supported_per_10k: np.ndarray
    years_gained: np.ndarray
    funding_lift: np.ndarray
    training_lift: np.ndarray


def evaluate(spec: ModelSpec, lever_values: Mapping[str, float], draws: Draws, units: Units) -> Raw:
    """Run baseline and scenario for one set of lever values (user units) on given draws."""
    prm = spec.params
    v = draws.values
    base_year = spec.base_year
    horizon = int(lever_values["horizon"])
    # the policy acts from 1 January of the start year, i.e. from the end of the year before (t = first)
    start = min(max(int(lever_values["start_year"]), base_year + 1), horizon + 1)
    first = start - 1 - base_year
    funding = lever_values["fund_coverage"] * prm["fund_coverage"].scale
    training = lever_values["training_coverage"] * prm["training_coverage"].scale
    school = lever_values["school_enterprise"] * prm["school_enterprise"].scale

    f0, m = draws.f0, v["ceiling"]
    p, q = diffusion.bass_coefficients(v["speed"], v["external_share"], m, f0[units.national])
    years = np.arange(base_year, horizon + 1)
    base = diffusion.bass_share((years - base_year).astype(float)[:, None, None], p, q, m, f0)
    base[0] = f0  # the base year is the data, not a rounding of the closed form

    reach_f = levers.reach(int(lever_values["design_reach"]), draws.u_reach, prm["design_reach"])
    cap = levers.capability(f0, v["capability_scale"], v["gamma_capability"], training, school)
    funding_lift = levers.funding_lift(funding, reach_f, cap, v["beta_funding"], v["saturation"])
    training_lift = v["beta_training"] * training
    x = (1.0 + funding_lift) * (1.0 + training_lift)

    induced = diffusion.induced_share(float(first), horizon - first - base_year, p, q, m, f0, x, v["spillover"])
    scen = base.copy()
    scen[first:] = np.minimum(scen[first:] + induced.yearly, m)
    supported = funding * reach_f * induced.non_adopter_years * PER_10K

    t_scen = diffusion.bass_time(scen[-1], p, q, m, f0)
    t_base = diffusion.bass_time(base[-1], p, q, m, f0)
    return Raw(years, base, scen, supported, t_scen - t_base, funding_lift, training_lift)


def percentiles(values: np.ndarray, levels: tuple[int, ...] = PERCENTILES) -> np.ndarray:
    """Percentiles over the last axis (linear interpolation, as numpy's default), levels on the first axis.

    Sorting once is much faster than numpy's multi-point partition here; each value is clipped to its two
    neighbouring order statistics, so the percentiles are ordered and monotone in the data.
    """
    return sorted_percentiles(np.sort(values, axis=-1), levels)


def sorted_percentiles(ordered: np.ndarray, levels: tuple[int, ...] = PERCENTILES) -> np.ndarray:
    """:func:`percentiles` of values already sorted along the last axis."""
    n = ordered.shape[-1]
    out = []
    for level in levels:
        pos = level / 100 * (n - 1)
        lo = int(np.floor(pos))
        hi = min(lo + 1, n - 1)
        frac = pos - lo
        a, b = ordered[..., lo], ordered[..., hi]
        out.append(np.clip(a * (1.0 - frac) + b * frac, a, b))
    return np.stack(out)


def path_stats(raw: Raw) -> np.ndarray:
    """Percentiles 5/25/50/75/95 over draws of baseline, scenario and gain: (5, 3, years, units), fractions."""
    stacked = np.empty((3, *raw.base.shape))  # sorted in place: one array of this size, not two
    stacked[0] = raw.base
    stacked[1] = raw.scen
    np.subtract(raw.scen, raw.base, out=stacked[2])
    stacked.sort(axis=-1)
    return sorted_percentiles(stacked)


MEASURES = ("baseline", "scenario", "gain")


def paths_frame(stats: np.ndarray, years: np.ndarray, units: Units) -> pd.DataFrame:
    """Long table: year, geo_level, geo_id, measure (baseline | scenario | gain), p05…p95.

    Levels in PERCENT, gain in pp.
    """
    n_years, n_units = len(years), len(units)
    rows = len(MEASURES) * n_years * n_units
    columns: dict[str, object] = {
        "year": np.tile(np.repeat(years, n_units), len(MEASURES)),
        "geo_level": list(units.geo_level) * (len(MEASURES) * n_years),
        "geo_id": list(units.geo_id) * (len(MEASURES) * n_years),
        "measure": np.repeat(np.array(MEASURES, dtype=object), n_years * n_units).tolist(),
    }
    for k, col in enumerate(STAT_COLUMNS):
        columns[col] = stats[k].reshape(rows) * 100
    return pd.DataFrame(columns)


def horizon_columns(raw: Raw, stats: np.ndarray) -> dict[str, np.ndarray]:
    """Per-unit numbers at the horizon year, in the column order of :func:`summary_frame` (without the unit and
    year columns): PERCENT levels, pp gains, firms per 10,000 SMEs, median hazard lifts in PERCENT."""
    out = {}
    for i, prefix in enumerate(("base", "scen", "gain")):
        for k, col in enumerate(STAT_COLUMNS):
            out[f"{prefix}_{col}"] = stats[k, i, -1] * 100
    out["p_gain_gt_1pp"] = ((raw.scen[-1] - raw.base[-1]) > ONE_PP).mean(axis=-1)
    years_gained = percentiles(raw.years_gained, (5, 50, 95))
    for k, col in enumerate(("p05", "p50", "p95")):
        out[f"years_gained_{col}"] = years_gained[k]
        out[f"additional_per_10k_{col}"] = stats[(0, 2, 4)[k], 2, -1] * PER_10K
    out["supported_per_10k_p50"] = np.median(raw.supported_per_10k, axis=-1)
    out["funding_lift_p50"] = np.median(raw.funding_lift, axis=-1) * 100
    out["training_lift_p50"] = np.full(len(out["p_gain_gt_1pp"]), float(np.median(raw.training_lift)) * 100)
    return out


def summary_frame(horizon: Mapping[str, np.ndarray], year: int, units: Units) -> pd.DataFrame:
    """One row per unit at the horizon ``year`` (PERCENT levels, pp gains, firms per 10,000 SMEs).

    Columns: geo_level, geo_id, year, base_p05…p95, scen_p05…p95, gain_p05…p95, p_gain_gt_1pp,
    years_gained_p05/p50/p95, additional_per_10k_p05/p50/p95 (additional adopters, all levers),
    supported_per_10k_p50 (firms using funding support, cumulative from the start year), and the median
    yearly hazard lifts in PERCENT while the policy acts: funding_lift_p50 (β_F·R_F·f·C, saturated) and
    training_lift_p50 (β_T·τ). ``horizon`` = :func:`horizon_columns`.
    """
    return pd.DataFrame({"geo_level": list(units.geo_level), "geo_id": list(units.geo_id),
                         "year": np.full(len(units), year, dtype=np.int64), **horizon})


def validation_stats(spec: ModelSpec, raw: Raw, units: Units) -> dict[str, float]:
    """National baseline in the validation year vs the band (PERCENT): year, band_lower, band_upper, p05, p50,
    p95, share_in_band (share of draws inside the band)."""
    row = int(np.searchsorted(raw.years, spec.validation_year))
    values = raw.base[row, units.national] * 100
    lo, hi = spec.validation_band
    stats = percentiles(values, (5, 50, 95))
    return {"year": spec.validation_year, "band_lower": lo, "band_upper": hi,
            "p05": stats[0], "p50": stats[1], "p95": stats[2],
            "share_in_band": float(((values >= lo) & (values <= hi)).mean())}


@dataclass(frozen=True)
class Result:
    """One scenario run: the percentiles as arrays, and the tables built from them on first use (then kept).

    ``stats`` = :func:`path_stats` (fractions), ``horizon`` = :func:`horizon_columns`, ``checks`` =
    :func:`validation_stats`. Shared by every session that runs the same scenario: treat all of it as read-only.
    """

    scenario: Scenario
    n_draws: int
    seed: int
    years: np.ndarray
    units: Units
    stats: np.ndarray
    horizon: Mapping[str, np.ndarray]
    checks: Mapping[str, float]

    @cached_property
    def paths(self) -> pd.DataFrame:
        """See :func:`paths_frame`."""
        return paths_frame(self.stats, self.years, self.units)

    @cached_property
    def summary(self) -> pd.DataFrame:
        """See :func:`summary_frame`."""
        return summary_frame(self.horizon, int(self.years[-1]), self.units)

    @cached_property
    def validation(self) -> pd.DataFrame:
        """One row, see :func:`validation_stats`."""
        return pd.DataFrame([dict(self.checks)])


def run(scenario: Scenario | None = None, *, n_draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
        spec: ModelSpec | None = None, units: Units | None = None, levels: Collection[str] | None = None) -> Result:
    """Simulate ``scenario`` (default: the parameter file's defaults) against its reference.

    The reference ("no additional policy — not a forecast") is the baseline of the same draws. ``levels``: keep
    only the units of these geo levels and the nation (whose 2020 level sets the diffusion coefficients); their
    numbers equal those of a run of all units bit for bit (the same draws: every unit keeps its column of
    common random numbers, and units interact only through the nation).
    """
    spec = spec or load_spec()
    units = units or load_units()
    scenario = scenario or default_scenario(spec)
    draws = draw(spec, scenario, units, n_draws, seed)
    if levels is not None:
        keep = [i for i, level in enumerate(units.geo_level) if level == "nation" or level in levels]
        units, draws = units.subset(keep), draws.subset(keep)
    raw = evaluate(spec, scenario.levers, draws, units)
    stats = path_stats(raw)
    return Result(scenario, n_draws, seed, raw.years, units, stats, horizon_columns(raw, stats),
                  validation_stats(spec, raw, units))
