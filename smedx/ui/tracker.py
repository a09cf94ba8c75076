"""Streamlit pieces of the pilot-city tracker page: database connection banner, editor sign-in, coverage,
filters, map, table, city detail with the report form, import/export and the programme facts.

The page has five tabs (``VIEWS``, kept in the URL as ``?view=``); only the open one runs, so a rerun of the
default tab (filters and map) pays for nothing else. Map and table share the filters (as Our World in Data's
chart / map / table tabs share their selection).

Every write goes through :class:`smedx.tracker.store.TrackerStore`, which checks the editor role itself; this
module only decides which controls to draw (viewers see none).
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.dataframe_util import convert_pandas_df_to_arrow_table
from streamlit.delta_generator import DeltaGenerator

from smedx import geo, memo
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
# Seconds a fingerprint of the reports is reused between reruns when the store cannot listen for changes (SQLite,
# or PostgreSQL while its listening connection is down); writes through this app process forget it at once, and
# on PostgreSQL the store hears every replica's write (LISTEN/NOTIFY), so a rerun needs no round trip at all.
SIGNATURE_MAX_AGE = 1.0
EDIT_KEY = "tracker_edit_on"
VIEW_KEY = "view"
LINKED_KEY = "tracker_linked"  # the page has read the URL's deep link in this session
FILTERS = ("batch", "region", "cluster", "province", "status", "confidence")
FILTER_KEYS = tuple(f"tracker_f_{name}" for name in FILTERS)
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


@memo.shared(8, evict=TrackerStore.close)
def _open(url: str) -> TrackerStore:
    """One migrated store per database URL and process (a failure is not cached). On PostgreSQL it listens for
    other replicas' writes, so a rerun needs no database round trip while nothing changed."""
    store = open_store(url)
    store.sync_cities(reference.cities())
    store.listen_for_changes()
    return store


@dataclass
class Connection:
    """The store (None when unreachable) and the URL it was opened with."""

    store: TrackerStore | None
    url: str
    signature: tuple[Any, ...] | None = None  # fingerprint of the reports read in this run


def connect(lang: str, secrets_: dict[str, Any]) -> Connection:
    """Open the configured database; on failure show the banner and retry at most every 30 s."""
    url = config.database_url(secrets_)
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


# Derived frames below are cached as SHARED READ-ONLY objects (smedx.memo.shared: no pickling, no hashing of
# frames per rerun), keyed on the database URL and the reports signature (TrackerStore.reports_signature: reused
# until a write here, a change notification from another replica, or SIGNATURE_MAX_AGE without a listener), so a
# write changes the key and the next rerun rebuilds them. Callers only derive new frames from them
# (pandas copy-on-write keeps the cached frame unchanged); nothing assigns into them.
@memo.shared(8)
def _reports(url: str, signature: tuple[Any, ...], _store: TrackerStore) -> pd.DataFrame:
    """All reports, cached until a write changes the database's signature."""
    return _store.reports_frame()


@memo.shared(16)
def cities_frame(lang: str, url: str | None, signature: tuple[Any, ...] | None, _reports: pd.DataFrame | None
                 ) -> pd.DataFrame:
    """The page's city frame (labels, status, progress) for one language and data version."""
    return view.cities_frame(lang, _reports)


def _arrow(frame: pd.DataFrame) -> pa.Table:
    """A table for ``st.dataframe`` converted to Arrow once (Streamlit only serialises an Arrow table)."""
    return convert_pandas_df_to_arrow_table(frame.reset_index(drop=True))


def load_reports(connection: Connection, lang: str) -> pd.DataFrame | None:
    """All reports, or None (with the banner) if the database stopped answering."""
    if connection.store is None:
        return None
    try:
        connection.signature = connection.store.reports_signature(max_age=SIGNATURE_MAX_AGE)
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


