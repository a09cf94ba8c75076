"""Reference loaders: coverage per batch ("18 of 30"), pilot periods, sources of a city."""
from __future__ import annotations

from datetime import date

import pytest

from smedx.tracker import reference


def test_coverage_per_batch() -> None:
    coverage = reference.coverage().set_index("batch")
    columns = ["official_count", "identified", "verified", "unverified", "inferred", "likely", "possible"]
    assert coverage[columns].to_dict("index") == {
        1: {"official_count": 30, "identified": 18, "verified": 14, "unverified": 4, "inferred": 8, "likely": 1,
            "possible": 0},
        2: {"official_count": 36, "identified": 14, "verified": 10, "unverified": 4, "inferred": 6, "likely": 3,
            "possible": 2},
        3: {"official_count": 34, "identified": 9, "verified": 9, "unverified": 0, "inferred": 7, "likely": 2,
            "possible": 2},
    }
    # batch 2 = 66 − "30个左右": derived and approximate, never shown as an exact published count
    assert coverage["count_approx"].tolist() == [True, True, True]
    assert coverage["count_derived"].tolist() == [False, True, False]


def test_batches_take_counts_from_programme_facts() -> None:
    batches = reference.batches().set_index("batch")
    assert batches.loc[2, "official_count"] == reference.fact("batches12_cities")["value"] - 30
    assert batches.loc[3, "notice"] == "财办建〔2025〕20号"


@pytest.mark.parametrize(
    ("adcode", "start", "end", "basis"),
    [
        ("220100", date(2023, 12, 29), date(2025, 10, 31), "city"),  # Changchun retrofit window
        ("450200", date(2024, 10, 18), date(2026, 9, 30), "city"),  # Liuzhou
        ("320100", date(2024, 10, 1), date(2026, 10, 31), "city"),  # Nanjing
        ("350100", date(2023, 12, 29), date(2025, 12, 31), "batch"),  # Fuzhou: batch-1 default
        ("510700", date(2025, 9, 1), date(2027, 9, 30), "batch"),  # Mianyang: batch-3 default
    ],
)
def test_pilot_period(adcode: str, start: date, end: date, basis: str) -> None:
    assert reference.pilot_period(reference.city(adcode)) == reference.PilotPeriod(start, end, basis)


def test_unknown_batch_has_no_period() -> None:
    assert reference.pilot_period(reference.city("640100")) is None


def test_city_sources_primary_first_with_citations() -> None:
    sources = reference.city_sources("210100")
    assert sources["source_id"].tolist() == ["pilot_shenyang_jxw", "pilot_shenyang_plan"]
    assert sources["supports"].tolist() == ["listing", "targets"]
    assert sources["citation_zh"].notna().all() and sources.loc[0, "url"].startswith("https://jxw.shenyang.gov.cn")


def test_lookups() -> None:
    assert reference.cluster_ids("yrd;prd") == ["yrd", "prd"] and reference.cluster_ids(float("nan")) == []
    assert reference.city("310115")["name_en"] == "Shanghai Pudong New Area"
    assert not reference.cities().set_index("adcode").loc["340100", "verified"]  # Hefei: tag A
    with pytest.raises(KeyError):
        reference.city("000000")
    assert reference.fact("plan_2027_smes")[["value", "qualifier"]].tolist() == [40000.0, "at_least"]
    assert reference.period_end("2024-02") == date(2024, 2, 29)
