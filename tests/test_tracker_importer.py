"""Import of progress reports: encodings, XLSX, row-by-row report in zh and en, all or nothing."""
from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from smedx.tracker import reference
from smedx.tracker.importer import CityIndex, import_file
from smedx.tracker.messages import PermissionDenied
from smedx.tracker.reading import decode_text
from smedx.tracker.schema import KPI_NAMES
from smedx.tracker.store import ReportData, TrackerStore
from tests.tracker_data import EDITOR, VIEWER, row_count

pytest_plugins = ["tests.tracker_fixtures"]  # db_url, store (pg_url comes from tests/conftest.py)

TODAY = date(2025, 6, 15)
HEADER = ["city", "period", *KPI_NAMES, "note", "source"]
GOOD = ["福州市", "2025-03", "210", "55.5", "12", "40", "3", "0.6", "季度报告", "福州市工信局"]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8", header: list[str] = HEADER) -> bytes:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def run(store: TrackerStore, data: bytes, filename: str = "reports.csv", **kwargs):  # type: ignore[no-untyped-def]
    return import_file(store, EDITOR, data, filename, reference.cities(), today=TODAY, **kwargs)


def with_cell(column: str, value: str, base: list[str] = GOOD) -> list[str]:
    row = list(base)
    row[HEADER.index(column)] = value
    return row


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_encodings_accepted_with_chinese_headers_and_names(store: TrackerStore, encoding: str) -> None:
    header = ["城市", "报告期", "完成改造企业数", "二级及以上占比(%)", "服务商数", "小快轻准产品数",
              "小灯塔企业数", "已拨付中央资金(亿元)", "备注", "来源"]
    rows = [with_cell("city", "厦门"), with_cell("period", "2025年2月", with_cell("city", "浦东新区")),
            with_cell("l2_share_pct", "61%", with_cell("city", "昌吉州"))]
    report = run(store, csv_bytes(rows, encoding, header))
    assert report.issues == [] and report.summary.inserted == 3
    stored = {(r.city_adcode, r.period): r for r in store.reports()}
    assert set(stored) == {("350200", "2025-03"), ("310115", "2025-02"), ("652300", "2025-03")}
    assert stored[("652300", "2025-03")].l2_share_pct == 61.0
    assert stored[("350200", "2025-03")].note == "季度报告"
    assert "新增 3 条" in report.headline("zh") and "3 new reports" in report.headline("en")


