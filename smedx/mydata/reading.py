"""Read an uploaded file (bytes in memory) into a text table, enforcing the limits while reading.

Formats are recognised by their first bytes, not the file name: XLSX (a ZIP, read with openpyxl in read-only
mode), Parquet (``PAR1``, read with pyarrow) or CSV text (UTF-8, UTF-8 with BOM or GB18030; comma, semicolon or
tab). The header is checked before the body is read; only recognised columns are parsed; reading stops at the
first row past :data:`~smedx.mydata.schema.MAX_ROWS`. Nothing is written anywhere.
"""
from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

import pandas as pd

from smedx.mydata import schema
from smedx.mydata.schema import Issue, UploadError

ENCODINGS = ("utf-8-sig", "gb18030")
SNIFF_BYTES = 64 * 1024


@dataclass
class RawTable:
    """Recognised columns as text (missing cells NaN), indexed by spreadsheet row (header = 1).

    ``notes`` are non-blocking findings of the header (ignored columns), ``fmt`` is csv, xlsx or parquet.
    """

    frame: pd.DataFrame
    fmt: str
    notes: list[Issue]


def check_size(size: int, max_bytes: int | None = None) -> None:
    """Refuse a file by its announced size, before any of it is read (limit: ``schema.MAX_BYTES``)."""
    max_bytes = schema.MAX_BYTES if max_bytes is None else max_bytes
    if size > max_bytes:
        raise UploadError(Issue("too_large", {"mb": round(size / 2**20, 1), "max": round(max_bytes / 2**20)}))
    if size == 0:
        raise UploadError(Issue("empty_file"))


