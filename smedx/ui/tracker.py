"""Streamlit pieces of the pilot-city tracker page: database connection banner, editor sign-in, coverage,
filters, map, table, city detail with the report form, import/export and the programme facts.

Every write goes through :class:`smedx.tracker.store.TrackerStore`, which checks the editor role itself; this
module only decides which controls to draw (viewers see none).
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from smedx import geo
from smedx.charts import maps
from smedx.charts import tracker as charts
from smedx.i18n import t
from smedx.tracker import config, exporter, reference, view
from smedx.tracker.auth import EDITOR, VIEWER, is_editor_email, verify_passphrase
from smedx.tracker.importer import import_file
from smedx.tracker.messages import ConflictError, TrackerError
from smedx.tracker.schema import KPIS
from smedx.tracker.store import Actor, ReportData, ReportRow, TrackerStore, open_store
from smedx.ui import components as ui
from smedx.ui.shell import briefing

ACTOR_KEY = "tracker_actor"
RETRY_KEY = "tracker_db_retry"
BASE_KEY = "tracker_edit_base"  # report id → version the editor's form is based on
CONFLICT_KEY = "tracker_conflict"
FLASH_KEY = "tracker_flash"
CITY_KEY = "city"
RETRY_SECONDS = 30
MAP_HEIGHT = 520


def _k(key: str, lang: str, /, **fields: object) -> str:
    return t(f"tracker.{key}", lang, **fields)


def secrets() -> dict[str, Any]:
    """``st.secrets`` as a dict; {} when the app has no secrets file (the local default)."""
    try:
        return st.secrets.to_dict()
    except Exception:  # Streamlit raises its own error type when no secrets.toml exists
        return {}


@st.cache_resource(show_spinner=False)
def _open(url: str) -> TrackerStore:
    """One migrated store per database URL and process (a failure is not cached)."""
    store = open_store(url)
    store.sync_cities(reference.cities())
    return store


@dataclass
class Connection:
    """The store (None when unreachable) and the URL it was opened with."""

    store: TrackerStore | None
    url: str
    signature: tuple[Any, ...] | None = None  # fingerprint of the reports read in this run


def connect(lang: str) -> Connection:
    """Open the configured database; on failure show the banner and retry at most every 30 s."""
    url = config.database_url(secrets())
    failed = st.session_state.get(RETRY_KEY)
    if failed and failed[0] == url and time.monotonic() < failed[1]:
        st.error(_k("db_banner", lang, detail=failed[2][lang]), icon=":material/cloud_off:")
        return Connection(None, url)
    try:
        store = _open(url)
    except TrackerError as exc:
        detail = {lang_: exc.message(lang_) for lang_ in ("zh", "en")}
        st.session_state[RETRY_KEY] = (url, time.monotonic() + RETRY_SECONDS, detail)
        st.error(_k("db_banner", lang, detail=detail[lang]), icon=":material/cloud_off:")
        return Connection(None, url)
    st.session_state.pop(RETRY_KEY, None)
    return Connection(store, url)


@st.cache_data(max_entries=8, show_spinner=False)
def _reports(url: str, signature: tuple[Any, ...], _store: TrackerStore) -> pd.DataFrame:
    """All reports, cached until a write changes the database's signature."""
    return _store.reports_frame()


@st.cache_data(max_entries=16, show_spinner=False)
def cities_frame(lang: str, url: str | None, signature: tuple[Any, ...] | None, _reports: pd.DataFrame | None
                 ) -> pd.DataFrame:
    """The page's city frame (labels, status, progress) for one language and data version."""
    return view.cities_frame(lang, _reports)


def load_reports(connection: Connection, lang: str) -> pd.DataFrame | None:
    """All reports, or None (with the banner) if the database stopped answering."""
    if connection.store is None:
        return None
    try:
        connection.signature = connection.store.reports_signature()
        return _reports(connection.url, connection.signature, connection.store)
    except SQLAlchemyError as exc:
        st.error(_k("db_banner", lang, detail=str(exc.orig or exc).splitlines()[0]), icon=":material/cloud_off:")
        connection.store = None
        return None


# --------------------------------------------------------------------------------------------- sign-in
def current_actor(settings: config.EditorSettings) -> Actor | None:
    """Who is signed in: OIDC user (editor iff on the allow-list) or the passphrase editor of this session."""
    if settings.oidc:
        if not st.user.is_logged_in:
            return None
        email = str(st.user.get("email") or "")
        return Actor(email, EDITOR if is_editor_email(email, settings.editors) else VIEWER)
    return st.session_state.get(ACTOR_KEY)


