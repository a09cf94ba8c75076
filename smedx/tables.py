"""Read a CSV from ``data/`` and validate it, or a JSON file (``geo/``); errors name the file, the row and the
column, and every failure to load a shipped data file is a :class:`DataError` (the app shows its message instead
of a traceback)."""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from smedx.paths import DATA_DIR


class DataError(ValueError):
    """A shipped data file (table, geometry, model parameters) that cannot be loaded; ``str()`` says which and
    why."""


class DataFileError(DataError):
    """A data file that cannot be loaded; ``str()`` names file, row (1-based, header = row 1) and column."""

    def __init__(self, file: str, problems: list[tuple[int | None, str | None, str]]):
        self.file = file
        self.problems = problems
        lines = [
            f"{file}: row {row if row is not None else '-'}, column {column or '-'}: {message}"
            for row, column, message in problems
        ]
        super().__init__("\n".join(lines))


def _problems(exc: SchemaErrors | SchemaError) -> list[tuple[int | None, str | None, str]]:
    cases = exc.failure_cases
    problems: list[tuple[int | None, str | None, str]] = []
    if cases is None or not isinstance(cases, pd.DataFrame) or cases.empty:
        return [(None, None, str(exc).splitlines()[0])]
    for _, case in cases.iterrows():
        index = case.get("index")
        row = int(index) + 2 if index is not None and pd.notna(index) and str(index).isdigit() else None
        column = case.get("column")
        column = None if column is None or (isinstance(column, float) and pd.isna(column)) else str(column)
        check = case.get("check")
        value = case.get("failure_case")
        problems.append((row, column, f"failed {check} (value: {value!r})"))
    return problems


def printed_decimals(text: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """Decimal places as printed in the text cells of ``columns`` (max over them), so 43.0 stays "43.0"."""
    places = [text[c].fillna("").str.extract(r"\.(\d+)$")[0].str.len().fillna(0) for c in columns]
    return pd.concat(places, axis=1).max(axis=1).astype(int)


def read_table(filename: str, schema: pa.DataFrameSchema, directory: Path = DATA_DIR,
               decimals_of: Sequence[str] = ()) -> pd.DataFrame:
    """Read ``directory/filename`` as UTF-8 CSV (all columns as text first) and validate with ``schema``.

    Empty cells become missing values; the schema's dtypes and ``coerce`` settings do the typing. With
    ``decimals_of`` (number columns present in the file), a ``decimals`` column counts the places printed in
    them, taken from the same text before typing (the file is read once).
    Raises :class:`DataFileError` for a missing file, undecodable bytes or schema failures.
    """
    path = directory / filename
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(filename, [(None, None, "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise DataFileError(filename, [(None, None, f"not UTF-8 ({exc.reason})")]) from None
    except pd.errors.EmptyDataError:
        raise DataFileError(filename, [(None, None, "file is empty (no header)")]) from None
    except pd.errors.ParserError as exc:
        raise DataFileError(filename, [(None, None, f"CSV syntax: {exc}")]) from None
    except OSError as exc:
        raise DataFileError(filename, [(None, None, f"cannot be read ({exc.strerror})")]) from None
    if frame.empty:
        raise DataFileError(filename, [(None, None, "no data rows")])
    present = [c for c in decimals_of if c in frame]
    decimals = printed_decimals(frame, present) if present else None
    try:
        valid = schema.validate(frame, lazy=True)
    except (SchemaErrors, SchemaError) as exc:
        raise DataFileError(filename, _problems(exc)) from None
    if decimals is not None:
        valid["decimals"] = decimals
    return valid


def read_json(path: Path) -> Any:
    """The JSON document at ``path``; :class:`DataFileError` if it is missing, unreadable or truncated."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(path.name, [(None, None, "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise DataFileError(path.name, [(None, None, f"not UTF-8 ({exc.reason})")]) from None
    except json.JSONDecodeError as exc:
        raise DataFileError(path.name, [(exc.lineno, None, f"JSON syntax (truncated?): {exc.msg}")]) from None
    except OSError as exc:
        raise DataFileError(path.name, [(None, None, f"cannot be read ({exc.strerror})")]) from None


def read_plain_csv(path: Path, **options: Any) -> pd.DataFrame:
    """A CSV outside ``data/`` (e.g. ``geo/cities.csv``) without a schema; :class:`DataFileError` if it is
    missing, empty or malformed."""
    try:
        return pd.read_csv(path, encoding="utf-8", **options)
    except FileNotFoundError:
        raise DataFileError(path.name, [(None, None, "file not found")]) from None
    except pd.errors.EmptyDataError:
        raise DataFileError(path.name, [(None, None, "file is empty (no header)")]) from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFileError(path.name, [(None, None, f"cannot be parsed: {str(exc).splitlines()[0]}")]) from None
