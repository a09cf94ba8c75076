"""Monte Carlo of baseline and scenario with common random numbers; per-unit results at the horizon.

Every draw uses the same uniforms for the baseline and the scenario, and for every scenario with the same seed and
number of draws (one column per assumption, one for the design's reach, one for the SME count, one per unit for
interval-valued 2020 levels). So differences between scenarios reflect the levers, not sampling noise. Levels are
reported in PERCENT, gains in percentage points (pp), counts in firms or firms per 10,000 SMEs of the unit, money in
亿元 and 万元.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from smedx.model import diffusion, programme
from smedx.model.baseline import Units, load_sme_count, load_units
from smedx.model.params import ModelSpec, Param, Scenario, default_scenario, load_spec

DEFAULT_DRAWS = 2000
DEFAULT_SEED = 2020
PERCENTILES = (5, 25, 50, 75, 95)
STAT_COLUMNS = ("p05", "p25", "p50", "p75", "p95")
PER_10K = 10_000
#: Fewest draws a calibration to 2021 may keep; with fewer, the run keeps all draws and says the fit failed.
MIN_KEPT = 100
#: Variants of the policy channel for the attribution: (funding on, training on).
VARIANTS = {"both": (1.0, 1.0), "funding": (1.0, 0.0), "training": (0.0, 1.0)}


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
    """Assumption values per draw in MODEL units (fractions, per-year rates, firms), the reach uniform, the SME
    count (firms) and the 2020 levels ``f0`` of shape (units, draws). Draws are on the LAST axis of every array."""

    values: Mapping[str, np.ndarray]
    u_reach: np.ndarray
    smes: np.ndarray
    f0: np.ndarray

    @property
    def n(self) -> int:
        return len(self.u_reach)

    def subset(self, keep: list[int]) -> Draws:
        """The same draws for the units at the indices ``keep``."""
        return Draws(self.values, self.u_reach, self.smes, np.ascontiguousarray(self.f0[keep]))


def common_uniforms(n_draws: int, n_columns: int, seed: int) -> np.ndarray:
    """The (draws, columns) matrix of common uniforms for a seed."""
    return np.random.default_rng(seed).random((n_draws, n_columns))


def draws_from_uniforms(spec: ModelSpec, scenario: Scenario, units: Units, u: np.ndarray) -> Draws:
    """Assumption values inside the scenario's ranges, the reach uniform, SME count and 2020 levels from the
    uniforms ``u`` (draws, assumptions + 2 + units). The pilot segment's level is the assumption ``segment_level``,
    kept below the ceiling."""
    params = spec.assumptions
    values = {}
    for i, param in enumerate(params):
        lo, hi = scenario.assumptions[param.id]
        values[param.id] = draw_value(param, lo, hi, u[:, i]) * param.scale
    k = len(params)
    low, high = load_sme_count()
    f0 = np.ascontiguousarray(units.levels(u[:, k + 2:]).T)
    if units.segment is not None:
        f0[units.segment] = np.minimum(values["segment_level"], 0.99 * values["ceiling"])
    return Draws(values, u[:, k].copy(), low + u[:, k + 1] * (high - low), f0)


def draw(spec: ModelSpec, scenario: Scenario, units: Units, n_draws: int = DEFAULT_DRAWS,
         seed: int = DEFAULT_SEED) -> Draws:
    """Draw all assumptions inside the scenario's ranges and the 2020 levels (common random numbers)."""
    return draws_from_uniforms(spec, scenario, units, common_uniforms(n_draws, len(spec.assumptions) + 2 + len(units),
                                                                      seed))


