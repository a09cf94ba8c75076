"""CSV/XLSX export: BOM for Excel, Chinese intact, formula injection neutralised, the provenance header, exact
bytes."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from smedx import about
from smedx.export import Download, csv_bytes, download_xlsx, to_csv_bytes


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


def _download(**columns: object) -> Download:
    base = {"id": ["a"], "value": [1.5], "lower": [float("nan")], "upper": [float("nan")], "unit": ["percent"],
            "status": ["published"], "source_id": ["paper"], "locator": ["§二"]}
    return Download("Test table", pd.DataFrame({**base, **columns}), {"region": "east"}, ("one note",))


def test_download_csv_is_exact_and_reads_back() -> None:
    """BOM, the # header, then the table; a cell holding # is quoted so read_csv(comment="#") keeps the row;
    formula-like text is neutralised; booleans are true/false."""
    data = csv_bytes(_download(note=["x # y"], label=["=1+1"], flag=[True]), dt.date(2026, 1, 2))
    assert data.decode("utf-8") == (
        "\ufeff# title: Test table\n"
        f"# app: smedx {about.version()}\n"  # no repository address while the deployment sets none
        "# date: 2026-01-02\n"
        "# filters: region=east\n"
        '# source paper: Paper "SME digital transformation: focal points, difficulties and ways forward"\n'
        "# note: one note\n"
        "# licence: CC-BY-4.0 <https://creativecommons.org/licenses/by/4.0/>\n"
        '# read with pandas.read_csv(path, comment="#"); value/lower/upper are in unit (percent = 0-100)\n'
        "id,value,lower,upper,unit,status,source_id,locator,note,label,flag\n"
        "a,1.5,,,percent,published,paper,§二,\"x # y\",'=1+1,true\n"
    )
    frame = pd.read_csv(io.BytesIO(data), comment="#")
    assert frame.columns[0] == "id" and frame.loc[0, "note"] == "x # y" and frame.loc[0, "value"] == 1.5
    assert bool(frame.loc[0, "flag"]) is True


def test_download_needs_the_data_columns_and_numbers() -> None:
    with pytest.raises(ValueError, match="lacks columns"):
        Download("x", pd.DataFrame({"value": [1.0]}))
    with pytest.raises(ValueError, match="not numeric"):
        _download(value=["37.2 %"])


def test_download_xlsx_has_data_and_about_sheets() -> None:
    book = load_workbook(io.BytesIO(download_xlsx(_download(label=["=1+1"]), date=dt.date(2026, 1, 2))))
    assert book.sheetnames == ["data", "about"]
    rows = list(book["data"].iter_rows(values_only=True))
    assert rows[1][1] == 1.5 and rows[1][-1] == "'=1+1"
    assert book["about"]["A3"].value == "date: 2026-01-02"
