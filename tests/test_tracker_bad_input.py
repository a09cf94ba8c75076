"""The bad-input suite of issue #10, on SQLite AND PostgreSQL: one case per problem found by probing the tracker
as an attacker and as a careless editor would. Every case builds its file or value here, asserts the message
(Chinese and English) and that the database holds the same reports and audit entries before and after.

Cases of the page (markdown injection, drafts after a fault, conflicts, the banner) are in
``tests/test_page_tracker_bad_input.py``; sign-in limits in ``tests/test_tracker_auth.py``.
"""
from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import create_engine, event, text

from smedx.tracker import exporter, reference
from smedx.tracker.importer import import_file
from smedx.tracker.messages import StoreBusy, StoreFull, StoreReadOnly, TrackerError, ValidationFailed
from smedx.tracker.reading import MAX_BYTES, MAX_ROWS
from smedx.tracker.records import Actor
from smedx.tracker.schema import KPI_NAMES
from smedx.tracker.store import ReportData, TrackerStore, open_store
from tests.tracker_data import EDITOR, NOW, row_count

pytest_plugins = ["tests.tracker_fixtures"]  # db_url, store (pg_url comes from tests/conftest.py)

TODAY = date(2025, 6, 15)
HEADER = ["city", "period", *KPI_NAMES, "note", "source"]
GOOD = ["福州市", "2025-03", "210", "55.5", "12", "40", "3", "0.6", "季度报告", "福州市工信局"]
FUZHOU = "350100"


def csv_text(rows: list[list[str]], header: list[str] = HEADER) -> str:
    return "\r\n".join(",".join(row) for row in [header, *rows]) + "\r\n"


