"""Bass diffusion (Bass 1969) in closed form, and the policy channel of treated firms, vectorised with numpy.

All shares are fractions 0–1 of a unit's SMEs, times are years since the base year. The baseline is the Bass hazard
``dF/dt = (p + q·F/m)·(m − F)``, solved in closed form. The policy channel (research notes model-v2 §3) works in
treated firms: each year a share s of the unit's SMEs is supported and a share τ trained; α_F·s + α_T·τ of them
adopt because of it (additional adopters; the rest would have adopted anyway, deadweight). The induced share
D = F_pol − F_base is split into P (firms from the baseline's eventual adopters, who would have adopted later:
pulled forward) and L (firms from beyond the ceiling m, who would never have adopted: lasting), and induced adopters
pull others through the imitation term with weight q_spill. It is integrated by explicit Euler on a fine grid; with
no support and no training D = 0 exactly, so the scenario equals the baseline bit for bit.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Euler sub-steps per year of the policy channel.
STEPS_PER_YEAR = 4
_TINY = 1e-12


def bass_coefficients(
    speed: np.ndarray, ceiling: np.ndarray, f0: np.ndarray, split: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """Bass p and q such that the logit of the share F0 (fraction) rises by ``speed`` per year at t = 0.

    The hazard h0 = speed·F0(1−F0)/(m−F0) is split into an external part p = π·h0 and an imitation part
    q·F0/m = (1−π)·h0, with π = p̄/(p̄ + q̄·F0/m) from reference coefficients ``split`` = (p̄, q̄) (the Bass
    meta-analysis averages). Arrays broadcast; needs ceiling > F0.
    """
    ref_p, ref_q = split
    h0 = speed * f0 * (1.0 - f0) / (ceiling - f0)
    external = ref_p / (ref_p + ref_q * f0 / ceiling)
    p = external * h0
    q = (1.0 - external) * h0 * ceiling / f0
    return p, q


def bass_share(t: np.ndarray | float, p: np.ndarray, q: np.ndarray, m: np.ndarray, f0: np.ndarray) -> np.ndarray:
    """Closed-form Bass share at time ``t`` (years) from F(0) = f0; all arguments broadcast.

    Computes m·(1 − e)/(1 + r·e) with e = k·exp(−(p+q)·t) in two arrays of the full shape (the model calls it
    for every year × unit × draw; fresh temporaries of that size cost more than the arithmetic).
    """
    r = q / p
    y0 = f0 / m
    k = (1.0 - y0) / (1.0 + r * y0)
    shape = np.broadcast_shapes(np.shape(t), np.shape(p), np.shape(q), np.shape(m), np.shape(f0))
    e = np.multiply(-(p + q), t, out=np.empty(shape))
    np.exp(e, out=e)
    np.multiply(k, e, out=e)
    share = np.subtract(1.0, e, out=np.empty(shape))
    np.multiply(m, share, out=share)
    np.multiply(r, e, out=e)
    np.add(1.0, e, out=e)
    np.divide(share, e, out=share)
    return share if shape else share[()]


@dataclass(frozen=True)
class Treated:
    """The policy channel from t0 on: pulled-forward and lasting induced shares P and L at the end of each year
    (index 0 = t0, where both are 0), and over the policy window the cumulative supported and trained shares and,
    over the whole run, the cumulative spillover adoptions (shares × years summed per year = shares of the unit's
    SMEs)."""

    pulled: np.ndarray
    lasting: np.ndarray
    supported: np.ndarray
    trained: np.ndarray
    spilled: np.ndarray


def treated(
    t0: int, policy_years: int, years: int, p: np.ndarray, q: np.ndarray, m: np.ndarray, f0: np.ndarray,
    support: np.ndarray, training: np.ndarray, reach: np.ndarray, alpha_f: np.ndarray, alpha_t: np.ndarray,
    spill: np.ndarray, follow: tuple[int, int, np.ndarray] | None = None, steps_per_year: int = STEPS_PER_YEAR,
) -> Treated:
    """Integrate the policy channel from t0 for ``years`` years, the policy acting in the first ``policy_years``.

    ``support`` and ``training`` are the yearly shares of the unit's SMEs the budget can support and the programme
    trains; the support reached in a year is capped at ``reach`` × the not-yet-adopted share (the design), training
    at the not-yet-adopted share, and the additional adopters of both at the not-yet-adopted share. All arrays
    broadcast (variants × units × draws). Per Euler step of length dt,
    with F the baseline (closed form), D = P + L, n = 1 − F − D and a = α_F·s + α_T·τ::

        P += dt·[a·(m − F − P)/n + q·q_spill·D/m·(m − F − P) − (p + q·F/m)·P]
        L += dt·a·(1 − m − L)/n

    The additional adopters are drawn from the not-yet-adopted in proportion: from the baseline's future adopters
    (P; the baseline catches up with them, the −(p + q·F/m)·P term) and from beyond the ceiling (L; lasting).
    ``follow`` = (unit i, unit j, ratio): unit i is a part of unit j whose support cannot exceed unit j's support
    reached that step × ratio (firms of j per firm of i), e.g. the pilot segment within the nation.
    """
    dt = 1.0 / steps_per_year
    shape = np.broadcast_shapes(np.shape(m), np.shape(f0), np.shape(support), np.shape(training), np.shape(reach))
    pulled, lasting = np.zeros(shape), np.zeros(shape)
    out_p, out_l = np.zeros((years + 1, *shape)), np.zeros((years + 1, *shape))
    supported, trained, spilled = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    pull = q * spill / m
    r = q / p
    y0 = f0 / m
    # the baseline is the same for every variant (leading axes of support/training): kept at units × draws
    e = np.broadcast_to((1.0 - y0) / (1.0 + r * y0) * np.exp(-(p + q) * t0), np.broadcast_shapes(
        np.shape(m), np.shape(f0), np.shape(p))).copy()
    decay = np.exp(-(p + q) * dt)
    base = m * (1.0 - e) / (1.0 + r * e)
    never = 1.0 - m
    funds, trains = bool(np.any(support)), bool(np.any(training))
    policy_steps = max(0, min(policy_years, years)) * steps_per_year
    for j in range(years * steps_per_year):
        induced = pulled + lasting
        room = m - base - pulled  # the baseline's future adopters not yet induced
        spill_flow = pull * induced
        spill_flow *= room
        d_pulled = spill_flow - (p + q * base / m) * pulled
        if j < policy_steps and (funds or trains):
            waiting = np.maximum(1.0 - base - induced, _TINY)
            flow = np.zeros(shape)
            if funds:
                s = np.minimum(support, reach * waiting)
                if follow is not None:
                    part, whole, ratio = follow
                    s[..., part, :] = np.minimum(s[..., part, :], s[..., whole, :] * ratio)
                supported += s
                flow += alpha_f * s
            if trains:  # a firm may be both supported and trained: training is capped by the not-yet-adopted
                tau = np.minimum(training, waiting)
                trained += tau
                flow += alpha_t * tau
                np.minimum(flow, waiting, out=flow)  # no more additional adopters than firms left to adopt
            flow /= waiting  # additional adopters per not-yet-adopted firm
            d_pulled += flow * room
            lasting += dt * flow * (never - lasting)
        spilled += spill_flow
        pulled += dt * d_pulled
        e *= decay
        base = m * (1.0 - e) / (1.0 + r * e)
        np.clip(pulled, 0.0, m - base, out=pulled)
        if (j + 1) % steps_per_year == 0:
            out_p[(j + 1) // steps_per_year] = pulled
            out_l[(j + 1) // steps_per_year] = lasting
    return Treated(out_p, out_l, supported * dt, trained * dt, spilled * dt)
