"""pandera schemas of the reference tables in ``data/`` (one schema per file).

Units: every ``value``/``lower``/``upper`` is in the indicator's ``unit`` (``percent`` = 0–100, not a share).
"""
from __future__ import annotations

import pandera.pandas as pa

STATUSES = ["published", "interval", "not_published"]
UNITS = ["percent", "pp", "firms", "cities", "count", "times_increase", "trillion_yuan", "wan_firms", "wan_persons"]
SOURCE_KINDS = ["paper", "survey", "report", "classification", "plan", "policy", "news", "aggregator", "software",
                "dataset", "geometry", "census"]  # shown through the locale keys sources.kind_<kind>
GEO_LEVELS = ["nation", "region", "cluster", "city", "city_group", "province"]
REGIONS = ["east", "central", "northeast", "west"]
CLUSTERS = ["yrd", "prd", "jjj", "chengyu", "mid_yangtze"]
BOUNDS = ["()", "(]", "[)", "[]", "(", "["]
ADCODE = pa.Check.str_matches(r"^\d{6}$")
TEXT = pa.Check.str_length(min_value=1)
DATE = pa.Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$")  # as published: YYYY, YYYY-MM or YYYY-MM-DD


def text_column(nullable: bool = False, *checks: pa.Check) -> pa.Column:
    """A text column (nullable or not) with optional checks."""
    return pa.Column(str, checks=list(checks) or None, nullable=nullable)


_BOOL_TEXT = pa.Check.isin(["true", "false"])
# A remark (note_zh / note_en) is written in both languages or in neither: the pages show the reader's column.
NOTES_PAIRED = pa.Check(lambda frame: frame["note_zh"].isna() == frame["note_en"].isna(), element_wise=False,
                        error="a note is given in both languages or in neither")


def flag_column() -> pa.Column:
    """A ``true``/``false`` text column (converted to bool by the loader)."""
    return pa.Column(str, checks=_BOOL_TEXT)


def number_column(nullable: bool = True) -> pa.Column:
    """A float column coerced from text (empty cell = missing)."""
    return pa.Column(float, coerce=True, nullable=nullable)


SOURCES = pa.DataFrameSchema(
    {
        "source_id": text_column(False, pa.Check.str_matches(r"^[a-z0-9_]+$")),
        "citation_zh": text_column(False, TEXT),
        "citation_en": text_column(False, TEXT),
        "publisher_zh": text_column(False, TEXT),
        "publisher_en": text_column(False, TEXT),
        "date": text_column(True, DATE),  # empty: the source states no date (shown as "not stated")
        "url": text_column(True, pa.Check.str_startswith("http")),
        "kind": text_column(False, pa.Check.isin(SOURCE_KINDS)),
        "note_zh": text_column(True),
        "note_en": text_column(True),
    },
    checks=NOTES_PAIRED,
    strict=True,
    unique=["source_id"],
)

INDICATORS = pa.DataFrameSchema(
    {
        "indicator": text_column(False, pa.Check.str_matches(r"^[a-z0-9_]+$")),
        "label_zh": text_column(False, TEXT),
        "label_en": text_column(False, TEXT),
        "unit": text_column(False, pa.Check.isin(UNITS)),
        "definition_zh": text_column(False, TEXT),
        "definition_en": text_column(False, TEXT),
        "source_id": text_column(False, TEXT),
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
        "indicator": text_column(False, TEXT),
        "geo_level": text_column(False, pa.Check.isin(GEO_LEVELS)),
        "geo_id": text_column(False, TEXT),
        "year": pa.Column("Int64", coerce=True, nullable=True, checks=pa.Check.in_range(1990, 2100)),
        "year_inferred": flag_column(),  # true where the paper gives no year for the figure
        "value": number_column(),
        "lower": number_column(),
        "upper": number_column(),
        "bounds": text_column(True, pa.Check.isin(BOUNDS)),
        "status": text_column(False, pa.Check.isin(STATUSES)),
        "approx": flag_column(),
        "source_id": text_column(False, TEXT),
        "locator": text_column(False, TEXT),
        "note_zh": text_column(True),
        "note_en": text_column(True),
    },
    checks=[pa.Check(_interval_consistent, element_wise=False, error="value/lower/upper do not fit the status"),
            NOTES_PAIRED],
    strict=True,
    unique=["indicator", "geo_level", "geo_id", "year"],
)