def sign_in_panel(lang: str, settings: config.EditorSettings, actor: Actor | None) -> None:
    """Sidebar panel: sign in / out for editors. Viewers need nothing."""
    with st.sidebar.expander(_k("editor_panel", lang), icon=":material/edit_note:"):
        if actor is not None:
            key = "signed_in_editor" if actor.is_editor else "signed_in_viewer"
            st.caption(_k(key, lang, name=actor.name))
            if st.button(_k("sign_out", lang), key="tracker_sign_out"):
                if settings.oidc:
                    st.logout()
                st.session_state.pop(ACTOR_KEY, None)
                st.rerun()
        elif settings.oidc:
            if st.button(_k("sign_in_oidc", lang), key="tracker_sign_in"):
                st.login()
        elif settings.passphrase_hash:
            with st.form("tracker_login", border=False):
                name = st.text_input(_k("your_name", lang), key="tracker_login_name")
                passphrase = st.text_input(_k("passphrase", lang), type="password", key="tracker_login_pass")
                submitted = st.form_submit_button(_k("sign_in", lang))
            if submitted:
                if name.strip() and verify_passphrase(passphrase, settings.passphrase_hash):
                    st.session_state[ACTOR_KEY] = Actor(name.strip(), EDITOR)
                    st.rerun()
                st.error(_k("sign_in_failed", lang))
        else:
            st.caption(_k("editing_not_configured", lang))


# --------------------------------------------------------------------------------------------- overview
def coverage_section(lang: str) -> None:
    """How many cities of each batch are identified ("18 of 30"): coverage is a feature, shown plainly."""
    st.subheader(_k("coverage_title", lang))
    columns = st.columns(3)
    for column, row in zip(columns, view.coverage_rows(lang), strict=True):
        column.metric(row["title"], row["value"], help=row["detail"], border=True)
    unknown = reference.unassigned()
    names = t("tracker.list_sep", lang).join(unknown[f"name_{lang}"])
    st.caption(_k("coverage_note", lang, n=len(reference.cities()), unassigned=len(unknown), names=names))


def filters(lang: str, frame: pd.DataFrame, db_ok: bool) -> pd.DataFrame:
    """Six multiselect filters (empty = all); returns the filtered city frame."""
    regions, clusters = view.region_options(lang), view.cluster_options(lang)
    provinces = dict(sorted(zip(frame["province_adcode"], frame["province"], strict=True)))
    statuses = [s for s in view.STATUS_ORDER if (s == view.UNKNOWN) != db_ok]
    specs = [
        ("batch", [1, 2, 3, 0], lambda b: view.batch_label(b or None, None, lang)),
        ("region", list(regions), regions.get),
        ("cluster", list(clusters), clusters.get),
        ("province", list(provinces), provinces.get),
        ("status", statuses, lambda s: view.status_label(s, lang)),
        ("confidence", ["V", "V-inf", "A"], lambda c: view.confidence_label(c, lang)),
    ]
    chosen = {}
    for column, (name, options, label) in zip(st.columns(len(specs)), specs, strict=True):
        chosen[name] = column.multiselect(_k(f"filter_{name}", lang), options, format_func=label,
                                          key=f"tracker_f_{name}", placeholder=_k("filter_all", lang))
    return view.filter_cities(frame, **chosen)


class _SerialisedDeck:
    """A deck whose JSON is built once: the province layer is ~0.3 MB, so the deck is cached per language and
    set of points instead of being serialised on every rerun."""

    def __init__(self, deck: maps.CompactDeck):
        self._deck = deck
        self._json = deck.to_json()

    def to_json(self) -> str:
        return self._json

    def __getattr__(self, name: str) -> Any:
        return getattr(self._deck, name)


@st.cache_resource(max_entries=32, show_spinner=False)
def _deck(lang: str, points_json: str) -> _SerialisedDeck:
    base = geo.plain_features(geo.projected("provinces"), lang)
    deck = maps.choropleth_deck(base, tooltip_html=_k("map_tooltip_html", lang), cities=json.loads(points_json),
                                provinces_pickable=False, height=MAP_HEIGHT)
    return _SerialisedDeck(deck)


def map_section(lang: str, frame: pd.DataFrame) -> None:
    """Pilot cities over the province layer: fill = batch, outline = status (no basemap, no external request)."""
    points = view.map_points(frame)
    st.pydeck_chart(_deck(lang, json.dumps(points, ensure_ascii=False)), height=MAP_HEIGHT,  # type: ignore[arg-type]
                    key="tracker_map", alt=_k("map_alt", lang, n=len(points)))
    st.caption(_k("map_legend", lang))
    st.caption(geo.notice(lang))


