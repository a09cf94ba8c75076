"""Bass closed form and the policy channel of treated firms."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smedx.model import diffusion

P, Q, M, F0 = 0.01, 0.4, 0.8, 0.329
SPLIT = (0.03, 0.38)


def _run(support: float = 0.0, training: float = 0.0, alpha_f: float = 0.5, alpha_t: float = 0.2,
         spill: float = 0.0, reach: float = 1.0, f0: float | np.ndarray = F0, policy_years: int = 5,
         years: int = 5, steps: int = diffusion.STEPS_PER_YEAR, m: float = M) -> diffusion.Treated:
    f = np.atleast_1d(np.asarray(f0, dtype=float))
    return diffusion.treated(0, policy_years, years, P, Q, m, f, np.full_like(f, support), np.full_like(f, training),
                             np.full_like(f, reach), alpha_f, alpha_t, spill, steps_per_year=steps)


def test_closed_form_starts_at_f0_and_solves_the_ode() -> None:
    assert diffusion.bass_share(0.0, P, Q, M, F0) == pytest.approx(F0, abs=1e-15)
    t, h = 2.0, 1e-6
    f = diffusion.bass_share(t, P, Q, M, F0)
    slope = (diffusion.bass_share(t + h, P, Q, M, F0) - diffusion.bass_share(t - h, P, Q, M, F0)) / (2 * h)
    assert slope == pytest.approx((P + Q * f / M) * (M - f), rel=1e-6)


def test_coefficients_reproduce_the_logit_speed_and_the_meta_analysis_split() -> None:
    p, q = diffusion.bass_coefficients(np.float64(0.2), np.float64(M), np.float64(F0), SPLIT)
    h = (p + q * F0 / M) * (M - F0)
    assert h / (F0 * (1 - F0)) == pytest.approx(0.2)
    assert p / (p + q * F0 / M) == pytest.approx(0.03 / (0.03 + 0.38 * F0 / M))


def test_two_point_fit_would_need_a_fast_speed() -> None:
    """Research notes §2.1 [C]: logit slope 0.50/yr from 32.9 → 44.8."""
    slope = np.log(0.448 / 0.552) - np.log(0.329 / 0.671)
    assert slope == pytest.approx(0.504, abs=1e-3)


def test_no_support_and_no_training_gives_exactly_zero() -> None:
    out = _run(f0=np.array([F0, 0.4]), spill=0.7)
    assert not out.pulled.any() and not out.lasting.any() and not out.spilled.any()


def test_additional_adopters_are_alpha_times_supported() -> None:
    """Small support: the induced share after one year ≈ α × supported (split between pulled and lasting in
    proportion to the not-yet-adopted inside and beyond the ceiling)."""
    out = _run(support=1e-4, alpha_f=0.8, policy_years=1, years=1, steps=200)
    assert out.supported[0] == pytest.approx(1e-4, rel=1e-9)
    induced = out.pulled[-1, 0] + out.lasting[-1, 0]
    assert 0.92 * 0.8e-4 < induced < 0.8e-4  # minus the baseline catching up on the pulled-forward within the year
    # lasting: the share of additional adopters from beyond the ceiling, (1 − m)/(1 − F), as F rises over the year
    f1 = diffusion.bass_share(1.0, P, Q, M, F0)
    assert 0.8e-4 * (1 - M) / (1 - F0) < out.lasting[-1, 0] < 0.8e-4 * (1 - M) / (1 - f1)


def test_the_reach_cap_limits_support() -> None:
    out = _run(support=0.5, reach=0.01, policy_years=1, years=1)
    f1 = diffusion.bass_share(1.0, P, Q, M, F0)
    # a hundredth of the not-yet-adopted, as they fall over the year
    assert 0.01 * (1 - f1) * 0.95 < out.supported[0] < 0.01 * (1 - F0)


def test_the_pulled_forward_part_decays_after_the_policy_and_the_lasting_part_stays() -> None:
    out = _run(support=0.01, policy_years=2, years=10)
    assert out.pulled[2, 0] > out.pulled[-1, 0] > 0
    assert out.lasting[-1, 0] == pytest.approx(out.lasting[2, 0])


def test_euler_converges() -> None:
    fine = _run(support=0.01, training=0.01, spill=1.0, steps=400)
    coarse = _run(support=0.01, training=0.01, spill=1.0)
    total = lambda o: o.pulled[-1, 0] + o.lasting[-1, 0]  # noqa: E731
    assert total(coarse) == pytest.approx(total(fine), rel=0.03)


@settings(max_examples=60, deadline=None)
@given(s1=st.floats(0.0, 0.05), ds=st.floats(0.0, 0.05), tau=st.floats(0.0, 0.02), spill=st.floats(0.0, 1.5),
       m=st.floats(0.5, 1.0), f0=st.floats(0.05, 0.47), alpha=st.floats(0.0, 1.0), reach=st.floats(0.001, 1.0))
def test_the_induced_share_is_bounded_and_monotone_in_support(s1, ds, tau, spill, m, f0, alpha, reach) -> None:
    low = _run(support=s1, training=tau, alpha_f=alpha, spill=spill, reach=reach, f0=f0, m=m, years=8)
    high = _run(support=s1 + ds, training=tau, alpha_f=alpha, spill=spill, reach=reach, f0=f0, m=m, years=8)
    base = diffusion.bass_share(np.arange(9.0), P, Q, m, f0)[:, None]
    for out in (low, high):
        assert (out.pulled >= 0).all() and (out.pulled <= m - base + 1e-12).all()
        assert (out.lasting >= 0).all() and (out.lasting <= 1 - m + 1e-12).all()
    assert (high.pulled + high.lasting >= low.pulled + low.lasting - 1e-12).all()
