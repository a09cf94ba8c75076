"""Policy levers → hazard multipliers, and the firms-reached cross-check against city pilot plans.

Notation of the research design (model-evidence §4.1): f = funding coverage, τ = training coverage,
σ = school–enterprise coverage (shares of non-adopting SMEs per year), R_F = reach of the design,
C = capability index 0–1. Funding works only through capability: g_F = β_F·R_F·f·C, and
x = [1 + g_F/(1 + κ·g_F)]·[1 + β_T·τ] with C = min(1, C0 + γ·(τ + σ)) (x is formed in
``simulate.evaluate``; it is exactly 1 when f = τ = 0).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from smedx.model.params import ModelSpec, Param

YUAN_PER_YI = 1e8
YUAN_PER_WAN = 1e4


def reach(design: int, u: np.ndarray, param: Param) -> np.ndarray:
    """R_F (share of offered firms using the support per year): log-uniform inside the design option's range.

    ``u`` are common uniforms, so a better design (higher range) gives a higher R_F draw by draw.
    """
    lo, hi = param.options[int(design)].reach
    return np.exp(np.log(lo) + u * (np.log(hi) - np.log(lo)))


def capability(f0: np.ndarray, scale: np.ndarray, gamma: np.ndarray, training: float, school: float) -> np.ndarray:
    """Capability index C = min(1, scale·F0 + γ·(τ + σ)); F0 and the coverages are fractions."""
    return np.minimum(1.0, scale * f0 + gamma * (training + school))


def funding_lift(
    funding: float, reach_f: np.ndarray, capability_c: np.ndarray, beta_f: np.ndarray, kappa: np.ndarray
) -> np.ndarray:
    """Proportional hazard lift of funding g_F/(1 + κ·g_F) with g_F = β_F·R_F·f·C (a fraction ≥ 0).

    It is small by construction: f counts offers, only R_F of them use the support, and the lift β_F acts
    only in proportion to capability C (≈ the unit's 2020 share), so four factors below or near 1 multiply.
    """
    g = beta_f * reach_f * funding * capability_c
    return g / (1.0 + kappa * g)


def firms_funded(award_yi: float, retrofit_share: float, subsidy_wan: float) -> float:
    """Firms a central award can fund: award (亿元) × share to retrofits / subsidy per firm (万元)."""
    return award_yi * YUAN_PER_YI * retrofit_share / (subsidy_wan * YUAN_PER_WAN)


def plan_targets(cities: pd.DataFrame | None = None) -> pd.DataFrame:
    """Firm targets of published city pilot plans (confidence V / V-inf) from ``data/pilot_cities.csv``.

    Columns: adcode, name_zh, name_en, target_firms, target_year, confidence, source_id, locator.
    """
    if cities is None:
        from smedx.tracker import reference

        cities = reference.cities()
    rows = cities[cities["target_firms"].notna() & cities["confidence"].isin(["V", "V-inf"])]
    columns = ["adcode", "name_zh", "name_en", "target_firms", "target_year", "confidence", "source_id", "locator"]
    out = rows[columns].reset_index(drop=True)
    out["target_firms"] = pd.to_numeric(out["target_firms"]).astype(int)
    return out


def pilot_check(spec: ModelSpec, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Firms implied by the 117号 award caps at the per-firm subsidy caps vs pilot-plan targets.

    One row per (award cap, subsidy cap): award_yi, retrofit_share, subsidy_wan, firms (implied),
    target_min, target_max (firms in the published city plans) and ``same_order`` (within a factor 3).
    Plans also count locally co-funded firms (企业出一点、服务商让一点、政府补一点), so targets above the
    implied number are expected.
    """
    check = spec.policy_check
    firms_target = (plan_targets() if targets is None else targets)["target_firms"]
    lo, hi = int(firms_target.min()), int(firms_target.max())
    rows = []
    for award in check.award_yi:
        for subsidy in check.subsidy_wan:
            firms = firms_funded(award, check.retrofit_share, subsidy)
            rows.append({
                "award_yi": award, "retrofit_share": check.retrofit_share, "subsidy_wan": subsidy,
                "firms": firms, "target_min": lo, "target_max": hi, "same_order": lo / 3 <= firms <= hi * 3,
            })
    return pd.DataFrame(rows)