def test_xlsx_with_numbers_and_date_cells(store: TrackerStore) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["Wuhan", datetime(2025, 1, 31), 120, 48.25, 8, 15, 1, 0.35, "'=SUM(A1)", None])
    sheet.append(["420100", "2025-02", 150, None, None, None, None, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    report = run(store, buffer.getvalue(), "报告.xlsx")
    assert report.issues == [] and report.summary.inserted == 2
    first, second = store.reports("420100")
    assert (first.period, first.firms_retrofitted, first.l2_share_pct) == ("2025-01", 120, 48.25)
    assert first.note == "=SUM(A1)"  # our export's formula-neutralising apostrophe is removed again
    assert (second.period, second.firms_retrofitted, second.l2_share_pct) == ("2025-02", 150, None)


BAD_CASES = [
    # (id, rows, header, zh fragment, en fragment)
    ("unknown_city_suggestion", [with_cell("city", "沈杨市")], HEADER, "您是否指“沈阳市”", 'did you mean "沈阳市"'),
    ("unknown_city_english_suggestion", [with_cell("city", "Shenyan")], HEADER, "沈阳市", "did you mean"),
    ("unknown_city", [with_cell("city", "Atlantis")], HEADER, "未知城市“Atlantis”", 'Unknown city "Atlantis"'),
    ("missing_column", [GOOD[:5] + GOOD[6:]], [c for c in HEADER if c != "products"], "缺少列“products”",
     'Missing column "products"'),
    ("unknown_column", [GOOD], ["firms_retrofited" if c == "firms_retrofitted" else c for c in HEADER],
     "您是否指“firms_retrofitted”", 'did you mean "firms_retrofitted"'),
    ("negative", [with_cell("firms_retrofitted", "-5")], HEADER, "不能为负数", "cannot be negative"),
    ("share_above_100", [with_cell("l2_share_pct", "120")], HEADER, "超出范围", "out of range"),
    ("funds_above_cap", [with_cell("funds_disbursed_yi", "1.8")], HEADER, "奖补上限 1.5 亿元", "reward cap (1.5 亿元)"),
    ("not_a_number", [with_cell("products", "很多")], HEADER, "不是数字", "is not a number"),
    ("not_integer", [with_cell("service_providers", "2.5")], HEADER, "必须是整数", "whole number"),
    ("duplicate_period", [GOOD, with_cell("period", "2025/3")], HEADER, "与第 7 行", "Same city and period as row 7"),
    ("bad_period", [with_cell("period", "2024-13")], HEADER, "无法识别", "not recognised"),
    ("future_period", [with_cell("period", "2025-07")], HEADER, "尚未到来", "in the future"),
    ("empty_city", [with_cell("city", "")], HEADER, "“city”不能为空", '"city" is empty'),
    ("header_only", [], HEADER, "没有数据行", "no data rows"),
]


@pytest.mark.parametrize(("rows", "header", "zh", "en"), [c[1:] for c in BAD_CASES], ids=[c[0] for c in BAD_CASES])
def test_bad_input_reports_problem_and_changes_nothing(store: TrackerStore, rows, header, zh, en) -> None:  # type: ignore[no-untyped-def]
    valid = [with_cell("period", f"2024-{m:02d}") for m in range(1, 6)]  # good rows around the bad one
    data = csv_bytes([*valid, *rows] if rows else [], header=header)
    before = row_count(store)
    report = run(store, data)
    assert not report.ok and report.summary is None and report.rows == []
    assert any(zh in text for text in report.messages("zh")), report.messages("zh")
    assert any(en in text for text in report.messages("en")), report.messages("en")
    assert "数据库没有任何更改" in report.headline("zh") and "unchanged" in report.headline("en")
    assert row_count(store) == before


def test_row_numbers_are_spreadsheet_rows(store: TrackerStore) -> None:
    report = run(store, csv_bytes([GOOD, with_cell("city", "Atlantis")]))
    [issue] = report.issues
    assert (issue.row, issue.column) == (3, "city")
    assert issue.text("zh").startswith("第 3 行：") and issue.text("en").startswith("Row 3: ")


def test_period_already_in_database_needs_replace(store: TrackerStore) -> None:
    store.save_report(EDITOR, ReportData("350100", "2025-03", firms_retrofitted=1))
    report = run(store, csv_bytes([GOOD]))
    assert any("替换已有报告" in m for m in report.messages("zh")) and row_count(store) == (1, 1)
    replaced = run(store, csv_bytes([GOOD]), replace=True)
    assert replaced.summary.updated == 1 and store.reports()[0].firms_retrofitted == 210


@pytest.mark.parametrize(
    ("data", "filename", "zh", "en"),
    [
        (b"city,period\r\n\x81\x30\xff\xff", "r.csv", "无法识别文件编码", "Unknown text encoding"),
        (b"PK\x03\x04 not really a zip", "r.xlsx", "无法读取文件", "Cannot read the file"),
        (b"%PDF-1.4", "r.pdf", "不支持的文件类型", "Unsupported file type"),
    ],
    ids=["encoding", "broken_xlsx", "pdf"],
)
def test_unreadable_files(store: TrackerStore, data: bytes, filename: str, zh: str, en: str) -> None:
    report = run(store, data, filename)
    assert zh in report.messages("zh")[0] and en in report.messages("en")[0]
    assert row_count(store) == (0, 0)


def test_viewer_cannot_import(store: TrackerStore) -> None:
    with pytest.raises(PermissionDenied):
        import_file(store, VIEWER, csv_bytes([GOOD]), "r.csv", reference.cities(), today=TODAY)
    assert row_count(store) == (0, 0)


def test_decode_prefers_utf8_then_gb18030() -> None:
    assert decode_text("\ufeff城市".encode()) == "城市"
    assert decode_text("城市".encode("gb18030")) == "城市"


@pytest.mark.parametrize(
    ("value", "adcode"),
    [("沈阳市", "210100"), ("沈阳", "210100"), ("210100", "210100"), ("shenyang", "210100"),
     ("上海市浦东新区", "310115"), ("浦东新区", "310115"), ("浦东", "310115"),
     ("Shanghai Songjiang District", "310117"), ("昌吉回族自治州", "652300"), ("昌吉州", "652300"),
     ("昌吉", "652300"), ("Xi'an", "610100"), ("成都", None)],
)
def test_city_index_resolves_names(value: str, adcode: str | None) -> None:
    assert CityIndex(reference.cities()).resolve(value) == adcode