def active_editor(actor: Actor | None, connection: Connection) -> Actor | None:
    """The actor when edit controls may be shown: an editor, with the database reachable (the store still
    checks the role on every write)."""
    return actor if actor is not None and actor.is_editor and connection.store is not None else None


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
    """How many cities of each batch are identified ("18 of 30"), with the detail of each batch."""
    st.subheader(_k("coverage_title", lang))
    columns = st.columns(3)
    for column, row in zip(columns, view.coverage_rows(lang), strict=True):
        column.metric(row["title"], row["value"], help=row["detail"], border=True)
    st.caption(_coverage_note(lang))


@cache
def _coverage_note(lang: str) -> str:
    """Reference data only: built once per language and process."""
    unknown = reference.unassigned()
    names = t("tracker.list_sep", lang).join(unknown[f"name_{lang}"])
    return _k("coverage_note", lang, n=_city_count(), unassigned=len(unknown), names=names)


@dataclass(frozen=True)
class Selection:
    """The filtered cities and what the page draws from them (built once per language, data version and filter
    choice; shared and read-only)."""

    frame: pd.DataFrame  # filtered rows of the city frame
    table: pd.DataFrame  # the sortable table with localized headers (for the CSV download)
    table_arrow: pa.Table
    deck: _SerialisedDeck
    n_points: int


@memo.shared(64)
def _selection(lang: str, url: str | None, signature: tuple[Any, ...] | None,
               chosen: tuple[tuple[str, tuple[Any, ...]], ...], _frame: pd.DataFrame) -> Selection:
    frame = view.filter_cities(_frame, **{name: list(values) for name, values in chosen})
    table = view.table(frame, lang)
    points = view.map_points(frame)
    return Selection(frame, table, _arrow(table), _deck(lang, json.dumps(points, ensure_ascii=False)), len(points))


@cache
def _filter_options(lang: str, db_ok: bool, provinces: tuple[tuple[str, str], ...]
                    ) -> tuple[tuple[str, list[Any], dict[Any, str]], ...]:
    """(filter name, options, option labels) of the six filters."""
    regions, clusters = view.region_options(lang), view.cluster_options(lang)
    statuses = [s for s in view.STATUS_ORDER if (s == view.UNKNOWN) != db_ok]
    return (
        ("batch", [1, 2, 3, 0], {b: view.batch_label(b or None, None, lang) for b in (1, 2, 3, 0)}),
        ("region", list(regions), regions),
        ("cluster", list(clusters), clusters),
        ("province", [p for p, _ in provinces], dict(provinces)),
        ("status", statuses, {s: view.status_label(s, lang) for s in statuses}),
        ("confidence", ["V", "V-inf", "A"], {c: view.confidence_label(c, lang) for c in ("V", "V-inf", "A")}),
    )


@memo.shared(16)
def _provinces(lang: str, url: str | None, signature: tuple[Any, ...] | None, _frame: pd.DataFrame
               ) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(zip(_frame["province_adcode"], _frame["province"], strict=True)))


def filters(lang: str, frame: pd.DataFrame, db_ok: bool, url: str | None = None,
            signature: tuple[Any, ...] | None = None) -> Selection:
    """Six multiselect filters (empty = all); returns the filtered cities (``frame`` is ``cities_frame(lang, url,
    signature, …)``, which the cache key stands for)."""
    specs = _filter_options(lang, db_ok, _provinces(lang, url, signature, frame))
    chosen = []
    with st.container(horizontal=True):
        for key, (name, options, labels) in zip(FILTER_KEYS, specs, strict=True):
            values = st.multiselect(_k(f"filter_{name}", lang), options, format_func=labels.get, key=key,
                                    placeholder=_k("filter_all", lang))
            chosen.append((name, tuple(values)))
    return _selection(lang, url, signature, tuple(chosen), frame)


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


