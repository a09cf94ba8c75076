"""pandera schemas of the tracker's reference tables and the KPI definitions of a progress report.

Units: ``award_cap_yi`` and ``funds_disbursed_yi`` are 亿元 (100 million yuan); ``target_l2_share`` and
``l2_share_pct`` are PERCENT (0–100) of above-scale SMEs in the pilot sub-sectors at digital level 2+.
Counts (firms, service providers, 小快轻准 products, 小灯塔 firms) are cumulative since the pilot start.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from smedx.schemas import ADCODE, CLUSTERS, REGIONS, STATUSES, TEXT, text_column

CITY_TYPES = ("capital", "separately_planned", "other", "district")
# 财建〔2023〕117号: 省会城市、计划单列市 ≤ 1.5亿元; 其他地级市、直辖市所辖区县 ≤ 1亿元 (caps, not disbursements).
CAP_BY_TYPE = {"capital": 1.5, "separately_planned": 1.5, "other": 1.0, "district": 1.0}
CONFIDENCE = ("V", "V-inf", "A")  # research tags usable as data; R is never data
BATCH_NOTES = ("likely", "2_or_3", "unknown")
QUALIFIERS = ("exact", "approx", "at_least", "at_most", "more_than")
PROGRAMME_UNITS = (
    "batches", "cities", "yi_yuan", "years", "percent", "smes", "provinces", "points", "firms", "sub_sectors",
    "platforms",
)
SUPPORTS = ("listing", "batch", "targets", "policy", "period", "sub_sectors")
DATE_TEXT = r"^\d{4}-\d{2}(-\d{2})?$"
CLUSTER_LIST = r"^(" + "|".join(CLUSTERS) + r")(;(" + "|".join(CLUSTERS) + r"))*$"
SOURCE_ID = pa.Check.str_matches(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class Kpi:
    """One KPI of a progress report: column name, integer or not, matching city target, upper bound, a percent
    (a trailing % is accepted) or bounded by the city's reward cap (亿元). The store's columns, the report records,
    the form, the importer and the export are all built from :data:`KPIS`."""

    name: str
    integer: bool
    target: str | None
    maximum: float | None = None
    percent: bool = False
    capped: bool = False
    aliases: tuple[str, ...] = ()  # Chinese column headers an import accepts


KPIS: tuple[Kpi, ...] = (
    Kpi("firms_retrofitted", True, "target_firms", aliases=("完成改造企业数", "改造企业数")),
    Kpi("l2_share_pct", False, "target_l2_share", 100.0, percent=True,
        aliases=("二级及以上占比", "二级及以上占比(%)", "二级及以上占比（%）")),
    Kpi("service_providers", True, "target_service_providers", aliases=("服务商数", "数字化服务商数")),
    Kpi("products", True, "target_products", aliases=("小快轻准产品数",)),
    Kpi("lighthouse_firms", True, "target_lighthouse", aliases=("小灯塔企业数",)),
    Kpi("funds_disbursed_yi", False, None, capped=True,  # bounded by the city's award cap
        aliases=("已拨付中央资金(亿元)", "已拨付中央资金（亿元）", "已拨付中央资金")),
)
KPI_NAMES: tuple[str, ...] = tuple(k.name for k in KPIS)
# ``target_firms`` counts firms to be retrofitted (the like-for-like target of ``firms_retrofitted``);
# ``target_l2_firms`` counts firms to reach digital level 2+, a different goal that progress is never divided by.
TARGET_COLUMNS = (
    "target_firms", "target_l2_firms", "target_service_providers", "target_products", "target_l2_share",
    "target_lighthouse", "target_smart_factories",
)
BASES = ("stated", "derived")  # a fact stated by its source, or derived from other facts (shown as such)
_TARGET_QUALIFIER = r"target_[a-z0-9_]+=(approx|at_least|more_than)"
TARGET_QUALIFIERS = rf"^{_TARGET_QUALIFIER}(;{_TARGET_QUALIFIER})*$"


def _count() -> pa.Column:
    return pa.Column("Int64", coerce=True, nullable=True, checks=pa.Check.ge(0))


def _cities_consistent(frame: pd.DataFrame) -> pd.Series:
    """Province = first two digits; cap follows the city type; a batch is empty iff its note says unsure."""
    province_ok = frame["province_adcode"].eq(frame["adcode"].str[:2] + "0000")
    cap_ok = (frame["award_cap_yi"] - frame["city_type"].map(CAP_BY_TYPE).astype(float)).abs().lt(1e-9)
    unsure = frame["batch_note"].isin(["2_or_3", "unknown"])
    batch_ok = frame["batch"].isna().eq(unsure)
    district_ok = frame["city_type"].eq("district").eq(frame["adcode"].str[:2].isin(["11", "12", "31", "50"]))
    period_ok = frame["pilot_start"].isna() | frame["pilot_end"].isna() | frame["pilot_start"].le(frame["pilot_end"])
    return province_ok & cap_ok & batch_ok & district_ok & period_ok


PILOT_CITIES = pa.DataFrameSchema(
    {
        "adcode": text_column(False, ADCODE),
        "name_zh": text_column(False, TEXT),
        "name_en": text_column(False, TEXT),
        "province_adcode": text_column(False, ADCODE),
        "region": text_column(False, pa.Check.isin(list(REGIONS))),
        "clusters": text_column(True, pa.Check.str_matches(CLUSTER_LIST)),
        "batch": pa.Column("Int64", coerce=True, nullable=True, checks=pa.Check.isin([1, 2, 3])),
        "batch_note": text_column(True, pa.Check.isin(list(BATCH_NOTES))),
        "city_type": text_column(False, pa.Check.isin(list(CITY_TYPES))),
        "award_cap_yi": pa.Column(float, coerce=True, checks=pa.Check.isin([1.0, 1.5])),
        "pilot_start": text_column(True, pa.Check.str_matches(DATE_TEXT)),
        "pilot_end": text_column(True, pa.Check.str_matches(DATE_TEXT)),
        "sub_sector_count": pa.Column("Int64", coerce=True, nullable=True, checks=pa.Check.in_range(1, 20)),
        "sub_sectors_zh": text_column(True, TEXT),
        "sub_sectors_en": text_column(True, TEXT),
        "target_year": pa.Column("Int64", coerce=True, nullable=True, checks=pa.Check.in_range(2023, 2030)),
        "target_firms": _count(),
        "target_l2_firms": _count(),
        "target_service_providers": _count(),
        "target_products": _count(),
        "target_l2_share": pa.Column(float, coerce=True, nullable=True, checks=pa.Check.in_range(0, 100)),
        "target_lighthouse": _count(),
        "target_smart_factories": _count(),
        # "以上"/"约" of a stated target, e.g. "target_firms=more_than;target_products=at_least" (exact if absent)
        "targets_qualifiers": text_column(True, pa.Check.str_matches(TARGET_QUALIFIERS)),
        "targets_note_zh": text_column(True, TEXT),
        "targets_note_en": text_column(True, TEXT),
        "confidence": text_column(False, pa.Check.isin(list(CONFIDENCE))),
        "source_id": text_column(False, SOURCE_ID),
        "locator": text_column(False, TEXT),
        "notes_zh": text_column(True, TEXT),
        "notes_en": text_column(True, TEXT),
    },
    checks=pa.Check(_cities_consistent, error="province/cap/batch/district/period inconsistent"),
    strict=True,
    unique=["adcode"],
)


def _facts_consistent(frame: pd.DataFrame) -> pd.Series:
    """published → value (and no bounds); interval → lower and upper, no value; not_published → nothing."""
    has_value = frame["value"].notna()
    has_bounds = frame["lower"].notna() & frame["upper"].notna()
    any_bound = frame["lower"].notna() | frame["upper"].notna()
    status = frame["status"]
    ordered = ~has_bounds | frame["lower"].le(frame["upper"])
    return (
        (status.ne("published") | (has_value & ~any_bound & frame["qualifier"].notna()))
        & (status.ne("interval") | (~has_value & has_bounds))
        & (status.ne("not_published") | (~has_value & ~any_bound))
        & ordered
    )


PILOT_PROGRAMME = pa.DataFrameSchema(
    {
        "fact_id": text_column(False, SOURCE_ID),
        "label_zh": text_column(False, TEXT),
        "label_en": text_column(False, TEXT),
        "value": pa.Column(float, coerce=True, nullable=True),
        "lower": pa.Column(float, coerce=True, nullable=True),
        "upper": pa.Column(float, coerce=True, nullable=True),
        "unit": text_column(True, pa.Check.isin(list(PROGRAMME_UNITS))),
        "qualifier": text_column(True, pa.Check.isin(list(QUALIFIERS))),
        "basis": text_column(False, pa.Check.isin(list(BASES))),
        "status": text_column(False, pa.Check.isin(list(STATUSES))),
        "source_id": text_column(False, SOURCE_ID),
        "locator": text_column(False, TEXT),
        "note": text_column(True, TEXT),
    },
    checks=pa.Check(_facts_consistent, error="value/lower/upper do not fit the status"),
    strict=True,
    unique=["fact_id"],
)

PILOT_BATCHES = pa.DataFrameSchema(
    {
        "batch": pa.Column(int, coerce=True, checks=pa.Check.isin([1, 2, 3])),
        "year": pa.Column(int, coerce=True, checks=pa.Check.in_range(2023, 2025)),
        "notice": text_column(False, TEXT),
        "count_fact_id": text_column(False, SOURCE_ID),
        "period_start_default": text_column(False, pa.Check.str_matches(DATE_TEXT)),
        "period_end_default": text_column(False, pa.Check.str_matches(DATE_TEXT)),
        "period_basis_zh": text_column(False, TEXT),
        "period_basis_en": text_column(False, TEXT),
        "source_id": text_column(False, SOURCE_ID),
        "locator": text_column(False, TEXT),
    },
    strict=True,
    unique=["batch"],
)

PILOT_CITY_SOURCES = pa.DataFrameSchema(
    {
        "adcode": text_column(False, ADCODE),
        "source_id": text_column(False, SOURCE_ID),
        "supports": text_column(False, pa.Check.isin(list(SUPPORTS))),
        "locator": text_column(False, TEXT),
    },
    strict=True,
    unique=["adcode", "source_id"],
)

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "pilot_cities.csv": PILOT_CITIES,
    "pilot_programme.csv": PILOT_PROGRAMME,
    "pilot_batches.csv": PILOT_BATCHES,
    "pilot_city_sources.csv": PILOT_CITY_SOURCES,
}
