"""Synthetic firm records for the "my data" tests and bench (random, seeded; not data about anything)."""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from smedx import datasets, geo

STATUS_LABELS = ("implemented", "planning", "none")


def firms(n: int, seed: int = 0, marker: str = "") -> pd.DataFrame:
    """``n`` firms in surveyed provinces with cities the app knows, weights, statuses and barrier answers.

    ``marker`` is appended to every industry (a unique string to search for on disk)."""
    rng = np.random.default_rng(seed)
    cities = geo.cities()
    surveyed = set(datasets.provinces().query("in_survey")["adcode"])
    cities = cities[cities["province_adcode"].isin(surveyed)].reset_index(drop=True)
    pick = rng.integers(0, len(cities), n)
    return pd.DataFrame({
        "firm_id": [f"F{i:07d}" for i in range(n)],
        "province": cities["province_adcode"].to_numpy()[pick],
        "city": cities["name_zh"].to_numpy()[pick],
        "industry": rng.choice(["工业", "住宿业", "信息传输、软件和信息技术服务业", "农、林、牧、渔业等"], n) + marker,
        "size": rng.choice(["micro", "small", "medium"], n),
        "weight": np.round(rng.uniform(0.2, 5.0, n), 3),
        "status": rng.choice(STATUS_LABELS, n, p=[0.35, 0.2, 0.45]),
        "barrier_1": rng.choice(["1", "0", ""], n),
    })


def csv_bytes(frame: pd.DataFrame, encoding: str = "utf-8-sig") -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode(encoding)


def xlsx_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """An XLSX workbook (written in openpyxl's streaming mode) whose first sheet holds ``rows``."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), out)
    return out.getvalue()


def files_containing(marker: bytes, roots: list[Path], max_size: int = 256 * 2**20) -> list[str]:
    """Every regular file under ``roots`` (skipping .git) whose bytes contain ``marker``."""
    found = []
    for root in roots:
        for path in root.rglob("*"):
            try:
                if ".git" in path.parts or not path.is_file() or path.is_symlink() or path.stat().st_size > max_size:
                    continue
                if marker in path.read_bytes():
                    found.append(str(path))
            except OSError:  # vanished or unreadable (other processes' temp files)
                continue
    return found
