"""The one path from data rows to a download: CSV (UTF-8 with BOM) and XLSX with a provenance header.

Every table a page offers is a :class:`Download`: stable English column ids, the numeric ``value``/``lower``/
``upper`` in ``unit`` (``percent`` = 0–100), ``status``, ``source_id`` and ``locator`` (labels in the reader's
language may follow as extra columns). The CSV starts with ``#`` comment lines naming the title, app version (and
repository, when one is set), the date, the filters and every source; read it with
``pandas.read_csv(path, comment="#")`` (the byte-order mark is skipped; a cell holding ``#`` is quoted, so the
comment character never cuts a row).
Text cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
"""
from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from smedx import about, datasets

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATA_COLUMNS: tuple[str, ...] = ("value", "lower", "upper", "unit", "status", "source_id", "locator")
NUMBER_COLUMNS: tuple[str, ...] = ("value", "lower", "upper")
READ_HINT = 'read with pandas.read_csv(path, comment="#"); value/lower/upper are in unit (percent = 0-100)'
_QUOTE_IF = (",", '"', "\n", "\r", "#")


def neutralise(value: object) -> object:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV with a byte-order mark (Excel reads Chinese correctly), text cells neutralised
    (no header comment: templates and files meant for re-import)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


@dataclass(frozen=True)
class Download:
    """A table as downloaded: ``frame`` (stable ids + :data:`DATA_COLUMNS`), an English ``title``, the
    ``filters`` of the view (id → value id) and extra header ``notes`` (e.g. a what-if scenario)."""

    title: str
    frame: pd.DataFrame
    filters: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        missing = [c for c in DATA_COLUMNS if c not in self.frame]
        if missing:
            raise ValueError(f"download {self.title!r} lacks columns {missing}")
        for column in NUMBER_COLUMNS:
            if not pd.api.types.is_numeric_dtype(self.frame[column]):
                raise ValueError(f"download {self.title!r}: column {column!r} is not numeric")


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def header_lines(download: Download, date: dt.date | None = None) -> list[str]:
    """The comment lines (without ``# ``): title, app, date, filters, sources, notes, how to read."""
    day = (date or dt.datetime.now(dt.UTC).date()).isoformat()
    filters = "; ".join(f"{k}={v}" for k, v in download.filters.items()) or "none"
    lines = [f"title: {download.title}", f"app: {about.app_label()}",
             f"date: {day}", f"filters: {filters}"]
    sources = datasets.sources().set_index("source_id")
    for source_id in dict.fromkeys(download.frame["source_id"].dropna().astype(str)):
        if not source_id:
            continue
        row = sources.loc[source_id]
        url = "" if pd.isna(row["url"]) else f" <{row['url']}>"
        lines.append(f"source {source_id}: {row['citation_en']}{url}")
    lines += [f"note: {note}" for note in download.notes]
    lines += [f"licence: {about.LICENCE_ID} <{about.LICENCE_URL}>", READ_HINT]
    return [_one_line(line) for line in lines]


def _cell(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    text = str(neutralise(value))
    if any(mark in text for mark in _QUOTE_IF):
        return '"' + text.replace('"', '""') + '"'
    return text


def _rows(frame: pd.DataFrame) -> Iterable[str]:
    yield ",".join(_cell(c) for c in frame.columns)
    for record in frame.itertuples(index=False):
        yield ",".join(_cell(v.item() if hasattr(v, "item") else v) for v in record)


def csv_bytes(download: Download, date: dt.date | None = None) -> bytes:
    """The download as CSV: BOM, ``# `` header lines, then the table (``\\n`` line ends)."""
    lines = [f"# {line}" for line in header_lines(download, date)] + list(_rows(download.frame))
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame], about_lines: Iterable[str] = ()) -> bytes:
    """XLSX bytes (openpyxl, write-only): one sheet per frame, text stored as strings (never formulas), and an
    ``about`` sheet with the header lines when given."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for name, frame in sheets.items():
        worksheet = book.create_sheet(name)
        worksheet.append(list(frame.columns))
        for record in frame.itertuples(index=False):
            cells = []
            for value in record:
                if value is None or (not isinstance(value, str) and pd.isna(value)):
                    cells.append(None)
                    continue
                value = neutralise(value.item() if hasattr(value, "item") else value)
                cell = WriteOnlyCell(worksheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                cells.append(cell)
            worksheet.append(cells)
    lines = list(about_lines)
    if lines:
        sheet = book.create_sheet("about")
        for line in lines:
            cell = WriteOnlyCell(sheet, value=str(neutralise(line)))
            cell.data_type = "s"
            sheet.append([cell])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download_xlsx(download: Download, sheet: str = "data", date: dt.date | None = None) -> bytes:
    """The download as XLSX: the table and an ``about`` sheet with the same header lines as the CSV."""
    return xlsx_bytes({sheet: download.frame}, header_lines(download, date))