@memo.shared(32)
def _deck(lang: str, points_json: str) -> _SerialisedDeck:
    base = geo.plain_features(geo.projected("provinces"), lang)
    deck = maps.choropleth_deck(base, tooltip_html=_k("map_tooltip_html", lang), cities=json.loads(points_json),
                                provinces_pickable=False, height=MAP_HEIGHT)
    return _SerialisedDeck(deck)


def map_section(lang: str, selection: Selection) -> None:
    """Pilot cities over the province layer: fill = batch, outline = status (no basemap, no external request)."""
    st.pydeck_chart(selection.deck, height=MAP_HEIGHT,  # type: ignore[arg-type]
                    key="tracker_map", alt=_k("map_alt", lang, n=selection.n_points))
    st.caption(_map_note(lang))


@cache
def _map_note(lang: str) -> str:
    """Legend and boundary notice in one caption."""
    return _k("map_legend", lang) + "\n\n" + geo.notice(lang)


def table_section(lang: str, selection: Selection) -> None:
    """Sortable table with progress bars (percent of target and of the reward cap)."""
    st.dataframe(selection.table_arrow, hide_index=True, placeholder="—", column_config=_table_config(lang),
                 key="tracker_table")
    st.caption(_k("table_caption", lang, shown=len(selection.frame), total=_city_count()) + "\n\n"
               + _k("status_rule", lang, **view.intro_fields(lang)))
    ui.csv_download(selection.table, "pilot_cities.csv", lang, key="dl_tracker_table")


@cache
def _table_config(lang: str) -> dict[str, Any]:
    """Progress-bar columns of the city table (Streamlit deep-copies a column config before changing it)."""
    progress = {"format": "%.0f%%", "min_value": 0, "max_value": 100}
    return {_k(f"col_{name}", lang): st.column_config.ProgressColumn(_k(f"col_{name}", lang), **progress,
                                                                     help=_k(f"col_{name}_help", lang))
            for name in ("firms_pct", "funds_pct")}


@cache
def _city_count() -> int:
    return len(reference.cities())


# --------------------------------------------------------------------------------------------- city detail
def city_choice(lang: str) -> str:
    """Selectbox of all pilot cities, kept in the URL as ``?city=<adcode>``."""
    names = _city_names(lang)
    wanted = st.session_state.get(CITY_KEY) or st.query_params.get(CITY_KEY)
    st.session_state[CITY_KEY] = wanted if wanted in names else next(iter(names))
    return st.selectbox(_k("city_select", lang), list(names), format_func=names.get, key=CITY_KEY,
                        bind="query-params")


@cache
def _city_names(lang: str) -> dict[str, str]:
    """adcode -> name of every pilot city, in reference order (reference data: once per language)."""
    cities = reference.cities()
    return dict(zip(cities["adcode"], cities[f"name_{lang}"], strict=True))


@dataclass(frozen=True)
class CityDetail:
    """What the detail view of one city shows (built once per language, data version and city; read-only)."""

    title: str
    facts: str  # markdown list
    notes: str | None
    targets: pa.Table | None  # None: the city states no targets
    targets_note: str | None
    summary: str | None  # None: the database is unavailable
    chart: dict[str, Any] | None
    reports_table: pa.Table | None
    sources: str  # markdown list
    rows: dict[int, Any]  # report id -> report (named tuple of the reports frame's columns), for the editor form
    cap: float  # central reward cap, 亿元 (upper bound of the funds field)


