"""CSV export: BOM for Excel, Chinese intact, formula injection neutralised, exact bytes."""
from __future__ import annotations

import pandas as pd

from smedx.export import to_csv_bytes


def test_csv_bytes_are_exact() -> None:
    """UTF-8 with BOM, header, Chinese text and numbers unchanged; risky cells prefixed with an apostrophe."""
    frame = pd.DataFrame({"城市": ["杭州", "=HYPERLINK(\"x\")", "@SUM(A1)"], "value": [47.2, -1.5, 3.0],
                          "note": ["+1", "-2", "ok"]})
    assert to_csv_bytes(frame) == (
        "\ufeff城市,value,note\n杭州,47.2,'+1\n\"'=HYPERLINK(\"\"x\"\")\",-1.5,'-2\n'@SUM(A1),3.0,ok\n"
    ).encode("utf-8")


def test_input_frame_is_not_modified() -> None:
    """Export works on a copy."""
    frame = pd.DataFrame({"a": ["=1"]})
    to_csv_bytes(frame)
    assert frame["a"].tolist() == ["=1"]
