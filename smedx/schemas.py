"""pandera schemas of the reference tables in ``data/`` (one schema per file).

Units: every ``value``/``lower``/``upper`` is in the indicator's ``unit`` (``percent`` = 0–100, not a share).
"""
from __future__ import annotations

import pandera.pandas as pa

STATUSES = ["published", "interval", "not_published"]
UNITS = ["percent", "pp", "firms", "cities", "count", "times", "trillion_yuan", "wan_firms", "wan_persons"]
GEO_LEVELS = ["nation", "region", "cluster", "city", "city_group", "province"]
REGIONS = ["east", "central", "northeast", "west"]
CLUSTERS = ["yrd", "prd", "jjj", "chengyu", "mid_yangtze"]
BOUNDS = ["()", "(]", "[)", "[]", "(", "["]
ADCODE = pa.Check.str_matches(r"^\d{6}$")
TEXT = pa.Check.str_length(min_value=1)


def _text(nullable: bool = False, *checks: pa.Check) -> pa.Column:
    return pa.Column(str, checks=list(checks) or None, nullable=nullable)


_BOOL_TEXT = pa.Check.isin(["true", "false"])


def _flag() -> pa.Column:
    """A ``true``/``false`` text column (converted to bool by the loader)."""
    return pa.Column(str, checks=_BOOL_TEXT)


def _number(nullable: bool = True) -> pa.Column:
    return pa.Column(float, coerce=True, nullable=nullable)


SOURCES = pa.DataFrameSchema(
    {
        "source_id": _text(False, pa.Check.str_matches(r"^[a-z0-9_]+$")),
        "citation_zh": _text(False, TEXT),
        "citation_en": _text(False, TEXT),
        "publisher": _text(False, TEXT),
        "date": _text(False, TEXT),
        "url": _text(True, pa.Check.str_startswith("http")),
        "kind": _text(False, TEXT),
        "notes": _text(True),
    },
    strict=True,
    unique=["source_id"],
)

INDICATORS = pa.DataFrameSchema(
    {
        "indicator": _text(False, pa.Check.str_matches(r"^[a-z0-9_]+$")),
        "label_zh": _text(False, TEXT),
        "label_en": _text(False, TEXT),
        "unit": _text(False, pa.Check.isin(UNITS)),
        "definition_zh": _text(False, TEXT),
        "definition_en": _text(False, TEXT),
        "source_id": _text(False, TEXT),
    },
    strict=True,
    unique=["indicator"],
)


def _interval_consistent(frame) -> bool:  # type: ignore[no-untyped-def]
    """published rows carry a value; interval rows a bound; lower ≤ upper where both exist."""
    published = frame["status"].eq("published")
    interval = frame["status"].eq("interval")
    has_bound = frame["lower"].notna() | frame["upper"].notna()
    ordered = ~(frame["lower"].notna() & frame["upper"].notna()) | (frame["lower"] <= frame["upper"])
    return (
        (~published | frame["value"].notna())
        & (~interval | (frame["value"].isna() & has_bound & frame["bounds"].notna()))
        & ordered
    )


OBSERVATIONS = pa.DataFrameSchema(
    {
        "indicator": _text(False, TEXT),
        "geo_level": _text(False, pa.Check.isin(GEO_LEVELS)),
        "geo_id": _text(False, TEXT),
        "year": pa.Column("Int64", coerce=True, nullable=True, checks=pa.Check.in_range(1990, 2100)),
        "value": _number(),
        "lower": _number(),
        "upper": _number(),
        "bounds": _text(True, pa.Check.isin(BOUNDS)),
        "status": _text(False, pa.Check.isin(STATUSES)),
        "approx": _flag(),
        "source_id": _text(False, TEXT),
        "locator": _text(False, TEXT),
        "note": _text(True),
    },
    checks=pa.Check(_interval_consistent, element_wise=False, error="value/lower/upper do not fit the status"),
    strict=True,
    unique=["indicator", "geo_level", "geo_id", "year"],
)

REGIONS_TABLE = pa.DataFrameSchema(
    {
        "region": _text(False, pa.Check.isin(REGIONS)),
        "name_zh": _text(False, TEXT),
        "name_en": _text(False, TEXT),
        "sort": pa.Column(int, coerce=True),
        "source_id": _text(False, TEXT),
        "locator": _text(False, TEXT),
    },
    strict=True,
    unique=["region"],
)