REGIONS_TABLE = pa.DataFrameSchema(
    {
        "region": text_column(False, pa.Check.isin(REGIONS)),
        "name_zh": text_column(False, TEXT),
        "name_en": text_column(False, TEXT),
        "sort": pa.Column(int, coerce=True),
        "source_id": text_column(False, TEXT),
        "locator": text_column(False, TEXT),
    },
    strict=True,
    unique=["region"],
)

PROVINCES = pa.DataFrameSchema(
    {
        "adcode": text_column(False, ADCODE),
        "name_zh": text_column(False, TEXT),
        "name_en": text_column(False, TEXT),
        "region": text_column(True, pa.Check.isin(REGIONS)),
        "in_survey": flag_column(),
        "source_id": text_column(False, TEXT),
        "locator": text_column(False, TEXT),
    },
    strict=True,
    unique=["adcode"],
)

CLUSTERS_TABLE = pa.DataFrameSchema(
    {
        "cluster": text_column(False, pa.Check.isin(CLUSTERS)),
        "name_zh": text_column(False, TEXT),
        "name_en": text_column(False, TEXT),
        "plan_zh": text_column(False, TEXT),
        "plan_en": text_column(False, TEXT),
        "list_status": text_column(False, pa.Check.isin(["confirmed", "unverified", "partial"])),
        "paper_vs_average": text_column(False, pa.Check.isin(["above", "below"])),
        "member_note_zh": text_column(False, TEXT),
        "member_note_en": text_column(False, TEXT),
        "sort": pa.Column(int, coerce=True),
        "source_id": text_column(False, TEXT),
        "locator": text_column(False, TEXT),
    },
    strict=True,
    unique=["cluster"],
)

CLUSTER_MEMBERS = pa.DataFrameSchema(
    {
        "cluster": text_column(False, pa.Check.isin(CLUSTERS)),
        "adcode": text_column(False, ADCODE),
        "name_zh": text_column(False, TEXT),
        "name_en": text_column(False, TEXT),
        "province_adcode": text_column(False, ADCODE),
        "partial": flag_column(),
        "confidence": text_column(False, pa.Check.isin(["V", "V-inf", "A"])),
        "note_zh": text_column(True),
        "note_en": text_column(True),
        "source_id": text_column(False, TEXT),
        "locator": text_column(False, TEXT),
    },
    strict=True,
    unique=["cluster", "adcode"],
)

POLICIES = pa.DataFrameSchema(
    {
        "policy_id": text_column(False, TEXT),
        "date": text_column(False, DATE),
        "issuers_zh": text_column(False, TEXT),
        "issuers_en": text_column(False, TEXT),
        "issuer_keys": text_column(False, pa.Check.str_matches(r"^[a-z_]+(;[a-z_]+)*$")),
        "title_zh": text_column(False, TEXT),
        "title_en": text_column(False, TEXT),
        "summary_zh": text_column(False, TEXT),
        "summary_en": text_column(False, TEXT),
        "doc_no": text_column(True),
        "note_zh": text_column(True),
        "note_en": text_column(True),
        "in_paper": flag_column(),
        "source_id": text_column(False, TEXT),
        "locator": text_column(False, TEXT),
    },
    strict=True,
    unique=["policy_id"],
)

INDUSTRIES = pa.DataFrameSchema(
    {
        "industry": text_column(False, TEXT),
        "name_zh": text_column(False, TEXT),
        "name_en": text_column(False, TEXT),
        "band": text_column(False, pa.Check.isin(["high", "middle", "low"])),
        "sort": pa.Column(int, coerce=True),
        "lower": number_column(),
        "upper": number_column(),
        "bounds": text_column(True, pa.Check.isin(BOUNDS)),
        "status": text_column(False, pa.Check.isin(STATUSES)),
        "source_id": text_column(False, TEXT),
        "locator": text_column(False, TEXT),
        "note_zh": text_column(True),
        "note_en": text_column(True),
    },
    checks=NOTES_PAIRED,
    strict=True,
    unique=["industry"],
)

