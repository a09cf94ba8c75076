"""Export progress reports as CSV (UTF-8 with BOM, so Excel shows Chinese correctly) or XLSX.

Text cells that begin with ``=``, ``+``, ``-``, ``@`` (or tab / carriage return) are prefixed with an
apostrophe (``smedx.export.neutralise``) so a spreadsheet never evaluates them as formulas (CSV/formula
injection). The importer strips that apostrophe again, so an export can be edited and re-imported.
Units as in the store (percent 0–100, 亿元, cumulative counts).
"""
from __future__ import annotations

import io

import pandas as pd

from smedx.export import neutralise, to_csv_bytes
from smedx.tracker.records import TEXT_FIELDS as TEXT_COLUMNS
from smedx.tracker.schema import KPI_NAMES

EXPORT_COLUMNS: tuple[str, ...] = (
    "city", "adcode", "period", *KPI_NAMES, *TEXT_COLUMNS, "updated_by", "updated_at", "version",
)


def export_frame(reports: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Reports (``TrackerStore.reports_frame``) with the city's Chinese name, in export column order."""
    names = cities.set_index("adcode")["name_zh"]
    frame = reports.assign(city=reports["city_adcode"].map(names), adcode=reports["city_adcode"])
    frame["updated_at"] = pd.to_datetime(frame["updated_at"], utc=True).dt.strftime("%Y-%m-%d %H:%M:%S UTC")
    return frame.loc[:, list(EXPORT_COLUMNS)].sort_values(["adcode", "period"], ignore_index=True)


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(lambda column: column.map(neutralise) if not pd.api.types.is_numeric_dtype(column) else column)


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "reports") -> bytes:
    """XLSX bytes (openpyxl); text cells are stored as strings, never as formulas."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    worksheet = book.create_sheet(sheet)
    worksheet.append(list(frame.columns))
    for record in _safe(frame).itertuples(index=False):
        cells = []
        for value in record:
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                cells.append(None)
                continue
            cell = WriteOnlyCell(worksheet, value=value.item() if hasattr(value, "item") else value)
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        worksheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv() -> bytes:
    """An empty import template (header only), UTF-8 with BOM."""
    return to_csv_bytes(pd.DataFrame(columns=["city", "period", *KPI_NAMES, *TEXT_COLUMNS]))