def table_section(lang: str, frame: pd.DataFrame) -> None:
    """Sortable table with progress bars (percent of target and of the reward cap)."""
    shown = view.table(frame, lang)
    progress = {"format": "%.0f%%", "min_value": 0, "max_value": 100}
    config_ = {
        _k("col_firms_pct", lang): st.column_config.ProgressColumn(_k("col_firms_pct", lang), **progress,
                                                                   help=_k("col_firms_pct_help", lang)),
        _k("col_funds_pct", lang): st.column_config.ProgressColumn(_k("col_funds_pct", lang), **progress,
                                                                   help=_k("col_funds_pct_help", lang)),
    }
    st.dataframe(shown, hide_index=True, column_config=config_, key="tracker_table")
    st.caption(_k("table_caption", lang, shown=len(frame), total=len(reference.cities())))
    st.caption(_k("status_rule", lang))
    ui.csv_download(shown, "pilot_cities.csv", lang, key="dl_tracker_table")


# --------------------------------------------------------------------------------------------- city detail
def city_choice(lang: str, frame: pd.DataFrame) -> str | None:
    """Selectbox of the (filtered) cities, kept in the URL as ``?city=<adcode>``."""
    names = dict(zip(frame["adcode"], frame["name"], strict=True))
    if not names:
        return None
    wanted = st.session_state.get(CITY_KEY) or st.query_params.get(CITY_KEY)
    st.session_state[CITY_KEY] = wanted if wanted in names else next(iter(names))
    return st.selectbox(_k("city_select", lang), list(names), format_func=names.get, key=CITY_KEY,
                        bind="query-params")


def city_detail(lang: str, adcode: str, frame: pd.DataFrame, reports: pd.DataFrame | None) -> pd.DataFrame:
    """Reference facts, plan targets, reports over time and sources of one city; returns its reports."""
    city = frame.set_index("adcode").loc[adcode]
    row = reference.city(adcode)
    st.subheader(city["name"] + ("" if city["verified"] else f"（{t('common.unverified', lang)}）"))
    period = reference.pilot_period(row)
    period_text = (_k("period_unknown", lang) if period is None else
                   _k(f"period_{period.basis}", lang, start=period.start.isoformat(), end=period.end.isoformat()))
    facts = [
        (_k("fact_batch", lang), city["batch_label"]),
        (_k("fact_type", lang), _k(f"type_{row['city_type']}", lang)),
        (_k("fact_cap", lang), _k("cap_value", lang, cap=f"{row['award_cap_yi']:.1f}")),
        (_k("fact_period", lang), period_text),
        (_k("fact_confidence", lang), city["confidence_label"]),
        (_k("fact_status", lang), city["status_label"]),
        (_k("fact_sub_sectors", lang), city["sub_sectors"] or _k("not_stated", lang)),
    ]
    st.markdown("\n".join(f"- **{label}**：{value}" if lang == "zh" else f"- **{label}**: {value}"
                          for label, value in facts))
    if pd.notna(row[f"notes_{lang}"]):
        st.caption(row[f"notes_{lang}"])
    st.markdown(f"**{_k('targets_title', lang)}**")
    targets = view.targets_table(row, lang)
    if targets.empty:
        st.caption(_k("no_targets", lang))
    else:
        st.dataframe(targets, hide_index=True)
    if pd.notna(row[f"targets_note_{lang}"]):
        st.caption(row[f"targets_note_{lang}"])
    city_reports = (reports[reports["city_adcode"].eq(adcode)] if reports is not None
                    else pd.DataFrame(columns=list(view.REPORT_COLUMNS)))
    st.markdown(f"**{_k('reports_title', lang)}**")
    if reports is None:
        st.caption(_k("reports_unavailable", lang))
    else:
        st.markdown(view.latest_summary(city_reports, row, lang))
        if not city_reports.empty:
            st.vega_lite_chart(charts.progress_spec(city_reports, row, period, lang), width="stretch",
                               key=f"tracker_chart_{adcode}")
            st.dataframe(view.reports_table(city_reports, lang), hide_index=True)
    st.markdown(f"**{_k('sources_title', lang)}**")
    for source in reference.city_sources(adcode).itertuples():
        citation = getattr(source, f"citation_{lang}")
        st.markdown(f"- {citation} — {_k('supports_' + source.supports, lang)}: {source.locator}")
    return city_reports