@dataclass(frozen=True)
class Raw:
    """Per-draw results, draws on the last axis. Yearly shares (years, units, draws) as fractions, year labels at
    the ends of years (index 0 is the 2020 level); at the horizon (units, draws): the gain of each attribution
    variant (fractions; zeros where a lever is off), the pulled-forward and lasting parts of the gain, the
    cumulative supported, trained and spillover shares, and the additional adopters of funding and training
    (shares of the unit's SMEs); the firm count of each unit (firms; NaN where no count exists)."""

    years: np.ndarray
    base: np.ndarray
    scen: np.ndarray
    variant_gain: Mapping[str, np.ndarray]
    pulled: np.ndarray
    lasting: np.ndarray
    supported: np.ndarray
    trained: np.ndarray
    spilled: np.ndarray
    additional_funding: np.ndarray
    additional_training: np.ndarray
    firms: np.ndarray
    alpha_funding: np.ndarray

    def keep(self, mask: np.ndarray) -> Raw:
        """The draws where ``mask`` is true."""
        pick = {name: getattr(self, name)[..., mask] for name in (
            "base", "scen", "pulled", "lasting", "supported", "trained", "spilled", "additional_funding",
            "additional_training", "firms", "alpha_funding")}
        return Raw(self.years, variant_gain={k: v[..., mask] for k, v in self.variant_gain.items()}, **pick)


def _targets(levers: Mapping[str, float], draws: Draws, units: Units) -> tuple[np.ndarray, ...]:
    """Yearly support and training as shares of each unit's SMEs (units, draws) and each unit's firm count.

    Geographic units get the national intensity (firms per SME; the allocation between places is not modelled);
    the pilot segment gets all supported firms (the pilots fund firms in it) and the national training intensity.
    """
    supported_firms = programme.firms_funded(levers["budget"], levers["retrofit_share"], levers["subsidy"])
    firms = np.full((len(units), draws.n), np.nan)
    firms[units.national] = draws.smes
    support = np.broadcast_to(supported_firms / draws.smes, firms.shape).copy()
    if units.segment is not None:
        firms[units.segment] = draws.values["segment_size"]
        support[units.segment] = supported_firms / draws.values["segment_size"]
    training = np.broadcast_to(levers["trained"] / draws.smes, firms.shape)
    return support, training, firms


def evaluate(spec: ModelSpec, lever_values: Mapping[str, float], draws: Draws, units: Units) -> Raw:
    """Run baseline and scenario for one set of lever values (user units) on given draws."""
    v = draws.values
    base_year = spec.base_year
    horizon = int(lever_values["horizon"])
    # the policy acts from 1 January of the start year (t = start − 1 − base year) to the end of the end year
    start = min(max(int(lever_values["start_year"]), base_year + 1), horizon + 1)
    first = start - 1 - base_year
    policy_years = max(0, int(lever_values["end_year"]) - start + 1)

    f0, m = draws.f0, v["ceiling"]
    p, q = diffusion.bass_coefficients(v["speed"], m, f0[units.national], spec.bass_split)
    years = np.arange(base_year, horizon + 1)
    base = diffusion.bass_share((years - base_year).astype(float)[:, None, None], p, q, m, f0)
    base[0] = f0  # the base year is the data, not a rounding of the closed form

    lo, hi = spec.params["design"].options[int(lever_values["design"])].reach  # type: ignore[misc]
    reach = np.broadcast_to(np.exp(np.log(lo) + draws.u_reach * (np.log(hi) - np.log(lo))), f0.shape).copy()
    follow = None
    if units.segment is not None:
        # the design's reach caps the nation's eligible firms; the segment gets the nation's supported firms,
        # up to its own firms not yet at level 2+
        reach[units.segment] = 1.0
        follow = (units.segment, units.national, draws.smes / v["segment_size"])
    alpha_t = v["alpha_intensive"] if int(lever_values["intensity"]) == 1 else v["alpha_light"]
    support, training, firms = _targets(lever_values, draws, units)
    on = {"funding": lever_values["budget"] > 0, "training": lever_values["trained"] > 0}
    # the attribution needs the single-lever runs only when both levers act; stacked on a leading axis
    names = list(VARIANTS) if all(on.values()) else ["both"]
    switch = np.array([VARIANTS[n] for n in names])[:, :, None, None]
    run = diffusion.treated(first, policy_years, horizon - first - base_year, p, q, m, f0, support * switch[:, 0],
                            training * switch[:, 1], reach, v["alpha_funding"], alpha_t, v["spillover"], follow)
    induced = run.pulled + run.lasting  # (years from t0, variants, units, draws)
    scen = base.copy()
    scen[first:] = np.minimum(scen[first:] + induced[:, 0], 1.0)
    zeros = np.zeros_like(f0)
    gains = {n: induced[-1, i] for i, n in enumerate(names)}
    # with one lever off, the other lever's own run is the full run
    variant_gain = {"both": gains["both"], **{n: gains.get(n, gains["both"] if on[n] else zeros) for n in on}}
    both = 0
    return Raw(years, base, scen, variant_gain, run.pulled[-1, both], run.lasting[-1, both], run.supported[both],
               run.trained[both], run.spilled[both], v["alpha_funding"] * run.supported[both],
               alpha_t * run.trained[both], firms, v["alpha_funding"])


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
#: Per-unit quantities at the horizon with their five percentiles (name → how to get them from a Raw and the
#: lever values). Shares are turned into PERCENT / pp or per 10,000 SMEs in horizon_columns.
BANDED = ("supported", "trained", "additional_funding", "additional_training", "spilled", "pulled", "lasting")


