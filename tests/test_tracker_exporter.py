"""Export: UTF-8 BOM CSV for Excel, XLSX, formula-injection neutralised, re-importable."""
from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from smedx.export import csv_bytes, neutralise
from smedx.tracker import reference, view
from smedx.tracker.exporter import (
    EXPORT_COLUMNS,
    city_list,
    export_frame,
    reports_xlsx,
    template_csv,
    to_csv_bytes,
    to_xlsx_bytes,
)
from smedx.tracker.importer import COLUMNS, EXPORT_ONLY, import_file
from smedx.tracker.store import ReportData, TrackerStore
from tests.tracker_data import EDITOR

pytest_plugins = ["tests.tracker_fixtures"]  # db_url, store (pg_url comes from tests/conftest.py)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+86", "'+86"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
     ("正常文本", "正常文本"), ("a=b", "a=b"), (5, 5), (-5.5, -5.5), (None, None)],
)
def test_neutralise(value: object, expected: object) -> None:
    assert neutralise(value) == expected


@pytest.fixture
def exported(store: TrackerStore) -> pd.DataFrame:
    store.save_report(EDITOR, ReportData("350100", "2025-03", firms_retrofitted=210, l2_share_pct=55.5,
                                         note="=HYPERLINK(\"http://evil\")", source="福州市工信局"))
    store.save_report(EDITOR, ReportData("310115", "2025-02", products=7, note="-负责人：张三"))
    return export_frame(store.reports_frame(), reference.cities())


def test_export_frame_columns_and_city_names(exported: pd.DataFrame) -> None:
    assert tuple(exported.columns) == EXPORT_COLUMNS
    assert set(EXPORT_COLUMNS) <= set(COLUMNS) | set(EXPORT_ONLY)  # every export column is importable
    assert exported["city"].tolist() == ["上海市浦东新区", "福州市"]
    assert exported.loc[1, "updated_at"] == "2025-06-15 12:00:00 UTC"


def test_csv_has_bom_chinese_and_no_live_formulas(exported: pd.DataFrame) -> None:
    data = to_csv_bytes(exported)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "福州市工信局" in text and "'-负责人：张三" in text
    assert "\"'=HYPERLINK(\"\"http://evil\"\")\"" in text
    assert all(not line.split(",")[0].startswith(("=", "+", "-", "@")) for line in text.splitlines())


def test_xlsx_cells_are_strings_not_formulas(exported: pd.DataFrame) -> None:
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(exported))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    notes = {row[0]: row[EXPORT_COLUMNS.index("note")] for row in rows[1:]}
    assert notes == {"福州市": "'=HYPERLINK(\"http://evil\")", "上海市浦东新区": "'-负责人：张三"}
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    fuzhou = next(row for row in rows if row[0] == "福州市")
    assert fuzhou[EXPORT_COLUMNS.index("firms_retrofitted")] == 210  # numbers stay numbers


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_round_trips_through_import(store: TrackerStore, exported: pd.DataFrame, fmt: str) -> None:
    data = to_csv_bytes(exported) if fmt == "csv" else to_xlsx_bytes(exported)
    before = {r.city_adcode: r for r in store.reports()}
    report = import_file(store, EDITOR, data, f"export.{fmt}", reference.cities(), replace=True,
                         today=date(2025, 6, 15))
    assert report.issues == [] and report.summary.updated == 2
    after = {r.city_adcode: r for r in store.reports()}
    for adcode, row in before.items():
        assert (after[adcode].note, after[adcode].firms_retrofitted, after[adcode].l2_share_pct) == (
            row.note, row.firms_retrofitted, row.l2_share_pct)


def test_template_is_header_only_with_bom() -> None:
    text = template_csv().decode("utf-8-sig")
    assert text.strip().split(",")[:3] == ["city", "period", "firms_retrofitted"]
    assert len(text.strip().splitlines()) == 1


def test_city_list_holds_every_city_before_any_report(store: TrackerStore) -> None:
    """With no report at all the list still has one row per identified city (status no_report), with numbers
    and provenance; the reports XLSX carries it as a second sheet."""
    cities = reference.cities()
    listed = city_list(view.cities_frame("en", store.reports_frame()))
    frame = pd.read_csv(io.BytesIO(csv_bytes(listed, date(2026, 1, 1))), comment="#", dtype={"adcode": str})
    assert len(frame) == len(cities) >= 44
    assert set(frame["status"]) == {"no_report"} and frame["value"].isna().all()
    assert frame["source_id"].notna().all() and frame["locator"].notna().all()
    shenyang = frame.set_index("adcode").loc["210100"]
    assert (shenyang["name_zh"], shenyang["award_cap_yi"], shenyang["unit"]) == ("沈阳市", 1.5, "percent")
    book = load_workbook(io.BytesIO(reports_xlsx(store.reports_frame(), cities, listed)))
    assert book.sheetnames == ["reports", "cities", "about"]
    assert book["cities"].max_row == len(cities) + 1 and book["reports"].max_row == 1


def test_city_list_shows_the_latest_report(store: TrackerStore, exported: pd.DataFrame) -> None:
    listed = city_list(view.cities_frame("zh", store.reports_frame())).frame.set_index("adcode")
    fuzhou = listed.loc["350100"]
    assert (fuzhou["latest_period"], fuzhou["firms_retrofitted"], fuzhou["name"]) == ("2025-03", 210, "福州市")
    assert fuzhou["status"] != "no_report"


def test_reports_xlsx_round_trips_through_import(store: TrackerStore, exported: pd.DataFrame) -> None:
    cities = reference.cities()
    data = reports_xlsx(store.reports_frame(), cities, city_list(view.cities_frame("zh", store.reports_frame())))
    report = import_file(store, EDITOR, data, "export.xlsx", cities, replace=True, today=date(2025, 6, 15))
    assert report.issues == [] and report.summary.updated == 2
