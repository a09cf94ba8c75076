"""Reading uploads: formats by content, encodings, header checks before the body, limits while reading."""
from __future__ import annotations

import pandas as pd
import pytest

from smedx.mydata import reading, schema
from smedx.mydata.schema import UploadError
from tests.mydata_fixtures import parquet_bytes, xlsx_bytes

CSV = "firm_id,province,status,weight\nA1,广东省,已实施,1.5\nA2,Sichuan,planning,2\n"


def _code(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(UploadError) as caught:
        call()
    return caught.value.issue.code


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_every_accepted_encoding_reads_the_same(encoding: str) -> None:
    raw = reading.read(CSV.encode(encoding))
    assert raw.fmt == "csv"
    assert list(raw.frame.columns) == ["firm_id", "province", "status", "weight"]
    assert raw.frame.loc[2].tolist() == ["A1", "广东省", "已实施", "1.5"]
    assert list(raw.frame.index) == [2, 3]  # spreadsheet rows, header = 1


@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_separated_files(sep: str) -> None:
    raw = reading.read(CSV.replace(",", sep).encode())
    assert raw.frame.loc[3, "province"] == "Sichuan"


def test_chinese_headers_and_aliases_map_to_column_ids() -> None:
    raw = reading.read("企业编号,省份,转型状态,调查权重\nA1,广东,已实施,1\n".encode("gb18030"))
    assert list(raw.frame.columns) == ["firm_id", "province", "status", "weight"]


def test_unknown_columns_are_ignored_with_a_suggestion() -> None:
    raw = reading.read(b"firm_id,province,status,provnce_code,notes\nA1,44,none,x,y\n")
    assert [(n.code, n.fields["column"], n.fields["suggestion"]) for n in raw.notes] == [
        ("ignored_column_suggest", "provnce_code", "province"), ("ignored_column", "notes", "")]
    assert not any(n.error for n in raw.notes)
    assert list(raw.frame.columns) == ["firm_id", "province", "status"]


def test_missing_required_columns_name_them_and_the_header_found() -> None:
    with pytest.raises(UploadError) as caught:
        reading.read(b"id,region\n1,east\n")
    issue = caught.value.issue
    assert issue.code == "missing_columns" and issue.fields["columns"] == "province, status"
    assert "省份" in issue.text("zh") or "province" in issue.text("zh")
    assert issue.text("en").startswith("Required columns missing: province, status.")


def test_a_column_given_twice_is_an_error() -> None:
    assert _code(lambda: reading.read("firm_id,province,省份,status\n1,44,44,none\n".encode())) == "duplicate_column"


@pytest.mark.parametrize("data", [b"", b"\n\n", b"firm_id,province,status\n", b"firm_id,province,status\n,,\n"])
def test_empty_files(data: bytes) -> None:
    assert _code(lambda: reading.read(data)) == "empty_file"


def test_binary_renamed_csv_is_refused_before_parsing() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10
    assert _code(lambda: reading.read(png)) == "not_text"
    assert _code(lambda: reading.read(b"\xff\xfe\xfa" * 100)) == "not_text"


def test_over_the_size_limit_is_refused_from_the_announced_size() -> None:
    with pytest.raises(UploadError) as caught:
        reading.check_size(65 * 2**20)
    assert caught.value.issue.code == "too_large"
    assert caught.value.issue.text("zh") == "文件大小 65.0 MB，超过上限 64 MB，未读取。"
    assert caught.value.issue.text("en") == "The file is 65.0 MB, over the 64 MB limit; it was not read."
    assert _code(lambda: reading.read(CSV.encode(), max_bytes=10)) == "too_large"


def test_row_limit_stops_csv_xlsx_andparquet_bytes() -> None:
    rows = [["firm_id", "province", "status"]] + [[f"F{i}", "44", "none"] for i in range(10)]
    csv_bytes = "\n".join(",".join(r) for r in rows).encode()
    assert len(reading.read(csv_bytes, max_rows=10).frame) == 10
    for data in (csv_bytes, xlsx_bytes(rows), parquet_bytes(pd.DataFrame(rows[1:], columns=rows[0]))):
        with pytest.raises(UploadError) as caught:
            reading.read(data, max_rows=9)
        assert caught.value.issue.code == "too_many_rows"


def test_xlsx_by_content_with_numbers_as_text() -> None:
    data = xlsx_bytes([["企业编号", "省份", "转型状态", "权重", None], [101, 440000, "已实施", 1.5, None],
                  [None, None, None, None, None], [102, "廣東", "无计划", 2, None]])
    raw = reading.read(data)
    assert raw.fmt == "xlsx"
    assert raw.frame.to_dict("index") == {
        2: {"firm_id": "101", "province": "440000", "status": "已实施", "weight": "1.5"},
        4: {"firm_id": "102", "province": "廣東", "status": "无计划", "weight": "2"}}


def test_parquet_reads_only_known_columns_as_text() -> None:
    frame = pd.DataFrame({"firm_id": [1, 2], "province": ["44", "51"], "status": ["none", "planning"],
                          "weight": [1.0, 2.5], "other": ["x", "y"]})
    raw = reading.read(parquet_bytes(frame))
    assert raw.fmt == "parquet"
    assert raw.frame.loc[3].tolist() == ["2", "51", "planning", "2.5"]
    assert [n.fields["column"] for n in raw.notes] == ["other"]


def test_broken_zip_and_parquet_get_their_own_message() -> None:
    assert _code(lambda: reading.read(b"PK\x03\x04" + b"\x01" * 200)) == "not_xlsx"
    assert _code(lambda: reading.read(b"PAR1" + b"\x01" * 200)) == "not_parquet"


def test_csv_syntax_error_is_reported() -> None:
    assert _code(lambda: reading.read(b'firm_id,province,status\n1,"44,none\n')) == "csv_syntax"


def test_the_server_enforces_the_same_upload_limit() -> None:
    """The uploader's limit is checked in the browser only; the server's own limit must match it."""
    import tomllib

    from tests.apptest import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == schema.MAX_UPLOAD_MB == 64
