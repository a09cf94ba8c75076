"""Evidence table and sources of the model."""
from __future__ import annotations

import pandas as pd

from smedx import datasets
from smedx.model import evidence, params

SPEC = params.load_spec()


def test_every_model_source_exists_and_is_used_in_a_csv() -> None:
    ids = set(datasets.sources()["source_id"])
    used = set(evidence.evidence()["source_id"])
    assert SPEC.source_ids() <= ids
    assert SPEC.source_ids() <= used
    assert used <= ids


def test_rows_refer_to_parameters_or_sections() -> None:
    known = set(SPEC.params) | set(evidence.SECTIONS)
    assert set(evidence.evidence()["param_id"]) <= known


def test_calculations_are_shown() -> None:
    rows = evidence.evidence()
    calculated = rows[rows["tag"] == "C"]
    assert len(calculated) >= 5
    assert calculated["finding_en"].str.contains(r"\[C\]").all()


def test_every_sourced_parameter_has_evidence_rows() -> None:
    rows = evidence.evidence()
    missing = {p.id for p in SPEC.params.values()} - set(rows["param_id"])
    assert missing == {"horizon"}


def test_key_values() -> None:
    rows = evidence.evidence()
    cap = rows[(rows["param_id"] == "policy_check") & (rows["source_id"] == "notice_2023_117")]
    assert cap["value_text_en"].tolist() == ["1.5 / 1.0 亿元; ≥80 %"]
    speed = evidence.evidence("speed")
    assert speed["value_text_en"].tolist() == ["0.10–0.23 per year", "0.13–0.16 per year", "0.50 per year"]
    voucher = evidence.evidence("alpha_funding")
    assert voucher.loc[voucher["source_id"].eq("cpb_2006_vouchers"), "value_text_en"].tolist() == ["8 of 10 additional"]
    nanjing = rows[rows["source_id"].eq("pilot_nanjing_notice")]
    assert nanjing["confidence"].tolist() == ["M"]  # the source is a mirror: M by the notes' own rule
    assert isinstance(rows, pd.DataFrame) and rows["grade"].isin(["B", "C"]).all()