@memo.shared(256)
def _city_detail(lang: str, url: str | None, signature: tuple[Any, ...] | None, adcode: str,
                 _cities: pd.DataFrame, _reports: pd.DataFrame | None) -> CityDetail:
    city = _cities.set_index("adcode").loc[adcode]
    row = reference.city(adcode)
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
    targets = view.targets_table(row, lang)
    city_reports = (_reports[_reports["city_adcode"].eq(adcode)].reset_index(drop=True) if _reports is not None
                    else pd.DataFrame(columns=list(view.REPORT_COLUMNS)))
    has_reports = _reports is not None and not city_reports.empty
    sources = [f"- {getattr(source, f'citation_{lang}')} — {_k('supports_' + source.supports, lang)}: "
               f"{source.locator}" for source in reference.city_sources(adcode).itertuples()]
    return CityDetail(
        title=city["name"] + ("" if city["verified"] else f"（{t('common.unverified', lang)}）"),
        facts="\n".join(f"- **{label}**：{value}" if lang == "zh" else f"- **{label}**: {value}"
                        for label, value in facts),
        notes=row[f"notes_{lang}"] if pd.notna(row[f"notes_{lang}"]) else None,
        targets=None if targets.empty else _arrow(targets),
        targets_note=row[f"targets_note_{lang}"] if pd.notna(row[f"targets_note_{lang}"]) else None,
        summary=None if _reports is None else view.latest_summary(city_reports, row, lang),
        chart=charts.progress_spec(city_reports, row, period, lang) if has_reports else None,
        reports_table=_arrow(view.reports_table(city_reports, lang)) if has_reports else None,
        sources="\n".join(sources),
        rows={int(r.id): r for r in city_reports.itertuples()},
        cap=float(row["award_cap_yi"]),
    )


def city_detail(lang: str, adcode: str, cities: pd.DataFrame, reports: pd.DataFrame | None,
                url: str | None = None, signature: tuple[Any, ...] | None = None) -> CityDetail:
    """Reference facts, plan targets, reports over time and sources of one city; returns what was shown.
    ``cities`` and ``reports`` are the frames the cache key (``url``, ``signature``) stands for."""
    detail = _city_detail(lang, url, signature, adcode, cities, reports)
    st.subheader(detail.title)
    st.markdown(detail.facts)
    if detail.notes is not None:
        st.caption(detail.notes)
    st.markdown(f"**{_k('targets_title', lang)}**")
    if detail.targets is None:
        st.caption(_k("no_targets", lang))
    else:
        st.dataframe(detail.targets, hide_index=True, placeholder="—")
    if detail.targets_note is not None:
        st.caption(detail.targets_note)
    st.markdown(f"**{_k('reports_title', lang)}**")
    if detail.summary is None:
        st.caption(_k("reports_unavailable", lang))
    else:
        st.markdown(detail.summary)
        if detail.chart is not None:
            ui.chart(detail.chart, key=f"tracker_chart_{adcode}")
            st.dataframe(detail.reports_table, hide_index=True, placeholder="—")
    st.markdown(f"**{_k('sources_title', lang)}**")
    st.markdown(detail.sources)
    return detail


def _kpi_input(kpi_name: str, integer: bool, maximum: float | None, default: Any, key: str, lang: str) -> Any:
    value = None if default is None or pd.isna(default) else (int(default) if integer else float(default))
    return st.number_input(_k(f"col_{kpi_name}", lang), min_value=0 if integer else 0.0, max_value=maximum,
                           value=value, step=1 if integer else 0.1, format=None if integer else "%.2f", key=key)


def edit_section(lang: str, store: TrackerStore, actor: Actor, adcode: str, detail: CityDetail) -> None:
    """Report form for editors: new report or edit of an existing one, with optimistic locking."""
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.success(flash[lang])
    rows = detail.rows
    options = [0, *sorted(rows, key=lambda i: rows[i].period, reverse=True)]
    choice = st.selectbox(_k("edit_choose", lang), options, key=f"tracker_edit_{adcode}",
                          format_func=lambda i: _k("edit_new", lang) if i == 0 else _k(
                              "edit_existing", lang, period=rows[i].period, version=rows[i].version))
    base: dict[int, int] = st.session_state.setdefault(BASE_KEY, {})
    existing = rows.get(choice)
    if existing is not None:
        base.setdefault(choice, int(existing.version))
    version = base.get(choice, 0)  # for a new report (choice 0): how many were saved, so the form starts empty
    cap = detail.cap
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
    st.dataframe(table, hide_index=True, placeholder="—")