def _kpi_input(kpi_name: str, integer: bool, maximum: float | None, default: Any, key: str, lang: str) -> Any:
    value = None if default is None or pd.isna(default) else (int(default) if integer else float(default))
    return st.number_input(_k(f"col_{kpi_name}", lang), min_value=0 if integer else 0.0, max_value=maximum,
                           value=value, step=1 if integer else 0.1, format=None if integer else "%.2f", key=key)


def edit_section(lang: str, store: TrackerStore, actor: Actor, adcode: str, city_reports: pd.DataFrame) -> None:
    """Report form for editors: new report or edit of an existing one, with optimistic locking."""
    st.markdown(f"**{_k('edit_title', lang)}**")
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.success(flash[lang])
    rows = {int(r.id): r for r in city_reports.itertuples()}
    options = [0, *sorted(rows, key=lambda i: rows[i].period, reverse=True)]
    choice = st.selectbox(_k("edit_choose", lang), options, key=f"tracker_edit_{adcode}",
                          format_func=lambda i: _k("edit_new", lang) if i == 0 else _k(
                              "edit_existing", lang, period=rows[i].period, version=rows[i].version))
    base: dict[int, int] = st.session_state.setdefault(BASE_KEY, {})
    existing = rows.get(choice)
    if existing is not None:
        base.setdefault(choice, int(existing.version))
    version = base.get(choice, 0)  # for a new report (choice 0): how many were saved, so the form starts empty
    cap = float(reference.city(adcode)["award_cap_yi"])
    prefix = f"tracker_{adcode}_{choice}_{version}"
    with st.form(f"tracker_form_{prefix}"):
        period = st.text_input(_k("col_period", lang), value=existing.period if existing else "",
                               placeholder="2025-06", key=f"{prefix}_period")
        values = {}
        columns = st.columns(3)
        for index, kpi in enumerate(KPIS):
            maximum = cap if kpi.name == "funds_disbursed_yi" else kpi.maximum
            with columns[index % 3]:
                values[kpi.name] = _kpi_input(kpi.name, kpi.integer, maximum,
                                              getattr(existing, kpi.name) if existing else None,
                                              f"{prefix}_{kpi.name}", lang)
        note = st.text_area(_k("col_note", lang), value=(existing.note or "") if existing else "", key=f"{prefix}_note")
        source = st.text_input(_k("col_source", lang), value=(existing.source or "") if existing else "",
                               key=f"{prefix}_source")
        submitted = st.form_submit_button(_k("save", lang), type="primary")
    if submitted:
        data = ReportData(adcode, period.strip(), **values, note=note.strip() or None, source=source.strip() or None)
        _save(lang, store, actor, data, choice, version)
    _conflict_panel(lang, adcode, choice)


def _save(lang: str, store: TrackerStore, actor: Actor, data: ReportData, report_id: int, version: int) -> None:
    base: dict[int, int] = st.session_state[BASE_KEY]
    try:
        saved = store.save_report(actor, data, report_id=report_id or None,
                                  expected_version=version if report_id else None)
    except ConflictError as exc:
        st.session_state[CONFLICT_KEY] = (data.city_adcode, report_id, exc)
        return
    except TrackerError as exc:
        st.error(exc.message(lang))
        return
    except SQLAlchemyError:
        st.error(_k("db_banner", lang, detail=_k("write_failed", lang)))
        return
    base[saved.id] = saved.version
    if not report_id:
        base[0] = version + 1  # a fresh, empty form for the next new report
    st.session_state[FLASH_KEY] = {code: _k("saved", code, period=saved.period, version=saved.version)
                                   for code in ("zh", "en")}
    st.rerun()


def _conflict_panel(lang: str, adcode: str, report_id: int) -> None:
    """The last conflict of this form: message, both versions side by side, and "load the current version"."""
    state = st.session_state.get(CONFLICT_KEY)
    if not state or state[0] != adcode or state[1] != report_id:
        return
    exc: ConflictError = state[2]
    st.error(exc.message(lang), icon=":material/sync_problem:")
    _conflict_tables(lang, exc.yours, exc.current)
    if st.button(_k("conflict_reload", lang), key="tracker_conflict_reload"):
        if exc.current is not None and report_id:
            st.session_state[BASE_KEY][report_id] = exc.current.version
        st.session_state.pop(CONFLICT_KEY, None)
        st.rerun()