TRANSFORMATION_PATH = pa.DataFrameSchema(
    {
        "stage": pa.Column(int, coerce=True, checks=pa.Check.isin([1, 2, 3])),
        **{f"{c}_{lang}": text_column(False, TEXT) for c in ("name", "focus", "saas") for lang in ("zh", "en")},
        "source_id": text_column(False, TEXT),
        "locator": text_column(False, TEXT),
    },
    strict="filter",
    unique=["stage"],
)

ISSUERS = pa.DataFrameSchema(
    {
        "issuer": text_column(False, pa.Check.str_matches(r"^[a-z_]+$")),
        "name_zh": text_column(False, TEXT),
        "name_en": text_column(False, TEXT),
        "sort": pa.Column(int, coerce=True),
    },
    strict=True,
    unique=["issuer"],
)

BARRIERS = pa.DataFrameSchema(
    {
        "section": text_column(False, TEXT),
        "title_zh": text_column(False, TEXT),
        "title_en": text_column(False, TEXT),
        "named_zh": text_column(True),
        "named_en": text_column(True),
        "indicators": text_column(True),
        "source_id": text_column(False, TEXT),
        "locator": text_column(False, TEXT),
    },
    strict=True,
    unique=["section"],
)

LOCATOR_TERMS = pa.DataFrameSchema(
    {
        "term_en": text_column(False, TEXT),
        "term_zh": text_column(False, TEXT),
        "direction": text_column(False, pa.Check.isin(["both", "to_zh", "to_en"])),
        "note": text_column(True),
    },
    strict=True,
)
"""Glossary of the words in ``locator`` cells (data/locator_terms.csv): a locator is shown in the reader's
language by these terms and the structural rules of :mod:`smedx.locators` (no per-row translation)."""

DEFINITIONS = pa.DataFrameSchema(
    {
        "term": text_column(False, pa.Check.str_matches(r"^[a-z_]+$")),
        "term_zh": text_column(False, TEXT),
        "term_en": text_column(False, TEXT),
        "text_zh": text_column(False, TEXT),
        "text_en": text_column(False, TEXT),
        "source_id": text_column(False, TEXT),
        "locator": text_column(False, TEXT),
    },
    strict=True,
    unique=["term"],
)

TAGS = ["V", "A"]  # research tags usable as data (A shown "unverified"); A? and R rows are never data
# Scopes of the MIIT rates (they change between releases) and of the census figures.
MIIT_SCOPES = ["key_manufacturing", "unspecified", "above_scale", "all_industrial", "key_industrial", "industrial"]
SCOPES = [*MIIT_SCOPES, "census_above_scale", "census_secondary", "core_digital_enterprises"]

SINCE_SURVEY = pa.DataFrameSchema(
    {
        "indicator": text_column(False, TEXT),
        "kind": text_column(False, pa.Check.isin(["value", "target"])),
        "geo_id": text_column(False, TEXT),
        "period": text_column(False, pa.Check.str_matches(r"^\d{4}(-\d{2})?$")),
        "period_inferred": flag_column(),
        "value": number_column(nullable=False),
        "scope": text_column(False, pa.Check.isin(SCOPES)),
        "tag": text_column(False, pa.Check.isin(TAGS)),
        "source_id": text_column(False, TEXT),
        "locator": text_column(False, TEXT),
        "note_zh": text_column(True),
        "note_en": text_column(True),
    },
    checks=NOTES_PAIRED,
    strict=True,
    unique=["indicator", "kind", "geo_id", "period", "scope", "source_id"],
)


# data/model_evidence.csv: the evidence rows behind the what-if model's parameters (smedx.model.evidence).
MODEL_EVIDENCE = pa.DataFrameSchema(
    {
        "param_id": pa.Column(str, pa.Check.str_matches(r"^[a-z_]+$")),
        "finding_zh": pa.Column(str, pa.Check.str_length(min_value=1)),
        "finding_en": pa.Column(str, pa.Check.str_length(min_value=1)),
        "value_text_zh": pa.Column(str, pa.Check.str_length(min_value=1)),
        "value_text_en": pa.Column(str, pa.Check.str_length(min_value=1)),
        "tag": pa.Column(str, pa.Check.isin(["S", "C"])),
        "grade": pa.Column(str, pa.Check.isin(["A", "B", "C"])),
        "confidence": pa.Column(str, pa.Check.isin(["H", "M", "L"])),
        "source_id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9_]+$")),
        "locator": pa.Column(str, pa.Check.str_length(min_value=1)),
    },
    strict=True,
)