def horizon_columns(raw: Raw, stats: np.ndarray, levers: Mapping[str, float]) -> dict[str, np.ndarray]:
    """Per-unit numbers at the horizon year, in the column order of :func:`summary_frame` (without the unit and
    year columns).

    ``base_*``, ``scen_*`` PERCENT; ``gain_*`` pp; ``gain_mean`` and the attribution ``attr_funding``,
    ``attr_training``, ``attr_interaction`` (means over draws in pp; they add up to ``gain_mean`` exactly);
    ``<q>_per_10k_<p>`` for q in supported, trained, additional_funding, additional_training, spilled, pulled,
    lasting (firms per 10,000 SMEs of the unit); ``<q>_firms_<p>`` for q in gain, additional_funding,
    additional_training, spilled, pulled, lasting, and ``supported_firms_p50``, ``trained_firms_p50`` (firms; NaN
    where the unit has no firm count); ``spend_yi_p50`` (亿元 spent over the policy window), ``cost_supported_wan``
    (万元 per supported firm, platform share included) and ``cost_additional_wan_<p>`` (万元 per additional
    adopter of funding).
    """
    out: dict[str, np.ndarray] = {}
    for i, prefix in enumerate(("base", "scen", "gain")):
        for k, col in enumerate(STAT_COLUMNS):
            out[f"{prefix}_{col}"] = stats[k, i, -1] * 100
    gain = raw.variant_gain["both"]
    out["gain_mean"] = gain.mean(axis=-1) * 100
    funding, training = raw.variant_gain["funding"].mean(axis=-1), raw.variant_gain["training"].mean(axis=-1)
    out["attr_funding"], out["attr_training"] = funding * 100, training * 100
    out["attr_interaction"] = out["gain_mean"] - out["attr_funding"] - out["attr_training"]
    banded = np.stack([getattr(raw, name) for name in BANDED])
    per_10k = percentiles(banded * PER_10K)
    for j, name in enumerate(BANDED):
        for k, col in enumerate(STAT_COLUMNS):
            out[f"{name}_per_10k_{col}"] = per_10k[k, j]
    counted_names = ("gain", "additional_funding", "additional_training", "spilled", "pulled", "lasting")
    counted = np.stack([gain, *(getattr(raw, n) for n in counted_names[1:]), raw.supported, raw.trained]) * raw.firms
    firms = percentiles(counted)
    for j, name in enumerate(counted_names):
        for k, col in enumerate(STAT_COLUMNS):
            out[f"{name}_firms_{col}"] = firms[k, j]
    out["supported_firms_p50"], out["trained_firms_p50"] = firms[2, -2], firms[2, -1]
    per_supported = levers["subsidy"] / (levers["retrofit_share"] / 100)  # 万元 of budget per supported firm
    out["spend_yi_p50"] = out["supported_firms_p50"] * per_supported / programme.WAN_PER_YI
    out["cost_supported_wan"] = np.full(len(gain), per_supported if levers["budget"] > 0 else np.nan)
    # money per additional adopter = money per supported firm / α_F: its percentiles are those of α_F reversed
    alpha = percentiles(raw.alpha_funding)[::-1]
    with np.errstate(divide="ignore"):
        cost = np.where(alpha > 0, per_supported / np.where(alpha > 0, alpha, 1.0), np.inf)
    for k, col in enumerate(STAT_COLUMNS):
        out[f"cost_additional_wan_{col}"] = np.full(len(gain), cost[k] if levers["budget"] > 0 else np.nan)
    return out