def _conflict_tables(lang: str, yours: ReportData, current: ReportRow | None) -> None:
    """Side by side: what the editor submitted (kept in the form) and the record as it is now."""
    fields = ["period", *(k.name for k in KPIS), "note", "source"]
    table = pd.DataFrame({
        _k("conflict_field", lang): [_k(f"col_{f}", lang) for f in fields],
        _k("conflict_yours", lang): [str(getattr(yours, f) if getattr(yours, f) is not None else "") for f in fields],
        _k("conflict_current", lang): [str(getattr(current, f) if current and getattr(current, f) is not None else "")
                                       for f in fields],
    })
    st.dataframe(table, hide_index=True)


def audit_section(lang: str, store: TrackerStore, adcode: str) -> None:
    """Change history of the city's reports (editors only)."""
    with st.expander(_k("audit_title", lang)):
        entries = store.audit(city_adcode=adcode, limit=500)
        if not entries:
            st.caption(_k("audit_empty", lang))
            return
        st.dataframe(pd.DataFrame({
            _k("audit_at", lang): [e.at.strftime("%Y-%m-%d %H:%M UTC") for e in entries],
            _k("audit_actor", lang): [e.actor for e in entries],
            _k("audit_action", lang): [_k(f"action_{e.action}", lang) for e in entries],
            _k("audit_key", lang): [e.entity_key for e in entries],
            _k("audit_old", lang): [_brief(e.old) for e in entries],
            _k("audit_new", lang): [_brief(e.new) for e in entries],
        }), hide_index=True)


def _brief(values: dict[str, Any] | None) -> str:
    if not values:
        return ""
    return ", ".join(f"{k}={v}" for k, v in values.items() if v is not None and k != "city_adcode")


# --------------------------------------------------------------------------------------------- import / export
def export_section(lang: str, reports: pd.DataFrame | None) -> None:
    """CSV (UTF-8 BOM) and XLSX of all reports, and the import template (hidden in briefing mode)."""
    if briefing() or reports is None:
        return
    st.subheader(_k("export_title", lang))
    cities = reference.cities()

    def export_csv() -> bytes:  # built only when the button is clicked
        return exporter.to_csv_bytes(exporter.export_frame(reports, cities))

    def export_xlsx() -> bytes:
        return exporter.to_xlsx_bytes(exporter.export_frame(reports, cities))

    left, middle, right = st.columns(3)
    left.download_button(_k("export_csv", lang), export_csv, "pilot_reports.csv", "text/csv",
                         key="tracker_dl_csv", icon=":material/download:", help=t("common.download_help", lang))
    middle.download_button(_k("export_xlsx", lang), export_xlsx, "pilot_reports.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="tracker_dl_xlsx", icon=":material/download:")
    right.download_button(_k("export_template", lang), exporter.template_csv, "pilot_reports_template.csv",
                          "text/csv", key="tracker_dl_template", icon=":material/description:")
    st.caption(_k("export_note", lang))


def import_section(lang: str, store: TrackerStore, actor: Actor) -> None:
    """Upload CSV/XLSX (UTF-8, UTF-8 BOM, GB18030): row-by-row report; all rows or none are written."""
    st.subheader(_k("import_title", lang))
    st.caption(_k("import_note", lang))
    upload = st.file_uploader(_k("import_file", lang), type=["csv", "xlsx"], key="tracker_upload")
    replace = st.checkbox(_k("import_replace", lang), key="tracker_replace")
    if upload is None or not st.button(_k("import_run", lang), key="tracker_import_run", type="primary"):
        return
    try:
        report = import_file(store, actor, upload.getvalue(), upload.name, reference.cities(), replace=replace)
    except TrackerError as exc:
        st.error(exc.message(lang))
        return
    if report.summary is not None:
        st.success(report.headline(lang))
        return
    st.error(report.headline(lang))
    st.dataframe(pd.DataFrame({
        _k("issue_row", lang): [i.row for i in report.issues],
        _k("issue_column", lang): [i.column or "" for i in report.issues],
        _k("issue_message", lang): [i.message.text(lang) for i in report.issues],
    }), hide_index=True)


def programme_section(lang: str) -> None:
    """Programme-level facts (三批, caps, fund rules, 2025–27 targets) with sources; per-city money not published."""
    st.subheader(_k("programme_title", lang))
    facts = view.programme_table(lang)
    st.dataframe(facts.drop(columns=["source_id", "locator"]), hide_index=True)
    ui.source_caption(facts, lang)


def hosted_sqlite_warning(lang: str, connection: Connection, actor: Actor | None) -> None:
    """Editors are warned when a hosted app keeps reports in SQLite (lost when the container restarts)."""
    if actor is not None and actor.is_editor and config.hosted_on_sqlite(connection.url):
        st.warning(_k("hosted_sqlite", lang), icon=":material/warning:")