def xlsx(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def patched_xlsx(data: bytes, member: str, old: bytes | re.Pattern[bytes], new: bytes) -> bytes:
    """``data`` with ``old`` (bytes or a pattern: openpyxl's XML spacing depends on whether lxml is installed)
    replaced by ``new`` in one zip member (what a hand-made file can hold)."""
    pattern = old if isinstance(old, re.Pattern) else re.compile(re.escape(old))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        assert member in source.namelist()
        for info in source.infolist():
            content = source.read(info)
            if info.filename == member:
                assert pattern.search(content)
                content = pattern.sub(new.replace(b"\\", b"\\\\"), content)
            target.writestr(info, content)
    return buffer.getvalue()


def with_cell(column: str, value: str, base: list[str] = GOOD) -> list[str]:
    row = list(base)
    row[HEADER.index(column)] = value
    return row


def refused(store: TrackerStore, data: bytes, filename: str, zh: str, en: str, **kwargs: object) -> None:
    """Import ``data``: it must be refused with both messages, and the database must not change."""
    before = row_count(store)
    report = import_file(store, EDITOR, data, filename, reference.cities(), today=TODAY, **kwargs)  # type: ignore[arg-type]
    assert report.summary is None and report.rows == []
    assert any(zh in m for m in report.messages("zh")), report.messages("zh")
    assert any(en in m for m in report.messages("en")), report.messages("en")
    assert row_count(store) == before


def accepted(store: TrackerStore, data: bytes, filename: str = "r.csv", **kwargs: object) -> None:
    report = import_file(store, EDITOR, data, filename, reference.cities(), today=TODAY, **kwargs)  # type: ignore[arg-type]
    assert report.issues == [] and report.summary is not None, report.messages("en")


def saving_refused(store: TrackerStore, data: ReportData, zh: str, en: str, actor: Actor = EDITOR) -> None:
    before = row_count(store)
    with pytest.raises(ValidationFailed) as caught:
        store.save_report(actor, data)
    assert zh in caught.value.message("zh") and en in caught.value.message("en")
    assert row_count(store) == before


# ------------------------------------------------------------------------------------------------- High
def test_xlsx_with_a_huge_note_is_refused_while_reading(store: TrackerStore) -> None:
    """A small XLSX that unpacks to a 45 MB note (the probe stored 95 MB from 99 KB) is refused from the zip
    directory, before anything is unpacked."""
    data = patched_xlsx(xlsx([with_cell("note", "PLACEHOLDER")]), "xl/worksheets/sheet1.xml", b"PLACEHOLDER",
                        "注".encode() * 15_000_000)
    assert len(data) < 1_000_000
    refused(store, data, "r.xlsx", "解压后大于 40 MB", "unpacks to more than 40 MB")


def test_a_long_cell_is_refused_while_reading(store: TrackerStore) -> None:
    refused(store, xlsx([with_cell("note", "x" * 2001)]), "r.xlsx", "有 2001 个字符（上限 2000）",
            "has 2001 characters (at most 2000)")


def test_a_long_note_from_the_form_is_refused_by_the_store(store: TrackerStore) -> None:
    saving_refused(store, ReportData(FUZHOU, "2025-03", note="x" * 2001), "“note”过长：2001 个字符",
                   '"note" is too long: 2001 characters')


def test_unclosed_quote_in_csv_is_a_syntax_error(store: TrackerStore) -> None:
    rows = [GOOD, with_cell("note", '"未闭合的引号', with_cell("period", "2025-02")), with_cell("period", "2025-01")]
    refused(store, csv_text(rows).encode(), "r.csv", "未闭合或多余的引号", "unclosed or stray quote")


# ------------------------------------------------------------------------------------------------- Medium
@pytest.mark.parametrize("value", ["1e309", "Infinity", "nan", "-inf"])
def test_overflowing_and_non_finite_numbers_are_not_numbers(store: TrackerStore, value: str) -> None:
    refused(store, csv_text([with_cell("l2_share_pct", value)]).encode(), "r.csv", "不是数字", "is not a number")
    saving_refused(store, ReportData(FUZHOU, "2025-03", l2_share_pct=float(value)), "不是数字", "is not a number")


@pytest.mark.parametrize("value", [2**31, 3_000_000_000, 10**20, 2**53 + 1])
def test_integers_beyond_what_both_databases_store_are_refused(store: TrackerStore, value: int) -> None:
    refused(store, csv_text([with_cell("firms_retrofitted", str(value))]).encode(), "r.csv", "过大", "is too large")
    saving_refused(store, ReportData(FUZHOU, "2025-03", firms_retrofitted=value), "过大：", "is too large")


def test_float_cells_beyond_the_integer_range_are_refused(store: TrackerStore) -> None:
    refused(store, xlsx([[*GOOD[:2], 1e20, *GOOD[3:]]]), "r.xlsx", "过大", "is too large")


def test_largest_integer_is_stored_exactly(store: TrackerStore) -> None:
    accepted(store, csv_text([with_cell("firms_retrofitted", "2147483647")]).encode())
    assert store.reports()[0].firms_retrofitted == 2**31 - 1


@pytest.mark.parametrize("column", ["note", "source"])
def test_nul_and_control_characters_are_refused(store: TrackerStore, column: str) -> None:
    refused(store, csv_text([with_cell(column, "a\x00b")]).encode(), "r.csv", "控制字符", "control character")
    saving_refused(store, ReportData(FUZHOU, "2025-03", **{column: "a\x00b"}), "控制字符", "control character")


@pytest.mark.parametrize(("encoding", "name"), [("big5", "Big5"), ("shift_jis", "Shift-JIS")])
def test_big5_and_shift_jis_are_named_not_garbled(store: TrackerStore, encoding: str, name: str) -> None:
    note = "季度報告，進度說明" if encoding == "big5" else "報告書のテスト"
    data = csv_text([with_cell("note", note, with_cell("city", "Fuzhou"))]).encode(encoding)
    refused(store, data, "r.csv", f"看起来是 {name} 编码", f"looks like {name}")


def test_utf16_with_bom_is_read(store: TrackerStore) -> None:
    accepted(store, csv_text([with_cell("note", "季度报告")]).encode("utf-16"))
    assert store.reports()[0].note == "季度报告"


def test_gb18030_with_rare_characters_is_still_read(store: TrackerStore) -> None:
    accepted(store, csv_text([with_cell("note", "福州市工信局：进度（一）、“数字化”")]).encode("gb18030"))
    assert store.reports()[0].note == "福州市工信局：进度（一）、“数字化”"


def test_reimporting_an_old_export_does_not_overwrite_newer_edits(store: TrackerStore) -> None:
    saved = store.save_report(EDITOR, ReportData(FUZHOU, "2025-03", firms_retrofitted=200))
    old_export = exporter.to_csv_bytes(exporter.export_frame(store.reports_frame(), reference.cities()))
    store.save_report(EDITOR, ReportData(FUZHOU, "2025-03", firms_retrofitted=260), report_id=saved.id,
                      expected_version=1)
    edited = old_export.replace(b",200,", b",210,")
    refused(store, edited, "export.csv", "导出后已被修改（文件：第 1 版；数据库：第 2 版）",
            "changed since this file was exported (file: version 1; database: version 2)", replace=True)
    assert store.reports()[0].firms_retrofitted == 260


def test_stale_rows_are_refused_by_the_store_transaction_too(store: TrackerStore) -> None:
    saved = store.save_report(EDITOR, ReportData(FUZHOU, "2025-03", firms_retrofitted=200))
    store.save_report(EDITOR, ReportData(FUZHOU, "2025-03", firms_retrofitted=260), report_id=saved.id,
                      expected_version=1)
    before = row_count(store)
    with pytest.raises(ValidationFailed) as caught:
        store.import_reports(EDITOR, [ReportData(FUZHOU, "2025-03", firms_retrofitted=210)], replace=True,
                             expected={(FUZHOU, "2025-03"): 1})
    assert "第 2 版" in caught.value.message("zh") and row_count(store) == before


def test_a_fresh_export_reimports_with_replace(store: TrackerStore) -> None:
    store.save_report(EDITOR, ReportData(FUZHOU, "2025-03", firms_retrofitted=200))
    export = exporter.to_csv_bytes(exporter.export_frame(store.reports_frame(), reference.cities()))
    accepted(store, export.replace(b",200,", b",210,"), "export.csv", replace=True)
    assert store.reports()[0].firms_retrofitted == 210 and store.reports()[0].version == 2


@pytest.mark.parametrize(
    ("header", "row", "zh", "en"),
    [
        ([*HEADER, "firms_retrofitted"], [*GOOD, "999"], "列“firms_retrofitted”出现了两次（C 列和 K 列）",
         'Column "firms_retrofitted" appears twice (columns C and K)'),
        (["城市", *HEADER[1:], "city"], [*GOOD, "厦门市"], "列“city”出现了两次", 'Column "city" appears twice'),
        (["adcode", *HEADER], ["350200", *GOOD], "与行政区划代码 350200 不是同一城市",
         "and adcode 350200 name different cities"),
    ],
    ids=["two_kpi_columns", "city_and_chengshi", "city_adcode_disagree"],
)
def test_ambiguous_columns_are_errors(store: TrackerStore, header: list[str], row: list[str], zh: str,
                                      en: str) -> None:
    refused(store, csv_text([row], header).encode(), "r.csv", zh, en)


@pytest.mark.parametrize("value", ["5,5", "1_000", "1,0000", "0x10", "1e3", "١٢"])
def test_numbers_are_parsed_strictly(store: TrackerStore, value: str) -> None:
    refused(store, csv_text([with_cell("products", f'"{value}"')]).encode(), "r.csv", "不是数字", "is not a number")


@pytest.mark.parametrize(("value", "stored"), [('"1,000"', 1000), ("１２０", 120), ("'120", 120), ("+7", 7)])
def test_numbers_people_write_are_read(store: TrackerStore, value: str, stored: int) -> None:
    accepted(store, csv_text([with_cell("products", value)]).encode())
    assert store.reports()[0].products == stored


def test_a_declared_million_row_xlsx_is_refused_before_reading_rows(store: TrackerStore) -> None:
    """The sheet declares its size; the probe's 1 M-row sheet costs 228 s of CPU when read to the end."""
    data = patched_xlsx(xlsx([GOOD]), "xl/worksheets/sheet1.xml", re.compile(rb'<dimension ref="A1:J2"\s*/>'),
                        b'<dimension ref="A1:J1000000"/>')
    refused(store, data, "r.xlsx", f"最多 {MAX_ROWS} 个数据行", f"at most {MAX_ROWS} data rows")


def test_an_undeclared_long_sheet_is_refused_before_openpyxl_parses_it(store: TrackerStore) -> None:
    """Without a declared size openpyxl would parse every row just to find it; the rows are counted first."""
    rows = b"".join(b"<row><c><v>1</v></c></row>" for _ in range(MAX_ROWS + 2))
    data = patched_xlsx(xlsx([GOOD]), "xl/worksheets/sheet1.xml", b"</sheetData>", rows + b"</sheetData>")
    refused(store, data, "r.xlsx", f"最多 {MAX_ROWS} 个数据行", f"at most {MAX_ROWS} data rows")


def test_rows_past_the_limit_stop_the_csv_reader(store: TrackerStore) -> None:
    rows = [with_cell("period", "2025-01")] * (MAX_ROWS + 1)
    refused(store, csv_text(rows).encode(), "r.csv", f"最多 {MAX_ROWS} 个数据行", f"at most {MAX_ROWS} data rows")


def test_a_file_over_the_size_limit_is_refused_before_decoding(store: TrackerStore) -> None:
    data = csv_text([GOOD]).encode() + b"," * MAX_BYTES
    refused(store, data, "r.csv", "文件大于 10 MB", "larger than 10 MB")


def test_import_while_the_database_is_locked(store: TrackerStore, db_url: str) -> None:
    """Another writer holds the lock: 'busy, try again', nothing written, no traceback."""
    if db_url.startswith("sqlite"):
        engine = create_engine(db_url, connect_args={"timeout": 0.2})
        holder_engine = create_engine(db_url)
        lock = "BEGIN EXCLUSIVE"
    else:
        engine = create_engine(db_url, connect_args={"options": "-c lock_timeout=200"})
        holder_engine = create_engine(db_url)
        lock = "LOCK TABLE tracker_report IN ACCESS EXCLUSIVE MODE"
    busy = TrackerStore(engine, clock=lambda: NOW)
    before = row_count(store)
    with holder_engine.connect() as holder:
        if db_url.startswith("sqlite"):
            holder.exec_driver_sql(lock)
        else:
            holder.begin()
            holder.execute(text(lock))
        with pytest.raises(StoreBusy) as caught:
            import_file(busy, EDITOR, csv_text([GOOD]).encode(), "r.csv", reference.cities(), today=TODAY)
        holder.rollback()
    assert "正忙" in caught.value.message("zh") and "busy" in caught.value.message("en")
    assert row_count(store) == before
    engine.dispose()
    holder_engine.dispose()


def test_save_to_a_read_only_database(store: TrackerStore, db_url: str) -> None:
    if db_url.startswith("sqlite"):
        engine = create_engine(f"sqlite:///file:{db_url.split(':///', 1)[1]}?mode=ro&uri=true")
    else:
        engine = create_engine(db_url, connect_args={"options": "-c default_transaction_read_only=on"})
    before = row_count(store)
    with pytest.raises(StoreReadOnly) as caught:
        TrackerStore(engine, clock=lambda: NOW).save_report(EDITOR, ReportData(FUZHOU, "2025-03", products=1))
    assert "只读" in caught.value.message("zh") and "read-only" in caught.value.message("en")
    assert "127.0.0.1" not in str(caught.value) and "sqlite" not in str(caught.value).lower()
    assert row_count(store) == before
    engine.dispose()


def test_save_to_a_full_database(tmp_path: Path) -> None:
    """SQLite only: a full disk cannot be made for the test PostgreSQL server without root-level tricks; the
    SQLSTATE it would send (53100) maps to the same error (``smedx.tracker.engine``)."""
    url = f"sqlite:///{tmp_path / 'full.sqlite3'}"
    store = open_store(url)
    store.sync_cities(reference.cities())
    store.engine.dispose()
    engine = create_engine(url)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=DELETE")  # in WAL mode the page cap waits for a checkpoint
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar_one()

    @event.listens_for(engine, "connect")
    def _cap(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 1}")

    engine.dispose()  # the pooled connection above has no cap

    full = TrackerStore(engine, clock=lambda: NOW)
    caught = None
    for month in range(1, 13):  # fill the free space of the last pages, then the next write cannot grow the file
        before = row_count(store)
        try:
            full.save_report(EDITOR, ReportData(FUZHOU, f"2024-{month:02d}", note="x" * 2000, source="y" * 500))
        except StoreFull as exc:
            caught = exc
            break
    assert caught is not None
    assert "磁盘已满" in caught.message("zh") and "disk is full" in caught.message("en")
    assert row_count(store) == before
    engine.dispose()


# ------------------------------------------------------------------------------------------------- Low
def test_impossible_dates_are_refused(store: TrackerStore) -> None:
    refused(store, csv_text([with_cell("period", "2025-02-30")]).encode(), "r.csv", "无法识别", "not recognised")
    saving_refused(store, ReportData(FUZHOU, "2025-02-30"), "无法识别", "not recognised")


@pytest.mark.parametrize("value", ["2025年3月31日", "2025-03-31", "2025/3/31", "2025年3月", "2025.03"])
def test_dates_people_write_are_accepted(store: TrackerStore, value: str) -> None:
    accepted(store, csv_text([with_cell("period", value)]).encode())
    assert store.reports()[0].period == "2025-03"


def test_value_errors_are_not_database_errors(store: TrackerStore) -> None:
    before = row_count(store)
    with pytest.raises(ValidationFailed) as caught:
        store.save_report(EDITOR, ReportData(FUZHOU, "2025-03", firms_retrofitted=3_000_000_000))
    assert "数据库" not in caught.value.message("zh") and "database" not in caught.value.message("en")
    long_name = Actor("名" * 201, "editor")
    with pytest.raises(ValidationFailed) as named:
        store.save_report(long_name, ReportData(FUZHOU, "2025-03"))
    assert "超过 200 个字符" in named.value.message("zh") and "longer than 200" in named.value.message("en")
    assert row_count(store) == before


@pytest.mark.parametrize(
    ("header", "row", "zh", "en"),
    [
        ([*HEADER[:3], "", *HEADER[3:]], [*GOOD[:3], "7", *GOOD[3:]], "D 列有内容但没有表头",
         "Column D has a value but no header"),
        (HEADER, [*GOOD, "多出的值"], "K 列有内容但没有表头", "Column K has a value but no header"),
    ],
    ids=["blank_header", "beyond_header"],
)
def test_cells_without_header_are_reported(store: TrackerStore, header: list[str], row: list[str], zh: str,
                                           en: str) -> None:
    refused(store, csv_text([row], header).encode(), "r.csv", zh, en)


def test_formula_without_cached_value_is_reported(store: TrackerStore) -> None:
    data = xlsx([[*GOOD[:2], "=B7*3", *GOOD[3:]]])  # openpyxl writes formulas without a cached result
    refused(store, data, "r.xlsx", "没有保存计算结果的公式（=B7*3）", "formula without a saved result (=B7*3)")


@pytest.mark.parametrize(
    ("cell", "adcode"),
    [("廈門市", "350200"), ("瀋陽", "210100"), ("'350100", "350100"), ("Fuzhou", "350100"), ("青島", "370200"),
     ("北京市順義區", "110113"), ("XIAN", "610100")],
)
def test_city_spellings_are_resolved(store: TrackerStore, cell: str, adcode: str) -> None:
    accepted(store, csv_text([with_cell("city", cell)]).encode())
    assert store.reports()[0].city_adcode == adcode


@pytest.mark.parametrize(("cell", "suggestion"), [("Fuzou", "福州市"), ("Suzou", "苏州市"), ("Shenyan", "沈阳市")])
def test_suggestions_keep_the_initial(store: TrackerStore, cell: str, suggestion: str) -> None:
    refused(store, csv_text([with_cell("city", cell)]).encode(), "r.csv", f"您是否指“{suggestion}”",
            f'did you mean "{suggestion}"')


def test_redact_removes_text_from_the_report_and_its_history(store: TrackerStore) -> None:
    saved = store.save_report(EDITOR, ReportData(FUZHOU, "2025-03", note="身份证号 350102…", source="个人邮箱"))
    changed = store.save_report(EDITOR, dataclasses.replace(saved_data(saved), products=3), report_id=saved.id,
                                expected_version=1)
    redacted = store.redact_report(EDITOR, saved.id, changed.version)
    assert (redacted.note, redacted.source, redacted.version) == (None, None, 3)
    history = store.audit(entity_key=f"{FUZHOU}/2025-03")
    assert [e.action for e in history] == ["redact", "update", "insert"]
    assert "身份证号" not in repr([(e.old, e.new) for e in history])
    assert history[0].old == {"version": 2, "fields": ["note", "source"]} and history[0].actor == EDITOR.name


def test_viewers_cannot_delete_or_redact(store: TrackerStore) -> None:
    saved = store.save_report(EDITOR, ReportData(FUZHOU, "2025-03", note="x"))
    before = row_count(store)
    for action in (store.delete_report, store.redact_report):
        with pytest.raises(TrackerError):
            action(Actor("guest", "viewer"), saved.id, 1)
    assert row_count(store) == before


def saved_data(row: ReportData) -> ReportData:
    """The editable part of a stored row."""
    return ReportData(**{f.name: getattr(row, f.name) for f in dataclasses.fields(ReportData)})
