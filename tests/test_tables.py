"""Bad data files fail with a message naming file, row and column."""
from __future__ import annotations

from pathlib import Path

import pytest

from smedx import schemas
from smedx.tables import DataFileError, read_table

HEADER = ("indicator,geo_level,geo_id,year,year_inferred,value,lower,upper,bounds,status,approx,source_id,locator,"
          "note_zh,note_en\n")
GOOD = "dt_share_implemented,nation,CN,2020,false,32.9,,,,published,false,paper,§二(一),,\n"


def _write(tmp_path: Path, body: str, encoding: str = "utf-8") -> Path:
    (tmp_path / "observations.csv").write_bytes((HEADER + body).encode(encoding))
    return tmp_path


@pytest.mark.parametrize(("line", "row", "column", "fragment"), [
    ("dt_share_implemented,nation,CN,2020,false,abc,,,,published,false,paper,§二(一),\n", 3, "value", "abc"),
    ("dt_share_implemented,planet,CN,2021,false,1,,,,published,false,paper,§二(一),\n", 3, "geo_level", "planet"),
    ("dt_share_implemented,nation,CN,2021,false,1,,,,guessed,false,paper,§二(一),\n", 3, "status", "guessed"),
    ("dt_share_implemented,nation,CN,2021,false,1,,,,published,false,,§二(一),\n", 3, "source_id", "not_nullable"),
])
def test_error_names_file_row_and_column(tmp_path: Path, line: str, row: int, column: str, fragment: str) -> None:
    """A bad cell is reported as "observations.csv: row R, column C" with the offending value."""
    with pytest.raises(DataFileError) as caught:
        read_table("observations.csv", schemas.OBSERVATIONS, _write(tmp_path, GOOD + line))
    message = str(caught.value)
    assert f"observations.csv: row {row}, column {column}:" in message
    assert fragment in message


def test_interval_without_bounds_is_rejected(tmp_path: Path) -> None:
    """An "interval" row needs a bound; the whole-table check names the file."""
    bad = "city_dt_share,city,330200,2020,true,,,,,interval,false,paper,Fig. 2,\n"
    with pytest.raises(DataFileError, match=r"observations\.csv: .*value/lower/upper do not fit the status"):
        read_table("observations.csv", schemas.OBSERVATIONS, _write(tmp_path, bad))


def test_missing_file_and_wrong_encoding(tmp_path: Path) -> None:
    """A missing file and a non-UTF-8 file both give a clear DataFileError."""
    with pytest.raises(DataFileError, match=r"observations\.csv: row -, column -: file not found"):
        read_table("observations.csv", schemas.OBSERVATIONS, tmp_path)
    gbk = "dt_share_implemented,nation,CN,2020,false,32.9,,,,published,false,paper,第二节,\n"
    with pytest.raises(DataFileError, match="not UTF-8"):
        read_table("observations.csv", schemas.OBSERVATIONS, _write(tmp_path, gbk, "gb18030"))


def test_unknown_column_is_rejected(tmp_path: Path) -> None:
    """Schemas are strict: an extra column is an error, not silently ignored."""
    (tmp_path / "observations.csv").write_text(HEADER.strip() + ",extra\n" + GOOD.strip() + ",x\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="extra"):
        read_table("observations.csv", schemas.OBSERVATIONS, tmp_path)


def test_decimals_are_counted_from_the_text_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``decimals_of`` counts the places printed in the CSV (43.0 keeps one) from the one read of the file."""
    import pandas as pd

    reads: list[object] = []
    original = pd.read_csv
    monkeypatch.setattr(pd, "read_csv", lambda *a, **k: reads.append(a) or original(*a, **k))
    body = GOOD + "dt_share_planning,nation,CN,2020,false,43.0,,,,published,false,paper,§二(一),,\n" \
        + "dt_share_no_plan,nation,CN,2020,false,,29.70,40,(],interval,false,paper,§二(一),,\n"
    frame = read_table("observations.csv", schemas.OBSERVATIONS, _write(tmp_path, body),
                       decimals_of=("value", "lower", "upper"))
    assert frame["decimals"].tolist() == [1, 1, 2]
    assert frame["value"].iloc[1] == 43.0 and len(reads) == 1
