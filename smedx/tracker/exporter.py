"""Export progress reports as CSV (UTF-8 with BOM, so Excel shows Chinese correctly) or XLSX.

Text cells that begin with ``=``, ``+``, ``-``, ``@`` (or tab / carriage return) are prefixed with an
apostrophe (``smedx.export.neutralise``) so a spreadsheet never evaluates them as formulas (CSV/formula
injection). The importer strips that apostrophe again, so an export can be edited and re-imported.
Units as in the store (percent 0–100, 亿元, cumulative counts).
"""
from __future__ import annotations

import pandas as pd

from smedx.export import Download, header_lines, to_csv_bytes, xlsx_bytes
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


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "reports") -> bytes:
    """XLSX bytes (openpyxl); text cells are stored as strings, never as formulas."""
    return xlsx_bytes({sheet: frame})


def reports_xlsx(reports: pd.DataFrame, cities: pd.DataFrame, city_list: Download) -> bytes:
    """The reports (sheet ``reports``, re-importable) and the pilot-city list (sheet ``cities``, every city even
    before any report exists) with the list's provenance lines (sheet ``about``)."""
    return xlsx_bytes({"reports": export_frame(reports, cities), "cities": city_list.frame},
                      header_lines(city_list))


CITY_COLUMNS: tuple[str, ...] = (
    "adcode", "name_en", "name_zh", "province_adcode", "region", "clusters", "batch", "city_type", "confidence",
    "latest_period", *KPI_NAMES, "target_year", "target_firms", "award_cap_yi",
)


def city_list(frame: pd.DataFrame, filters: dict[str, str] | None = None) -> Download:
    """The pilot cities of ``frame`` (``smedx.tracker.view.cities_frame``, possibly filtered: ``filters`` name
    the choice) with their status and latest report.

    ``value`` = firms retrofitted as percent of the city's retrofit target (blank without a report or target);
    ``status`` = the tracker's red/amber/green status (``no_report`` before any report, ``unknown`` when the
    database cannot be read); labels in the reader's language follow as extra columns.
    """
    cities = frame.sort_values(["batch", "adcode"], na_position="last", kind="stable")
    data = cities.loc[:, list(CITY_COLUMNS)].assign(
        value=cities["firms_pct"].astype(float), lower=float("nan"), upper=float("nan"), unit="percent",
        status=cities["status"], source_id=cities["source_id"], locator=cities["locator"],
        name=cities["name"], province=cities["province"], batch_label=cities["batch_label"],
        status_label=cities["status_label"], confidence_label=cities["confidence_label"],
    )
    data["batch"] = data["batch"].astype("Int64")
    return Download("Pilot cities of the SME digital-transformation city pilots", data.reset_index(drop=True),
                    filters or {}, notes=("value = firms retrofitted as percent of the retrofit target (latest report)",
                           "units: funds in yi yuan (1e8 yuan); shares in percent; counts cumulative"))


def template_csv() -> bytes:
    """An empty import template (header only), UTF-8 with BOM."""
    return to_csv_bytes(pd.DataFrame(columns=["city", "period", *KPI_NAMES, *TEXT_COLUMNS]))
