"""Bass closed form, its inverse, and the induced-share integrator."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smedx.model import diffusion

P, Q, M, F0 = 0.01, 0.4, 0.8, 0.329


def test_closed_form_starts_at_f0_and_solves_the_ode() -> None:
    assert diffusion.bass_share(0.0, P, Q, M, F0) == pytest.approx(F0, abs=1e-15)
    t, h = 2.0, 1e-6
    f = diffusion.bass_share(t, P, Q, M, F0)
    slope = (diffusion.bass_share(t + h, P, Q, M, F0) - diffusion.bass_share(t - h, P, Q, M, F0)) / (2 * h)
    assert slope == pytest.approx((P + Q * f / M) * (M - f), rel=1e-6)


def test_coefficients_reproduce_the_logit_speed() -> None:
    p, q = diffusion.bass_coefficients(np.float64(0.2), np.float64(0.1), np.float64(M), np.float64(F0))
    h = (p + q * F0 / M) * (M - F0)
    assert h / (F0 * (1 - F0)) == pytest.approx(0.2)
    assert p / (p + q * F0 / M) == pytest.approx(0.1)


def test_time_is_the_inverse_of_share() -> None:
    for t in (0.5, 3.0, 10.0):
        share = diffusion.bass_share(t, P, Q, M, F0)
        assert diffusion.bass_time(share, P, Q, M, F0) == pytest.approx(t, rel=1e-9)


def test_two_point_fit_would_need_implausible_speed() -> None:
    """Research notes §2.1 [C]: logit slope 0.50/yr from 32.9 → 44.8."""
    slope = np.log(0.448 / 0.552) - np.log(0.329 / 0.671)
    assert slope == pytest.approx(0.504, abs=1e-3)


def test_x_one_gives_exactly_zero() -> None:
    out = diffusion.induced_share(1.0, 5, P, Q, M, np.array([F0, 0.4]), np.array([1.0, 1.0]), 0.7)
    assert not out.yearly.any()


def test_euler_matches_closed_form_when_spill_is_one() -> None:
    """With q_spill = 1 the scenario is itself a Bass curve with p·x and q·x."""
    x = 1.3
    out = diffusion.induced_share(0.0, 5, P, Q, M, F0, x, 1.0, steps_per_year=400)
    exact = diffusion.bass_share(5.0, P * x, Q * x, M, F0) - diffusion.bass_share(5.0, P, Q, M, F0)
    assert out.yearly[-1] == pytest.approx(exact, rel=1e-2)
    coarse = diffusion.induced_share(0.0, 5, P, Q, M, F0, x, 1.0)
    assert coarse.yearly[-1] == pytest.approx(exact, rel=0.05)


@settings(max_examples=50, deadline=None)
@given(x1=st.floats(1.0, 1.8), dx=st.floats(0.0, 0.5), spill=st.floats(0.0, 1.5), m=st.floats(0.5, 1.0),
       f0=st.floats(0.2, 0.47), p=st.floats(0.001, 0.1), q=st.floats(0.05, 1.2))
def test_induced_share_is_bounded_and_monotone_in_x(x1, dx, spill, m, f0, p, q) -> None:
    low = diffusion.induced_share(0.0, 10, p, q, m, f0, x1, spill)
    high = diffusion.induced_share(0.0, 10, p, q, m, f0, x1 + dx, spill)
    base = diffusion.bass_share(np.arange(11.0), p, q, m, f0)
    assert (low.yearly >= 0).all() and (low.yearly <= m - base + 1e-12).all()
    assert (high.yearly >= low.yearly - 1e-12).all()