def sniff_format(data: bytes) -> str:
    """``xlsx``, ``parquet`` or ``csv`` from the first bytes; binary of any other kind is an error."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"PAR1"):
        return "parquet"
    if b"\x00" in data[:SNIFF_BYTES]:
        raise UploadError(Issue("not_text"))
    decode_head(data)
    return "csv"


def decode_head(data: bytes) -> tuple[str, str]:
    """(encoding, text) of the file's first :data:`SNIFF_BYTES`; the cut may split a character, so up to three
    trailing bytes may be dropped. Text in none of the accepted encodings is an error."""
    head = data[:SNIFF_BYTES]
    cuts = range(4) if len(data) > SNIFF_BYTES else range(1)
    for encoding in ENCODINGS:
        for cut in cuts:
            try:
                return encoding, head[: len(head) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
    raise UploadError(Issue("not_text"))


def header_map(header: Sequence[Any]) -> tuple[dict[int, str], list[Issue]]:
    """Position → column id of the recognised headers, and notes on ignored ones; missing required columns or a
    column given twice are errors."""
    index = schema.header_index()
    if len(header) > schema.MAX_COLUMNS:
        raise UploadError(Issue("too_many_columns", {"n": len(header), "max": schema.MAX_COLUMNS}))
    positions: dict[int, str] = {}
    notes: list[Issue] = []
    for i, raw in enumerate(header):
        name = "" if raw is None else str(raw).strip().lstrip("\ufeff")
        if not name:
            continue
        column = index.get(schema.key(name))
        if column is None:
            close = difflib.get_close_matches(schema.key(name), list(index), n=1, cutoff=0.6)
            fields = {"column": name[: schema.MAX_TEXT], "suggestion": index[close[0]] if close else ""}
            notes.append(Issue("ignored_column_suggest" if close else "ignored_column", fields, error=False))
        elif column in positions.values():
            raise UploadError(Issue("duplicate_column", {"column": column}))
        else:
            positions[i] = column
    missing = [c for c in schema.REQUIRED if c not in positions.values()]
    if missing:
        raise UploadError(Issue("missing_columns", {"columns": ", ".join(missing),
                                                    "found": ", ".join(str(h) for h in header)[:300]}))
    return positions, notes


def read(data: bytes, max_rows: int | None = None, max_bytes: int | None = None) -> RawTable:
    """The upload as a :class:`RawTable` (limits default to ``schema.MAX_ROWS``/``MAX_BYTES``); raises
    :class:`UploadError` for a file that cannot be used."""
    check_size(len(data), max_bytes)
    max_rows = schema.MAX_ROWS if max_rows is None else max_rows
    fmt = sniff_format(data)
    reader = {"csv": _read_csv, "xlsx": _read_xlsx, "parquet": _read_parquet}[fmt]
    frame, notes = reader(data, max_rows)
    frame = frame.dropna(how="all")
    if frame.empty:
        raise UploadError(Issue("empty_file"))
    return RawTable(frame, fmt, notes)


def _too_many(max_rows: int) -> UploadError:
    return UploadError(Issue("too_many_rows", {"max": f"{max_rows:,}"}))


# --------------------------------------------------------------------------------------------------- CSV
def _csv_options(data: bytes) -> tuple[str, str, list[str]]:
    """Encoding, delimiter and header cells, from the start of the file only."""
    encoding, text = decode_head(data)
    lines = text.lstrip("\ufeff").splitlines()
    first = lines[0] if lines else ""
    if not first.strip():
        raise UploadError(Issue("empty_file"))
    delimiter = max(",;\t", key=first.count)
    return encoding, delimiter, next(csv.reader([first], delimiter=delimiter))


def _read_csv(data: bytes, max_rows: int) -> tuple[pd.DataFrame, list[Issue]]:
    encoding, delimiter, header = _csv_options(data)
    positions, notes = header_map(header)
    try:
        frame = pd.read_csv(io.BytesIO(data), sep=delimiter, encoding=encoding, dtype=str, keep_default_na=False,
                            na_values=[""], usecols=list(positions), index_col=False, nrows=max_rows + 1,
                            skip_blank_lines=False,
                            engine="c", on_bad_lines="error")
    except UnicodeDecodeError:
        raise UploadError(Issue("bad_encoding")) from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise UploadError(Issue("csv_syntax", {"detail": str(exc).splitlines()[0][:200]})) from None
    if len(frame) > max_rows:
        raise _too_many(max_rows)
    frame = frame.rename(columns=dict(zip(frame.columns, [positions[i] for i in sorted(positions)], strict=True)))
    frame.index = frame.index + 2
    return frame, notes


# -------------------------------------------------------------------------------------------------- XLSX
def _cell_text(value: Any) -> str | None:
    """A spreadsheet cell as text: integral floats without ``.0`` (ids and codes typed as numbers)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def _read_xlsx(data: bytes, max_rows: int) -> tuple[pd.DataFrame, list[Issue]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken or non-xlsx ZIP
        raise UploadError(Issue("not_xlsx")) from None
    try:
        rows: Iterator[tuple[Any, ...]] = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise UploadError(Issue("empty_file"))
        positions, notes = header_map(header)
        picked = sorted(positions)
        body = [[_cell_text(row[i]) if i < len(row) else None for i in picked]
                for row in islice(rows, max_rows + 1)]
    finally:
        book.close()
    if len(body) > max_rows:
        raise _too_many(max_rows)
    frame = pd.DataFrame(body, columns=[positions[i] for i in picked], dtype="str")
    frame.index = frame.index + 2
    return frame, notes


# ----------------------------------------------------------------------------------------------- Parquet
def _read_parquet(data: bytes, max_rows: int) -> tuple[pd.DataFrame, list[Issue]]:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(io.BytesIO(data))
    except (pa.ArrowException, OSError):
        raise UploadError(Issue("not_parquet")) from None
    if parquet.metadata.num_rows > max_rows:  # from the footer, before any row is read
        raise _too_many(max_rows)
    names = parquet.schema_arrow.names
    positions, notes = header_map(names)
    try:
        table = parquet.read(columns=[names[i] for i in sorted(positions)])
        texts = {positions[i]: pc.cast(table.column(names[i]), pa.string()) for i in sorted(positions)}
    except (pa.ArrowException, OSError) as exc:
        raise UploadError(Issue("not_parquet_detail", {"detail": str(exc)[:200]})) from None
    frame = pa.table(texts).to_pandas()
    frame = frame.apply(lambda column: column.str.strip().mask(column.str.strip().eq("")))
    frame.index = frame.index + 2
    return frame, notes
