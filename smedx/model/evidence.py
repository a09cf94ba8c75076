"""The evidence table behind the model parameters: ``data/model_evidence.csv``.

One row per evidence item: param_id (a parameter id, or ``structure`` / ``validation`` /
``policy_check``), finding in zh/en, value_text in zh/en, tag (S = stated in the source, C = own calculation shown
in the finding), grade A/B/C, confidence H/M/L (of the source), source_id → ``data/sources.csv`` and
locator. Judgment values ([J]) are never evidence rows; they stay labelled assumptions in the YAML.
"""
from __future__ import annotations

import pandas as pd

from smedx import datasets

EVIDENCE_FILE = "model_evidence.csv"
SECTIONS = ("structure", "validation", "policy_check")


def evidence(param_id: str | None = None) -> pd.DataFrame:
    """All evidence rows (schema ``smedx.schemas.MODEL_EVIDENCE``, loaded through the one registry), or those of
    one parameter (or section)."""
    frame = datasets.table(EVIDENCE_FILE)
    return frame if param_id is None else frame[frame["param_id"] == param_id].reset_index(drop=True)
