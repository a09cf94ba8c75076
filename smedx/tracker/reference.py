"""Loaders for the pilot-city reference tables and derived views (coverage per batch, pilot periods).

Sources: 财建〔2023〕117号 and the batch notices via the research notes; every row carries
``source_id`` → ``data/sources.csv`` and a ``locator``. Confidence: V and V-inf are data; A rows are
shown as "unverified"; R rows are never in these tables.
"""
from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache, wraps
from typing import Any

import pandas as pd

from smedx import datasets, geo

MUNICIPALITIES = ("110000", "120000", "310000", "500000")


def _shared(function: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """Compute a reference frame once per arguments (the data do not change while the app runs) and hand
    out shallow copies, which pandas copy-on-write keeps independent of the cached frame."""
    cached = lru_cache(maxsize=128)(function)

    @wraps(function)
    def wrapper(*args: Any) -> pd.DataFrame:
        return cached(*args).copy(deep=False)

    return wrapper


@_shared
def cities() -> pd.DataFrame:
    """Identified national pilot cities (one row per city; ``verified`` is False for confidence A)."""
    frame = datasets.table("pilot_cities.csv")
    frame["verified"] = frame["confidence"].ne("A")
    return frame


def city(adcode: str) -> pd.Series:
    """The reference row of one pilot city; ``KeyError`` if it is not in the list."""
    return _city_rows()[adcode].copy()


@lru_cache(maxsize=1)
def _city_rows() -> dict[str, pd.Series]:
    return {str(row["adcode"]): row for _, row in cities().iterrows()}


def cluster_ids(value: object) -> list[str]:
    """The ``clusters`` cell as a list of cluster ids (empty cell → [])."""
    return [] if value is None or pd.isna(value) else str(value).split(";")


def programme() -> pd.DataFrame:
    """Programme-level facts (status published / interval / not_published, like observations)."""
    return datasets.table("pilot_programme.csv")


def fact(fact_id: str) -> pd.Series:
    """One programme fact by id."""
    rows = programme()
    match = rows[rows["fact_id"].eq(fact_id)]
    if match.empty:
        raise KeyError(fact_id)
    return match.iloc[0]


@_shared
def batches() -> pd.DataFrame:
    """The three batches with notice, official city count (from the programme facts; ``count_approx`` for
    "about", ``count_derived`` where the count is derived from other facts, e.g. batch 2 = 66 − 30) and
    default period."""
    frame = datasets.table("pilot_batches.csv")
    facts = programme().set_index("fact_id")
    frame["official_count"] = frame["count_fact_id"].map(facts["value"]).astype("Int64")
    frame["count_approx"] = frame["count_fact_id"].map(facts["qualifier"]).eq("approx")
    frame["count_derived"] = frame["count_fact_id"].map(facts["basis"]).eq("derived")
    return frame


@_shared
def city_points() -> pd.DataFrame:
    """Map points of the pilot cities (adcode, lon, lat; WGS-84 centroid of the unit) from ``geo/cities.csv``."""
    points = geo.cities()
    return points[points["adcode"].isin(cities()["adcode"])][["adcode", "lon", "lat"]].reset_index(drop=True)


@_shared
def city_sources(adcode: str) -> pd.DataFrame:
    """All sources of one city: the primary row source first, then the supporting links, with citations."""
    row = city(adcode)
    primary = pd.DataFrame(
        [{"adcode": adcode, "source_id": row["source_id"], "supports": "listing", "locator": row["locator"]}]
    )
    extra = datasets.table("pilot_city_sources.csv")
    links = pd.concat([primary, extra[extra["adcode"].eq(adcode)]], ignore_index=True)
    return links.merge(datasets.sources(), on="source_id", how="left")


@_shared
def coverage() -> pd.DataFrame:
    """Per batch: official count, identified cities (all / verified / unverified), those whose batch is
    inferred (confidence V-inf; ``likely`` = the weakly inferred among them) and cities whose batch is
    uncertain but may belong to it. The page shows e.g. "18 of 30"; counts are computed, never stored."""
    city_rows = cities()
    rows = []
    for batch in batches().itertuples():
        members = city_rows[city_rows["batch"].eq(batch.batch).fillna(False)]
        possible = city_rows["batch"].isna() & city_rows["batch_note"].eq("2_or_3") & (batch.batch in (2, 3))
        rows.append(
            {
                "batch": batch.batch,
                "year": batch.year,
                "official_count": batch.official_count,
                "count_approx": batch.count_approx,
                "count_derived": batch.count_derived,
                "identified": len(members),
                "verified": int(members["verified"].sum()),
                "unverified": int((~members["verified"]).sum()),
                "inferred": int(members["confidence"].eq("V-inf").sum()),
                "likely": int(members["batch_note"].eq("likely").sum()),
                "possible": int(possible.sum()),
            }
        )
    return pd.DataFrame(rows)


@_shared
def unassigned() -> pd.DataFrame:
    """Identified pilot cities whose batch is not known (``batch_note`` 2_or_3 or unknown)."""
    rows = cities()
    return rows[rows["batch"].isna()]


@dataclass(frozen=True)
class PilotPeriod:
    """A city's pilot period; ``basis`` is ``city`` (sourced for the city) or ``batch`` (derived default)."""

    start: date
    end: date
    basis: str


def _first_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)


def _last_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])


@cache
def batch_periods() -> dict[int, PilotPeriod]:
    """Derived default pilot period of each batch (approval + two years; basis ``batch``)."""
    return {
        int(row.batch): PilotPeriod(_first_day(row.period_start_default), _last_day(row.period_end_default), "batch")
        for row in datasets.table("pilot_batches.csv").itertuples()
    }


def pilot_period(row: Mapping[str, Any]) -> PilotPeriod | None:
    """The city's sourced pilot period, else its batch's derived default; ``None`` if the batch is unknown."""
    if pd.notna(row["pilot_start"]) and pd.notna(row["pilot_end"]):
        return PilotPeriod(_first_day(row["pilot_start"]), _last_day(row["pilot_end"]), "city")
    if pd.isna(row["batch"]):
        return None
    return batch_periods()[int(row["batch"])]


def period_end(period: str) -> date:
    """Last day of a report period ``YYYY-MM``."""
    return _last_day(period)
