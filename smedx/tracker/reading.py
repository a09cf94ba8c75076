"""Reading an uploaded CSV or XLSX file into rows, with every limit enforced WHILE reading (never after a full
parse): the file's size first, then for XLSX the unpacked size and the declared sheet size, then rows, columns and
cell lengths as the rows stream in. A file-level problem is an :class:`ImportFileError` naming what to fix.

CSV: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (what Chinese Excel writes); a file that looks like
Big5 or Shift-JIS is refused with the encoding named (GB18030 would decode it without error, as nonsense). The CSV
reader is strict: an unclosed quote or a stray quote is an error, never a note that swallows the rest of the file.
XLSX: the first sheet, cached values of formula cells (a formula without a cached value is reported).
"""
from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from smedx.tracker.messages import Message, TrackerError
from smedx.tracker.rules import TEXT_LIMITS

MAX_BYTES = 10 * 1024 * 1024  # an upload (also server.maxUploadSize in .streamlit/config.toml)
MAX_UNPACKED = 40 * 1024 * 1024  # all members of an XLSX (a zip) together, unpacked
MAX_ROWS = 10_000  # data rows, header not counted (all 44 cities × 12 months × 2023–2030 are 4,224)
MAX_COLUMNS = 64
MAX_CELL = max(TEXT_LIMITS.values())  # characters of any cell
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s/>]")  # a worksheet row element (not <rowBreaks>)
GB2312_SHARE = 0.9  # below this share of GB2312 characters, GB18030 text is probably another encoding


class ImportFileError(TrackerError):
    """The file as a whole cannot be read (type, size, encoding, syntax, a limit)."""


@dataclass(frozen=True)
class Cell:
    """A cell the reader could not give a value: an XLSX formula without a cached result."""

    formula: str

    def __str__(self) -> str:
        return self.formula


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index (0 → A, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _gb2312_share(text: str) -> float:
    wide = [c for c in text if ord(c) > 127]
    if not wide:
        return 1.0
    known = 0
    for char in wide:
        try:
            char.encode("gb2312")
            known += 1
        except UnicodeEncodeError:
            pass
    return known / len(wide)


def _decodes(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 unless the bytes look like Big5 or Shift-JIS (refused, naming
    the encoding); anything else is an ``ImportFileError``."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16 with a BOM
        text = _decodes(data, "utf-16")
        if text is None:
            raise ImportFileError(Message("bad_encoding"))
        return text
    text = _decodes(data, "utf-8-sig")
    if text is not None:
        return text
    text = _decodes(data, "gb18030")
    if text is None:
        raise ImportFileError(Message("bad_encoding"))
    if _gb2312_share(text) < GB2312_SHARE:
        japanese = _decodes(data, "shift_jis")
        if japanese is not None and any("\u3040" <= c <= "\u30ff" for c in japanese):
            raise ImportFileError(Message("likely_encoding", {"encoding": "Shift-JIS"}))
        if _decodes(data, "big5") is not None:
            raise ImportFileError(Message("likely_encoding", {"encoding": "Big5"}))
        if japanese is not None:
            raise ImportFileError(Message("likely_encoding", {"encoding": "Shift-JIS"}))
    return text


def _limited(rows: Iterator[list[Any]]) -> Iterator[tuple[int, list[Any]]]:
    """(spreadsheet row number, cells) of non-empty rows; stops with an error at the first row past a limit."""
    data_rows = 0
    for number, cells in enumerate(rows, start=1):
        while cells and _blank(cells[-1]):
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise ImportFileError(Message("too_many_columns", {"row": number, "max": MAX_COLUMNS}))
        for index, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > MAX_CELL:
                fields = {"row": number, "column": column_letter(index), "n": len(cell), "max": MAX_CELL}
                raise ImportFileError(Message("cell_too_long", fields))
        data_rows += 1
        if data_rows > MAX_ROWS + 1:  # + the header
            raise ImportFileError(Message("too_many_rows", {"max": MAX_ROWS}))
        yield number, cells


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() == "")


def _csv_rows(data: bytes) -> Iterator[list[Any]]:
    reader = csv.reader(io.StringIO(decode_text(data), newline=""), strict=True)
    try:
        yield from reader
    except csv.Error as exc:
        raise ImportFileError(Message("csv_syntax", {"row": reader.line_num, "detail": str(exc)})) from None


def _check_zip(data: bytes) -> bool:
    """Refuse an XLSX whose members unpack to more than ``MAX_UNPACKED`` (read from the zip directory, before
    unpacking anything) or whose worksheets have more than ``MAX_ROWS`` + 1 rows (counted in the XML before
    openpyxl parses it: without a declared size openpyxl would parse every row just to find the size); True if a
    worksheet holds formulas."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > MAX_UNPACKED:
                raise ImportFileError(Message("too_large_unpacked", {"mb": MAX_UNPACKED // 2**20}))
            sheets = [archive.read(m) for m in members
                      if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")]
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ImportFileError(Message("file_unreadable", {"detail": "not an XLSX (zip) file"})) from None
    if any(next(itertools.islice(_ROW_TAG.finditer(xml), MAX_ROWS + 1, None), None) for xml in sheets):
        raise ImportFileError(Message("too_many_rows", {"max": MAX_ROWS}))
    return any(b"<f>" in xml or b"<f " in xml for xml in sheets)


def _open_sheet(data: bytes, *, values: bool) -> tuple[Any, Any]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=values)
        sheet = book.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a broken or non-xlsx file
        raise ImportFileError(Message("file_unreadable", {"detail": type(exc).__name__})) from None
    return book, sheet


def _xlsx_rows(data: bytes) -> Iterator[list[Any]]:
    """Cached values of the first sheet; a formula cell without one comes back as a :class:`Cell`."""
    has_formulas = _check_zip(data)
    book, sheet = _open_sheet(data, values=True)
    formulas_book, formulas = _open_sheet(data, values=False) if has_formulas else (None, None)
    try:
        declared = sheet.max_row  # from the sheet's <dimension>: refuse a huge sheet before reading it
        if declared is not None and declared > MAX_ROWS + 1:
            raise ImportFileError(Message("too_many_rows", {"max": MAX_ROWS}))
        written_rows = formulas.iter_rows(values_only=True) if formulas is not None else None
        for cached in sheet.iter_rows(values_only=True):
            cells = list(cached)
            written = next(written_rows, ()) if written_rows is not None else ()
            for index, value in enumerate(written):
                if (index < len(cells) and cells[index] is None and isinstance(value, str)
                        and value.startswith("=")):
                    cells[index] = Cell(value[:60])
            yield cells
    finally:
        book.close()
        if formulas_book is not None:
            formulas_book.close()


def read_rows(data: bytes, filename: str) -> list[tuple[int, list[Any]]]:
    """(spreadsheet row number, cells) for every non-empty row of a CSV or XLSX file, header included."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(Message("too_large", {"mb": MAX_BYTES // 2**20}))
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".csv", ".txt"):
        rows = _csv_rows(data)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(data)
    else:
        raise ImportFileError(Message("unsupported_type", {"name": filename[:80]}))
    return list(_limited(rows))
