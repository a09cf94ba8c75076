"""Provenance: every figure has a source and locator, every source exists and is used, captions are exact."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from smedx import datasets, provenance

DATA = Path(__file__).resolve().parent.parent / "data"


def _source_ids_used() -> set[str]:
    """Source ids cited by data/*.csv (``source_id`` / ``*source_ids`` columns) and by geo/meta.json."""
    used: set[str] = {json.loads((DATA.parent / "geo" / "meta.json").read_text(encoding="utf-8"))["source_id"]}
    for path in DATA.glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for column, value in row.items():
                    if column and (column == "source_id" or column.endswith("source_ids")) and value:
                        used |= {part.strip() for part in value.split(";") if part.strip()}
    return used


def test_every_observation_has_source_and_locator() -> None:
    """No observation lacks a source id or a locator."""
    obs = datasets.observations()
    assert obs["source_id"].notna().all() and obs["locator"].str.len().gt(0).all()


def test_every_cited_source_exists() -> None:
    """Every source id used in any data/*.csv is defined in sources.csv."""
    assert _source_ids_used() - set(datasets.sources()["source_id"]) == set()


def test_every_source_is_used() -> None:
    """No source in sources.csv is unused."""
    assert set(datasets.sources()["source_id"]) - _source_ids_used() == set()


def test_caption_groups_locators_by_source_in_order() -> None:
    """Caption text is exact: sources in first-seen order, locators de-duplicated."""
    rows = pd.DataFrame({"source_id": ["paper", "paper", "accenture_2023", "paper"],
                         "locator": ["§二(一)", "§二(三)1", "paper §三(一)", "§二(一)"]})
    assert provenance.caption(rows, "zh") == (
        "来源：论文《中小企业数字化转型：焦点、难点及进路》，§二(一); §二(三)1；"
        "《埃森哲：2023中国企业数字化转型指数》（经论文引用），paper §三(一)")
    assert provenance.caption(rows.head(1), "en") == (
        'Source: Paper "SME digital transformation: focal points, difficulties and ways forward", §二(一)')