def audit_section(lang: str, store: TrackerStore, adcode: str, url: str | None = None,
                  signature: tuple[Any, ...] | None = None) -> None:
    """Change history of the city's reports (editors only). Every audited write changes the reports signature,
    so the history is cached on it."""
    with st.expander(_k("audit_title", lang)):
        table = _audit_table(lang, url, signature, adcode, store)
        if table is None:
            st.caption(_k("audit_empty", lang))
        else:
            st.dataframe(table, hide_index=True, placeholder="—")


@memo.shared(64)
def _audit_table(lang: str, url: str | None, signature: tuple[Any, ...] | None, adcode: str, _store: TrackerStore
                 ) -> pa.Table | None:
    entries = _store.audit(city_adcode=adcode, limit=500)
    if not entries:
        return None
    return _arrow(pd.DataFrame({
        _k("audit_at", lang): [e.at.strftime("%Y-%m-%d %H:%M UTC") for e in entries],
        _k("audit_actor", lang): [e.actor for e in entries],
        _k("audit_action", lang): [_k(f"action_{e.action}", lang) for e in entries],
        _k("audit_key", lang): [e.entity_key for e in entries],
        _k("audit_old", lang): [_brief(e.old) for e in entries],
        _k("audit_new", lang): [_brief(e.new) for e in entries],
    }))


def _brief(values: dict[str, Any] | None) -> str:
    if not values:
        return ""
    return ", ".join(f"{k}={v}" for k, v in values.items() if v is not None and k != "city_adcode")


# --------------------------------------------------------------------------------------------- import / export
def export_section(lang: str, reports: pd.DataFrame | None) -> None:
    """CSV (UTF-8 BOM) and XLSX of all reports, and the import template (hidden in briefing mode)."""
    st.subheader(_k("export_title", lang))
    if briefing() or reports is None:
        st.caption(_k("export_hidden_briefing" if reports is not None else "reports_unavailable", lang))
        return
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
    }), hide_index=True, placeholder="—")


def programme_section(lang: str) -> None:
    """Programme-level facts (三批, caps, fund rules, 2025–27 targets) with sources; per-city money not published."""
    st.subheader(_k("programme_title", lang))
    facts = view.programme_table(lang)
    st.dataframe(_programme_arrow(lang), hide_index=True, placeholder="—")
    ui.source_caption(facts, lang)


@cache
def _programme_arrow(lang: str) -> pa.Table:
    """The programme facts table without its source columns (reference data: once per language and process)."""
    return _arrow(view.programme_table(lang).drop(columns=["source_id", "locator"]))


def hosted_sqlite_warning(lang: str, connection: Connection, actor: Actor | None) -> None:
    """Editors are warned when a hosted app keeps reports in SQLite (lost when the container restarts)."""
    if actor is not None and actor.is_editor and config.hosted_on_sqlite(connection.url):
        st.warning(_k("hosted_sqlite", lang), icon=":material/warning:")


# --------------------------------------------------------------------------------------------- page
@dataclass
class Tracker:
    """What every tab works from: the connection, who is signed in, and the reports read in this run."""

    connection: Connection
    reports: pd.DataFrame | None  # None: the database is unavailable
    editor: Actor | None  # the signed-in editor when edit controls may be shown

    def cities(self, lang: str) -> pd.DataFrame:
        """The city frame of this data version (shared, read-only)."""
        return cities_frame(lang, self.connection.url, self.connection.signature, self.reports)


@cache
def intro(lang: str) -> str:
    """The page intro and the coverage line ("18 of ≈30" per batch), shown above the tabs: coverage is a
    feature (reference data only: built once per language and process)."""
    batches = _k("coverage_sep", lang).join(f"{row['title']} {row['value']}" for row in view.coverage_rows(lang))
    return "\n\n".join([_k("intro", lang, **view.intro_fields(lang)),
                          _k("coverage_line", lang, title=_k("coverage_title", lang), batches=batches)])