PROVINCES = pa.DataFrameSchema(
    {
        "adcode": _text(False, ADCODE),
        "name_zh": _text(False, TEXT),
        "name_en": _text(False, TEXT),
        "region": _text(True, pa.Check.isin(REGIONS)),
        "in_survey": _flag(),
        "source_id": _text(False, TEXT),
        "locator": _text(False, TEXT),
    },
    strict=True,
    unique=["adcode"],
)

CLUSTERS_TABLE = pa.DataFrameSchema(
    {
        "cluster": _text(False, pa.Check.isin(CLUSTERS)),
        "name_zh": _text(False, TEXT),
        "name_en": _text(False, TEXT),
        "plan_zh": _text(False, TEXT),
        "plan_en": _text(False, TEXT),
        "list_status": _text(False, pa.Check.isin(["confirmed", "unverified", "partial"])),
        "paper_vs_average": _text(False, pa.Check.isin(["above", "below"])),
        "member_note_zh": _text(False, TEXT),
        "member_note_en": _text(False, TEXT),
        "sort": pa.Column(int, coerce=True),
        "source_id": _text(False, TEXT),
        "locator": _text(False, TEXT),
    },
    strict=True,
    unique=["cluster"],
)

CLUSTER_MEMBERS = pa.DataFrameSchema(
    {
        "cluster": _text(False, pa.Check.isin(CLUSTERS)),
        "adcode": _text(False, ADCODE),
        "name_zh": _text(False, TEXT),
        "name_en": _text(False, TEXT),
        "province_adcode": _text(False, ADCODE),
        "partial": _flag(),
        "confidence": _text(False, pa.Check.isin(["V", "V-inf", "A"])),
        "note_zh": _text(True),
        "note_en": _text(True),
        "source_id": _text(False, TEXT),
        "locator": _text(False, TEXT),
    },
    strict=True,
    unique=["cluster", "adcode"],
)

POLICIES = pa.DataFrameSchema(
    {
        "policy_id": _text(False, TEXT),
        "date": _text(False, pa.Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$")),
        "issuers_zh": _text(False, TEXT),
        "issuers_en": _text(False, TEXT),
        "issuer_keys": _text(False, pa.Check.str_matches(r"^[a-z_]+(;[a-z_]+)*$")),
        "title_zh": _text(False, TEXT),
        "title_en": _text(False, TEXT),
        "summary_zh": _text(False, TEXT),
        "summary_en": _text(False, TEXT),
        "doc_no": _text(True),
        "in_paper": _flag(),
        "source_id": _text(False, TEXT),
        "locator": _text(False, TEXT),
    },
    strict=True,
    unique=["policy_id"],
)

INDUSTRIES = pa.DataFrameSchema(
    {
        "industry": _text(False, TEXT),
        "name_zh": _text(False, TEXT),
        "name_en": _text(False, TEXT),
        "band": _text(False, pa.Check.isin(["high", "middle", "low"])),
        "sort": pa.Column(int, coerce=True),
        "lower": _number(),
        "upper": _number(),
        "bounds": _text(True, pa.Check.isin(BOUNDS)),
        "status": _text(False, pa.Check.isin(STATUSES)),
        "source_id": _text(False, TEXT),
        "locator": _text(False, TEXT),
        "note": _text(True),
    },
    strict=True,
    unique=["industry"],
)

TRANSFORMATION_PATH = pa.DataFrameSchema(
    {
        "stage": pa.Column(int, coerce=True, checks=pa.Check.isin([1, 2, 3])),
        **{f"{c}_{lang}": _text(False, TEXT) for c in ("name", "focus", "saas") for lang in ("zh", "en")},
        "source_id": _text(False, TEXT),
        "locator": _text(False, TEXT),
    },
    strict="filter",
    unique=["stage"],
)

ISSUERS = pa.DataFrameSchema(
    {
        "issuer": _text(False, pa.Check.str_matches(r"^[a-z_]+$")),
        "name_zh": _text(False, TEXT),
        "name_en": _text(False, TEXT),
        "sort": pa.Column(int, coerce=True),
    },
    strict=True,
    unique=["issuer"],
)

BARRIERS = pa.DataFrameSchema(
    {
        "section": _text(False, TEXT),
        "title_zh": _text(False, TEXT),
        "title_en": _text(False, TEXT),
        "named_zh": _text(True),
        "named_en": _text(True),
        "indicators": _text(True),
        "source_id": _text(False, TEXT),
        "locator": _text(False, TEXT),
    },
    strict=True,
    unique=["section"],
)
