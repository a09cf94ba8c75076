"""Generalized-Bass diffusion (Bass 1969; Bass, Krishnan & Jain 1994), vectorised with numpy.

All shares are fractions 0–1, times are years since the base year. With y = F/m the baseline is the Bass
hazard ``dF/dt = (p + q·F/m)·(m − F)``, solved in closed form. The policy scenario multiplies the hazard
by x ≥ 1 (the GBM "current effort" term) and lets policy-induced adopters pull others with weight
q_spill; it is integrated as the induced share D = F_pol − F_base (explicit Euler on a fine grid), so
that x = 1 gives D = 0 exactly and the scenario equals the baseline bit for bit.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Euler sub-steps per year for the induced share.
STEPS_PER_YEAR = 4
_TINY = 1e-12


def bass_coefficients(
    speed: np.ndarray, external_share: np.ndarray, ceiling: np.ndarray, f0: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Bass p and q such that the logit of the share F0 (fraction) rises by ``speed`` per year at t = 0.

    The hazard h0 = speed·F0(1−F0)/(m−F0) is split into an external part p = π·h0 and an imitation part
    q·F0/m = (1−π)·h0 (π = ``external_share``). Arrays broadcast; needs ceiling > F0.
    """
    h0 = speed * f0 * (1.0 - f0) / (ceiling - f0)
    p = external_share * h0
    q = (1.0 - external_share) * h0 * ceiling / f0
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


def bass_time(share: np.ndarray, p: np.ndarray, q: np.ndarray, m: np.ndarray, f0: np.ndarray) -> np.ndarray:
    """Inverse of :func:`bass_share`: years after t = 0 at which the baseline reaches ``share`` (< m)."""
    r = q / p
    y0 = f0 / m
    y = np.minimum(share / m, 1.0 - _TINY)
    k = (1.0 - y0) / (1.0 + r * y0)
    z = (1.0 - y) / (1.0 + r * y)
    return -np.log(z / k) / (p + q)


@dataclass(frozen=True)
class Induced:
    """Policy-induced share D at the end of each policy year (years+1, ...) and the time integral of the
    share of non-adopters 1 − F_pol over the policy window (years × share)."""

    yearly: np.ndarray
    non_adopter_years: np.ndarray


def induced_share(
    t0: float,
    years: int,
    p: np.ndarray,
    q: np.ndarray,
    m: np.ndarray,
    f0: np.ndarray,
    x: np.ndarray,
    spill: np.ndarray,
    steps_per_year: int = STEPS_PER_YEAR,
) -> Induced:
    """Integrate the policy-induced share D = F_pol − F_base from t0 for ``years`` years.

    p, q, m, f0, spill and the hazard multiplier x broadcast together. Policy hazard:
    ``h_pol = (p + q·(F_base + q_spill·D)/m)·x``, so one Euler step of length dt is
    ``D += dt·[x·(h_base + q·q_spill·D/m)·(m − F_base − D) − h_base·(m − F_base)]``
    with F_base from the closed form. D starts at 0, stays in [0, m − F_base], is exactly 0 when x = 1,
    and each step is non-decreasing in D and in x (for dt·x·(p+q) ≤ 1), so D is monotone in every lever.
    """
    dt = 1.0 / steps_per_year
    shape = np.broadcast_shapes(np.shape(p), np.shape(m), np.shape(f0), np.shape(x))
    d = np.zeros(shape)
    yearly = np.zeros((years + 1, *shape))
    non_adopters = np.zeros(shape)
    pull = q * spill / m
    q_m = q / m
    x_dt = x * dt
    # closed-form baseline m·(1−e)/(1+r·e) with e = k·exp(−(p+q)·t), advanced by a constant factor per step
    r = q / p
    y0 = f0 / m
    e = (1.0 - y0) / (1.0 + r * y0) * np.exp(-(p + q) * t0)
    decay = np.exp(-(p + q) * dt)
    base = m * (1.0 - e) / (1.0 + r * e)
    # work arrays reused by every step (the same operations in the same order as the formulas above; fresh
    # temporaries of this size cost more in page faults than the arithmetic when the run is in a new thread)
    e = np.broadcast_to(e, shape).copy()
    base = np.broadcast_to(base, shape).copy()
    h_base, room, flow, step, other = (np.empty(shape) for _ in range(5))
    for j in range(years * steps_per_year):
        np.multiply(q_m, base, out=h_base)
        h_base += p
        np.subtract(m, base, out=room)
        np.multiply(h_base, room, out=flow)
        flow *= dt
        np.subtract(1.0, base, out=other)
        other -= d
        non_adopters += other
        np.multiply(pull, d, out=step)
        step += h_base
        np.subtract(room, d, out=other)
        step *= other
        step *= x_dt
        step -= flow
        d += step
        e *= decay
        np.subtract(1.0, e, out=base)  # base = m·(1 − e)/(1 + r·e)
        base *= m
        np.multiply(r, e, out=other)
        other += 1.0
        base /= other
        np.subtract(m, base, out=other)
        np.clip(d, 0.0, other, out=d)
        if (j + 1) % steps_per_year == 0:
            yearly[(j + 1) // steps_per_year] = d
    return Induced(yearly, non_adopters * dt)
