"""RAG status per pilot city: progress of the latest report against a straight path from pilot start
(0 %) to pilot end (100 % of the city's target).

- Count KPIs with a city target (firms retrofitted, service providers, 小快轻准 products, 小灯塔 firms):
  expected share of target at the report's period end = elapsed fraction of the pilot period.
- Level-2+ share of above-scale SMEs (percent): an END-OF-PILOT target (city's own, else the programme's
  ≥90 %), so it is only assessed once the report's period reaches the pilot end.
- ratio = (actual / target) / expected: green ≥ 0.9, amber ≥ 0.7, red below; the city is its worst KPI.
- "no report yet" is its own state (never green by default); a report with nothing to compare
  (no target, before the start or no known period) is "not assessable".
Reports are cumulative figures as of the end of their period (``YYYY-MM``).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import pandas as pd

from smedx.tracker.reference import PilotPeriod, fact, period_end, pilot_period
from smedx.tracker.schema import KPIS

GREEN_AT = 0.9
AMBER_AT = 0.7
COUNT_KPIS = {kpi.name: kpi.target for kpi in KPIS if kpi.integer and kpi.target}


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NOT_ASSESSABLE = "not_assessable"
    NO_REPORT = "no_report"


SEVERITY = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}


@dataclass(frozen=True)
class KpiProgress:
    kpi: str
    actual: float
    target: float
    expected_fraction: float  # 0–1 share of the target due by the report date
    state: Rag


@dataclass(frozen=True)
class CityStatus:
    adcode: str
    state: Rag
    period: str | None  # period of the latest report
    expected_fraction: float | None
    period_basis: str | None  # "city" (sourced) or "batch" (derived default)
    kpis: tuple[KpiProgress, ...] = ()


def expected_fraction(period: PilotPeriod, at: date) -> float:
    """Elapsed share of the pilot period at ``at`` (0 before the start, 1 after the end)."""
    total = (period.end - period.start).days
    return min(1.0, max(0.0, (at - period.start).days / total)) if total > 0 else 1.0


def rag(actual: float, target: float, expected: float) -> Rag:
    """Green/amber/red from achieved share of target against the expected share."""
    ratio = (actual / target) / expected
    return Rag.GREEN if ratio >= GREEN_AT else Rag.AMBER if ratio >= AMBER_AT else Rag.RED


def programme_l2_target() -> float:
    """The programme's end-of-pilot level-2+ share (percent, ≥90 %, 财建〔2023〕117号 via research notes)."""
    return float(fact("target_l2_share")["value"])


def city_status(
    city: Mapping[str, Any], latest: Mapping[str, Any] | None, l2_default: float | None = None
) -> CityStatus:
    """Status of one city from its reference row and its latest report (``None`` = no report yet)."""
    if latest is None:
        return CityStatus(city["adcode"], Rag.NO_REPORT, None, None, None)
    period = pilot_period(city)
    if period is None:
        return CityStatus(city["adcode"], Rag.NOT_ASSESSABLE, latest["period"], None, None)
    at = period_end(latest["period"])
    expected = expected_fraction(period, at)
    kpis: list[KpiProgress] = []
    if expected > 0:
        for kpi, target_column in COUNT_KPIS.items():
            target, actual = city[target_column], latest[kpi]
            if pd.notna(target) and target > 0 and pd.notna(actual):
                state = rag(float(actual), float(target), expected)
                kpis.append(KpiProgress(kpi, float(actual), float(target), expected, state))
    l2_target = city["target_l2_share"] if pd.notna(city["target_l2_share"]) else l2_default
    if at >= period.end and l2_target and pd.notna(latest["l2_share_pct"]):
        state = rag(float(latest["l2_share_pct"]), float(l2_target), 1.0)
        kpis.append(KpiProgress("l2_share_pct", float(latest["l2_share_pct"]), float(l2_target), 1.0, state))
    overall = max((k.state for k in kpis), key=SEVERITY.__getitem__, default=Rag.NOT_ASSESSABLE)
    return CityStatus(city["adcode"], overall, latest["period"], expected, period.basis, tuple(kpis))


def latest_reports(reports: pd.DataFrame) -> pd.DataFrame:
    """The latest report (by period) of each city, indexed by adcode."""
    if reports.empty:
        return reports.set_index("city_adcode")
    return reports.sort_values("period").groupby("city_adcode").tail(1).set_index("city_adcode")


def statuses(cities: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """One row per city: adcode, status, latest period, expected fraction, period basis, KPI count."""
    latest = latest_reports(reports).to_dict("index")
    l2_default = programme_l2_target()
    rows = []
    for city in cities.to_dict("records"):
        result = city_status(city, latest.get(city["adcode"]), l2_default)
        rows.append(
            {
                "adcode": result.adcode,
                "status": result.state.value,
                "latest_period": result.period,
                "expected_fraction": result.expected_fraction,
                "period_basis": result.period_basis,
                "assessed_kpis": len(result.kpis),
            }
        )
    return pd.DataFrame(rows)
