"""RAG status against a straight path from pilot start to pilot end."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from smedx.tracker import reference
from smedx.tracker.reference import PilotPeriod
from smedx.tracker.status import Rag, city_status, expected_fraction, programme_l2_target, rag, statuses

COLUMNS = ["city_adcode", "period", "firms_retrofitted", "l2_share_pct", "service_providers", "products",
           "lighthouse_firms", "funds_disbursed_yi"]


def reports(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(COLUMNS, row, strict=False)) for row in rows], columns=COLUMNS)


def latest(adcode: str, period: str, **values: float) -> pd.Series:
    return reports((adcode, period)).assign(**values).iloc[0]


@pytest.mark.parametrize(
    ("at", "fraction"),
    [(date(2023, 12, 1), 0.0), (date(2024, 1, 1), 0.0), (date(2025, 1, 1), 366 / 730), (date(2026, 1, 1), 1.0)],
)
def test_expected_fraction_is_a_straight_line(at: date, fraction: float) -> None:
    period = PilotPeriod(date(2024, 1, 1), date(2025, 12, 31), "batch")
    assert expected_fraction(period, at) == pytest.approx(fraction)


@pytest.mark.parametrize(
    ("actual", "target", "expected", "state"),
    [(50, 100, 0.5, Rag.GREEN), (45, 100, 0.5, Rag.GREEN), (44, 100, 0.5, Rag.AMBER), (35, 100, 0.5, Rag.AMBER),
     (34, 100, 0.5, Rag.RED), (0, 100, 0.5, Rag.RED), (120, 100, 1.0, Rag.GREEN)],
)
def test_rag_thresholds(actual: float, target: float, expected: float, state: Rag) -> None:
    assert rag(actual, target, expected) == state


def test_no_report_is_its_own_state_never_green() -> None:
    result = city_status(reference.city("350100"), None)
    assert result.state == Rag.NO_REPORT and result.kpis == ()


def test_fuzhou_firms_against_batch_path() -> None:
    """Fuzhou: target 530 firms by end-2025; batch-1 default period 2023-12-29 → 2025-12-31."""
    fuzhou = reference.city("350100")
    expected = expected_fraction(reference.pilot_period(fuzhou), date(2024, 12, 31))
    assert expected == pytest.approx(368 / 733)
    on_track = city_status(fuzhou, latest("350100", "2024-12", firms_retrofitted=250))
    behind = city_status(fuzhou, latest("350100", "2024-12", firms_retrofitted=150))
    assert (on_track.state, behind.state) == (Rag.GREEN, Rag.RED)
    assert on_track.period_basis == "batch" and on_track.kpis[0].kpi == "firms_retrofitted"


def test_worst_kpi_decides_and_l2_share_only_at_pilot_end() -> None:
    """Wuhu: 500 firms at level 2+, service providers 30, products 150 by 2026; batch-2 period Oct 2024 → Oct 2026.
    Its firm target counts firms at level 2+, not retrofits, so firms retrofitted are not assessed against it."""
    wuhu = reference.city("340200")
    mid = city_status(wuhu, latest("340200", "2025-10", firms_retrofitted=260, service_providers=10,
                                   products=80, l2_share_pct=10.0))
    assert {k.kpi: k.state for k in mid.kpis} == {"service_providers": Rag.RED, "products": Rag.GREEN}
    assert mid.state == Rag.RED
    end = city_status(wuhu, latest("340200", "2026-10", l2_share_pct=85.0), l2_default=programme_l2_target())
    assert [(k.kpi, k.target, k.state) for k in end.kpis] == [("l2_share_pct", 90.0, Rag.GREEN)]


def test_city_without_targets_or_period_is_not_assessable() -> None:
    changchun = city_status(reference.city("220100"), latest("220100", "2024-06", firms_retrofitted=100))
    assert changchun.state == Rag.NOT_ASSESSABLE and changchun.period_basis == "city"
    xian = city_status(reference.city("610100"), latest("610100", "2025-01", firms_retrofitted=100))
    assert xian.state == Rag.NOT_ASSESSABLE and xian.expected_fraction is None


def test_statuses_uses_latest_report_per_city() -> None:
    frame = statuses(reference.cities(), reports(
        ("350100", "2024-06", 10), ("350100", "2024-12", 250), ("350200", "2024-12", 30)))
    by_city = frame.set_index("adcode")
    assert len(frame) == 46
    assert by_city.loc["350100", ["status", "latest_period"]].tolist() == ["green", "2024-12"]
    assert by_city.loc["350200", "status"] == "red"  # Xiamen: 30 of 600 firms halfway through
    assert (by_city.drop(["350100", "350200"])["status"] == "no_report").all()
    assert programme_l2_target() == 90.0
