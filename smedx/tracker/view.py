"""Language-specific tables and map points of the tracker page (pure pandas; the Streamlit part is in
``smedx.ui.tracker``).

Progress columns are PERCENT of the city's target or cap (0–100, may exceed 100); KPI values as reported.
Status comes from :mod:`smedx.tracker.status`; ``None`` reports means the database is unavailable, which is
shown as "unknown", never as "no report yet".
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from typing import Any

import pandas as pd

from smedx import datasets, geo
from smedx.i18n import normalise_lang, t
from smedx.places import cluster_options, region_options  # the one id → name map; the tracker UI reads it here
from smedx.tracker import reference, status
from smedx.tracker.rules import TEXT_LIMITS
from smedx.tracker.schema import KPI_NAMES, TARGET_COLUMNS

UNKNOWN = "unknown"  # status when the database cannot be read
STATUS_ORDER = ("red", "amber", "green", "not_assessable", "no_report", UNKNOWN)
# Batches are ordered, so a sequential blue; statuses use the usual traffic-light hues (as marker outlines).
BATCH_COLOURS: dict[int | None, tuple[int, int, int]] = {
    1: (8, 81, 156), 2: (66, 146, 198), 3: (158, 202, 225), None: (150, 150, 150)}
STATUS_COLOURS: dict[str, tuple[int, int, int]] = {
    "green": (26, 152, 80), "amber": (240, 160, 0), "red": (215, 48, 39), "not_assessable": (110, 110, 110),
    "no_report": (255, 255, 255), UNKNOWN: (255, 255, 255)}
QUALIFIER_KEYS = {"approx": "units.approx", "at_least": "units.ge", "at_most": "units.le", "more_than": "units.gt"}


def _k(key: str, lang: str, /, **fields: object) -> str:
    return t(f"tracker.{key}", lang, **fields)


def batch_label(batch: object, note: object, lang: str) -> str:
    """"第一批", "第二批（推断）", "第二或第三批", "批次不详"."""
    note = None if note is None or pd.isna(note) else str(note)
    if batch is None or pd.isna(batch):
        return _k("batch_2_or_3" if note == "2_or_3" else "batch_unknown", lang)
    text = _k(f"batch_{int(batch)}", lang)
    return _k("likely", lang, x=text) if note == "likely" else text


def confidence_label(confidence: str, lang: str) -> str:
    return _k(f"confidence_{confidence.replace('-', '_')}", lang)


def status_label(state: str, lang: str) -> str:
    return _k(f"status_{state}", lang)


def cities_frame(lang: str, reports: pd.DataFrame | None) -> pd.DataFrame:
    """One row per pilot city with names, labels, status and progress (``reports`` None = database down)."""
    lang = normalise_lang(lang)
    cities = reference.cities()
    provinces = datasets.provinces().set_index("adcode")[f"name_{lang}"]
    regions, clusters = region_options(lang), cluster_options(lang)
    frame = cities.assign(
        name=cities[f"name_{lang}"],
        province=cities["province_adcode"].map(provinces),
        region_name=cities["region"].map(regions),
        cluster_names=cities["clusters"].map(
            lambda v: t("tracker.list_sep", lang).join(clusters[c] for c in reference.cluster_ids(v))),
        batch_label=[batch_label(b, n, lang) for b, n in zip(cities["batch"], cities["batch_note"], strict=True)],
        confidence_label=cities["confidence"].map(lambda c: confidence_label(c, lang)),
        sub_sectors=cities[f"sub_sectors_{lang}"].fillna("").str.replace(";", t("tracker.list_sep", lang)),
    )
    if reports is None:
        frame["status"], frame["latest_period"] = UNKNOWN, None
        latest = pd.DataFrame(columns=["city_adcode", *KPI_NAMES]).set_index("city_adcode")
    else:
        states = status.statuses(cities, reports).set_index("adcode")
        frame["status"] = frame["adcode"].map(states["status"])
        frame["latest_period"] = frame["adcode"].map(states["latest_period"])
        latest = status.latest_reports(reports)
    for kpi in KPI_NAMES:
        frame[kpi] = frame["adcode"].map(latest[kpi]) if not latest.empty else None
    frame["firms_pct"] = _pct(frame["firms_retrofitted"], frame["target_firms"])  # retrofits ÷ retrofit target
    frame["target_firms_text"] = [target_text(row, "target_firms", lang) for row in frame.to_dict("records")]
    frame["funds_pct"] = _pct(frame["funds_disbursed_yi"], frame["award_cap_yi"])
    frame["status_label"] = frame["status"].map(lambda s: status_label(s, lang))
    frame["status_rank"] = frame["status"].map(STATUS_ORDER.index)
    return frame


def _pct(values: pd.Series, targets: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    goals = pd.to_numeric(targets, errors="coerce").astype(float)
    return (numbers / goals.where(goals > 0) * 100).round(1)


def filter_cities(frame: pd.DataFrame, **chosen: list[Any]) -> pd.DataFrame:
    """Keep rows whose column value is among the chosen ones (an empty choice keeps everything).

    Keys: ``batch`` (1, 2, 3 or 0 for unknown), ``region``, ``cluster`` (any of the city's clusters),
    ``province`` (adcode), ``status``, ``confidence``.
    """
    mask = pd.Series(True, index=frame.index)
    for key, values in chosen.items():
        if not values:
            continue
        if key == "batch":
            mask &= frame["batch"].fillna(0).astype(int).isin(values)
        elif key == "cluster":
            wanted = set(values)
            mask &= frame["clusters"].map(lambda v, wanted=wanted: bool(set(reference.cluster_ids(v)) & wanted))
        elif key == "province":
            mask &= frame["province_adcode"].isin(values)
        else:
            mask &= frame[key].isin(values)
    return frame[mask]


TABLE_COLUMNS = ("name", "province", "region_name", "batch_label", "confidence_label", "status_label",
                 "latest_period", "firms_retrofitted", "target_firms_text", "firms_pct", "l2_share_pct",
                 "funds_disbursed_yi", "award_cap_yi", "funds_pct")


def table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The sortable city table with localized headers (progress columns in percent of target / cap)."""
    shown = frame.sort_values(["status_rank", "batch", "adcode"], na_position="last").loc[:, list(TABLE_COLUMNS)]
    return shown.rename(columns={c: _k(f"col_{c}", lang) for c in TABLE_COLUMNS}).reset_index(drop=True)


MAP_COLUMNS = ("adcode", "name", "batch", "batch_label", "status", "status_label", "confidence_label", "verified")


def map_points(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Deck points: fill = batch colour, outline = status colour; tooltip fields name/batch/status/confidence.

    Cached on the rows' map fields, so a rerun with unchanged statuses reuses the same points."""
    rows = tuple(frame.loc[:, list(MAP_COLUMNS)].itertuples(index=False, name=None))
    return _map_points(rows)


@lru_cache(maxsize=64)
def _projected_cities() -> dict[str, list[float]]:
    points = reference.city_points()
    positions = geo.project_points(points["lon"], points["lat"])
    return dict(zip(points["adcode"], positions, strict=True))


@lru_cache(maxsize=64)
def _map_points(rows: tuple[tuple[Any, ...], ...]) -> list[dict[str, Any]]:
    projected = _projected_cities()
    out = []
    for adcode, name, batch, batch_label, status_key, status_label, confidence_label, verified in rows:
        if adcode not in projected:
            continue
        batch = None if pd.isna(batch) else int(batch)
        out.append({
            "position": projected[adcode], "adcode": adcode, "name": name, "batch_label": batch_label,
            "status_label": status_label, "confidence_label": confidence_label,
            "fill": [*BATCH_COLOURS[batch], 230 if verified else 120],
            "line": [*STATUS_COLOURS[status_key], 255],
        })
    return out


def fact_text(row: pd.Series, lang: str) -> str:
    """A programme fact as text: "≤1.5 亿元", "4,000–6,000 家", "未公布"."""
    if row["status"] == "not_published":
        return t("units.not_published", lang)
    unit = _k(f"unit_{row['unit']}", lang, x="{x}") if pd.notna(row["unit"]) else "{x}"
    if row["status"] == "interval":
        return unit.format(x=t("units.range", lang, low=_number(row["lower"]), high=_number(row["upper"])))
    text = unit.format(x=_number(row["value"]))
    key = QUALIFIER_KEYS.get(str(row["qualifier"]))
    text = t(key, lang, x=text) if key else text
    return _k("derived", lang, x=text) if row.get("basis") == "derived" else text


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@lru_cache(maxsize=4)
def programme_table(lang: str) -> pd.DataFrame:
    """Programme facts: label, value text, note, source id and locator (for the source caption)."""
    facts = reference.programme()
    return pd.DataFrame({
        _k("col_fact", lang): facts[f"label_{normalise_lang(lang)}"],
        _k("col_value", lang): [fact_text(row, lang) for _, row in facts.iterrows()],
        "source_id": facts["source_id"],
        "locator": facts["locator"],
    })


@cache
def coverage_rows(lang: str) -> tuple[dict[str, Any], ...]:
    """Per batch: title and "18 / 30" (≈ for approximate official counts) and a detail line (reference data
    only, so computed once per language and process; treat as read-only)."""
    rows = []
    for row in reference.coverage().itertuples():
        official = t("units.approx", lang, x=row.official_count) if row.count_approx else str(row.official_count)
        if row.count_derived:
            official = _k("derived", lang, x=official)
        rows.append({
            "title": _k(f"batch_{row.batch}", lang) + f" ({row.year})",
            "value": _k("coverage_value", lang, n=row.identified, total=official),
            "detail": _k("coverage_detail", lang, n=row.identified, verified=row.verified,
                         unverified=row.unverified, inferred=row.inferred, likely=row.likely,
                         possible=row.possible),
        })
    return tuple(rows)


def target_qualifiers(city: Mapping[str, Any]) -> dict[str, str]:
    """``targets_qualifiers`` of a city row as target column → qualifier ("以上" = at_least, "约" = approx)."""
    cell = city.get("targets_qualifiers")
    if cell is None or pd.isna(cell):
        return {}
    return dict(item.split("=", 1) for item in str(cell).split(";"))


def target_text(city: Mapping[str, Any], column: str, lang: str) -> str:
    """One stated target as the source states it: "≥90%", ">530", "≈730", "600"; "—" if none."""
    if pd.isna(city[column]):
        return "—"
    value = float(city[column])
    text = t("units.percent", lang, x=f"{value:.0f}") if column == "target_l2_share" else f"{value:,.0f}"
    key = QUALIFIER_KEYS.get(target_qualifiers(city).get(column, ""))
    return t(key, lang, x=text) if key else text


def targets_table(city: pd.Series, lang: str) -> pd.DataFrame:
    """The city's stated plan targets (only those stated, with "以上"/"约" kept)."""
    rows = [{_k("col_target", lang): _k(f"target_label_{column}", lang),
             _k("col_value", lang): target_text(city, column, lang)}
            for column in TARGET_COLUMNS if pd.notna(city[column])]
    return pd.DataFrame(rows, columns=[_k("col_target", lang), _k("col_value", lang)])


REPORT_COLUMNS = ("period", *KPI_NAMES, "note", "source", "updated_by", "updated_at", "version")


def reports_table(reports: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A city's reports, newest first, with localized headers."""
    shown = reports.sort_values("period", ascending=False).loc[:, list(REPORT_COLUMNS)].copy()
    shown["updated_at"] = pd.to_datetime(shown["updated_at"], utc=True).dt.strftime("%Y-%m-%d %H:%M UTC")
    for column, limit in TEXT_LIMITS.items():  # a longer text stored before the limits is shown shortened
        shown[column] = shown[column].where(shown[column].isna(), shown[column].astype(str).str.slice(0, limit))
    return shown.rename(columns={c: _k(f"col_{c}", lang) for c in REPORT_COLUMNS}).reset_index(drop=True)


def latest_summary(reports: pd.DataFrame, city: pd.Series, lang: str, escape: Callable[[str], str] = str) -> str:
    """One sentence on the latest report (plain text, also what the browser test reads); ``escape`` is applied to
    the editor's name (a UI that renders markdown passes its escaper)."""
    if reports.empty:
        return _k("no_report_yet", lang)
    row = reports.sort_values("period").iloc[-1]
    firms = "—" if pd.isna(row["firms_retrofitted"]) else f"{int(row['firms_retrofitted']):,}"
    target = target_text(city, "target_firms", lang)
    who = escape(str(row["updated_by"]))
    return _k("latest_summary", lang, period=row["period"], firms=firms, target=target, who=who)


@lru_cache(maxsize=4)
def intro_fields(lang: str) -> dict[str, str]:
    """Programme numbers quoted in the page intro and the status rule, from the data rows and status rules."""
    batches = reference.batches()
    return {
        "first_year": str(int(batches["year"].min())),
        "batches": str(int(reference.fact("batches")["value"])),
        "green": t("units.percent", lang, x=f"{status.GREEN_AT * 100:.0f}"),
        "amber": t("units.percent", lang, x=f"{status.AMBER_AT * 100:.0f}"),
    }