def summary_frame(horizon: Mapping[str, np.ndarray], year: int, units: Units) -> pd.DataFrame:
    """One row per unit at the horizon ``year``; columns geo_level, geo_id, year and :func:`horizon_columns`."""
    return pd.DataFrame({"geo_level": list(units.geo_level), "geo_id": list(units.geo_id),
                         "year": np.full(len(units), year, dtype=np.int64), **horizon})


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


def validation_stats(spec: ModelSpec, raw: Raw, units: Units) -> dict[str, float]:
    """National reference in the validation year vs the band (PERCENT): year, band_lower, band_upper, p05, p50,
    p95, share_in_band (share of draws inside the band) and passed (1.0 when the median lies in the band)."""
    row = int(np.searchsorted(raw.years, spec.validation_year))
    values = raw.base[row, units.national] * 100
    lo, hi = spec.validation_band
    stats = percentiles(values, (5, 50, 95))
    return {"year": spec.validation_year, "band_lower": lo, "band_upper": hi,
            "p05": stats[0], "p50": stats[1], "p95": stats[2],
            "share_in_band": float(((values >= lo) & (values <= hi)).mean()),
            "passed": float(lo <= stats[1] <= hi)}


def _in_band(spec: ModelSpec, raw: Raw, units: Units) -> np.ndarray:
    row = int(np.searchsorted(raw.years, spec.validation_year))
    values = raw.base[row, units.national] * 100
    lo, hi = spec.validation_band
    return (values >= lo) & (values <= hi)


@dataclass(frozen=True)
class Result:
    """One scenario run: the percentiles as arrays, and the tables built from them on first use (then kept).

    ``stats`` = :func:`path_stats` (fractions), ``horizon`` = :func:`horizon_columns`, ``checks`` =
    :func:`validation_stats` of the draws kept plus ``calibration`` (0 anchor, 1 fit to 2021), ``kept`` (draws kept) and
    ``fit_failed`` (1.0 when a fit kept fewer than MIN_KEPT draws, so all were used). Shared by every session that
    runs the same scenario: treat all of it as read-only.
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
    """Simulate ``scenario`` (default: the programme as announced) against its reference.

    The reference ("no additional policy — not a forecast") is the baseline of the same draws. ``levels``: keep
    only the units of these geo levels, the nation (whose 2020 level sets the diffusion coefficients) and the pilot
    segment; their numbers equal those of a run of all units bit for bit (the same draws: every unit keeps its
    column of common random numbers, and units interact only through the nation).
    """
    spec = spec or load_spec()
    units = units or load_units()
    scenario = scenario or default_scenario(spec)
    draws = draw(spec, scenario, units, n_draws, seed)
    if levels is not None:
        keep = [i for i, level in enumerate(units.geo_level) if level in {"nation", "segment", *levels}]
        units, draws = units.subset(keep), draws.subset(keep)
    raw = evaluate(spec, scenario.levers, draws, units)
    kept, failed = n_draws, 0.0
    if scenario.levers["calibration"] == 1:
        mask = _in_band(spec, raw, units)
        if mask.sum() >= MIN_KEPT:
            raw, kept = raw.keep(mask), int(mask.sum())
        else:
            failed = 1.0
    checks = validation_stats(spec, raw, units)  # of the draws kept
    checks |= {"calibration": float(scenario.levers["calibration"]), "kept": float(kept), "fit_failed": failed}
    stats = path_stats(raw)
    return Result(scenario, n_draws, seed, raw.years, units, stats, horizon_columns(raw, stats, scenario.levers),
                  checks)
