"""The evidence table behind the model parameters: ``data/model_evidence.csv``.

One row per evidence item: param_id (a parameter id, or ``structure`` / ``validation`` /
``policy_check``), finding in zh/en, value_text, tag (S = stated in the source, C = own calculation shown
in the finding), grade A/B/C, confidence H/M/L (of the source), source_id → ``data/sources.csv`` and
locator. Judgment values ([J]) are never evidence rows; they stay labelled assumptions in the YAML.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pandera.pandas as pa

from smedx.tables import read_table

EVIDENCE_FILE = "model_evidence.csv"
SECTIONS = ("structure", "validation", "policy_check")

SCHEMA = pa.DataFrameSchema(
    {
        "param_id": pa.Column(str, pa.Check.str_matches(r"^[a-z_]+$")),
        "finding_zh": pa.Column(str, pa.Check.str_length(min_value=1)),
        "finding_en": pa.Column(str, pa.Check.str_length(min_value=1)),
        "value_text": pa.Column(str, pa.Check.str_length(min_value=1)),
        "tag": pa.Column(str, pa.Check.isin(["S", "C"])),
        "grade": pa.Column(str, pa.Check.isin(["A", "B", "C"])),
        "confidence": pa.Column(str, pa.Check.isin(["H", "M", "L"])),
        "source_id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9_]+$")),
        "locator": pa.Column(str, pa.Check.str_length(min_value=1)),
    },
    strict=True,
)


@lru_cache(maxsize=1)
def _load() -> pd.DataFrame:
    return read_table(EVIDENCE_FILE, SCHEMA)


def evidence(param_id: str | None = None) -> pd.DataFrame:
    """All evidence rows, or those of one parameter (or section)."""
    frame = _load().copy(deep=False)
    return frame if param_id is None else frame[frame["param_id"] == param_id].reset_index(drop=True)