def start(lang: str) -> Tracker:
    """What every tab needs: database connection (banner on failure), sign-in panel, warnings and the reports
    read in this run."""
    secrets_ = secrets()
    connection = connect(lang, secrets_)
    settings = config.editor_settings(secrets_)
    actor = current_actor(settings)
    sign_in_panel(lang, settings, actor)
    hosted_sqlite_warning(lang, connection, actor)
    reports = load_reports(connection, lang)
    return Tracker(connection, reports, active_editor(actor, connection))


# Widgets of the closed tabs whose choice is kept (Streamlit drops the state of widgets not drawn in a run; a
# value set by the script is kept).
_KEPT = {"map": (CITY_KEY,), "table": (CITY_KEY,), "city": FILTER_KEYS}


def _keep_choices(open_view: str) -> None:
    """Keep the filters and the chosen city while their tab is closed."""
    state = st.session_state
    for key in _KEPT.get(open_view, (*FILTER_KEYS, CITY_KEY)):
        value = state.get(key)
        if value:
            state[key] = value


def tabs(lang: str) -> tuple[str, DeltaGenerator]:
    """The page's tabs (``?view=``); a link with ``?city=`` and no ``?view=`` opens the city tab (on the session's
    first run of the page only, so the other tabs stay reachable)."""
    if not st.session_state.get(LINKED_KEY):
        st.session_state[LINKED_KEY] = True
        if VIEW_KEY not in st.query_params and CITY_KEY in st.query_params:
            st.query_params[VIEW_KEY] = "city"
    return ui.view_tabs(lang, "tracker", VIEWS, key=VIEW_KEY)


def _selection_of(lang: str, tracker: Tracker) -> Selection:
    connection = tracker.connection
    return filters(lang, tracker.cities(lang), db_ok=tracker.reports is not None, url=connection.url,
                   signature=connection.signature)


def map_view(lang: str, tracker: Tracker) -> None:
    """Filters and the map of the pilot cities (the default tab)."""
    map_section(lang, _selection_of(lang, tracker))


def table_view(lang: str, tracker: Tracker) -> None:
    """The same filters and the sortable table with progress bars."""
    table_section(lang, _selection_of(lang, tracker))


def city_view(lang: str, tracker: Tracker) -> None:
    """One city: facts, targets, reports and sources; for editors the report form and the change history."""
    connection = tracker.connection
    adcode = city_choice(lang)
    detail = city_detail(lang, adcode, tracker.cities(lang), tracker.reports, connection.url, connection.signature)
    if tracker.editor is not None and connection.store is not None:
        # The form (a dozen inputs) and the history are built only while the editor has them open.
        if st.toggle(_k("edit_title", lang), key=EDIT_KEY, help=_k("edit_toggle_help", lang)):
            edit_section(lang, connection.store, tracker.editor, adcode, detail)
            audit_section(lang, connection.store, adcode, connection.url, connection.signature)
    elif tracker.reports is None:
        st.caption(_k("edits_disabled_db", lang))


def data_view(lang: str, tracker: Tracker) -> None:
    """Export of all reports; import for editors."""
    export_section(lang, tracker.reports)
    if tracker.editor is not None and tracker.connection.store is not None:
        import_section(lang, tracker.connection.store, tracker.editor)


def programme_view(lang: str, tracker: Tracker) -> None:
    """Coverage per batch in detail and the programme facts."""
    coverage_section(lang)
    programme_section(lang)


SECTIONS: dict[str, Callable[[str, Tracker], None]] = {
    "map": map_view, "table": table_view, "city": city_view, "data": data_view, "programme": programme_view}
VIEWS = tuple(SECTIONS)


def render(view_id: str, lang: str, tracker: Tracker) -> None:
    """The open tab of the page."""
    _keep_choices(view_id)
    SECTIONS[view_id](lang, tracker)
