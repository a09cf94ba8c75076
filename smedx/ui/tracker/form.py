"""The editor's report form: a new report or an edit of an existing one with optimistic locking, the conflict
panel, delete and redact.

Nothing an editor typed is lost: the submitted entry is kept as a draft in session state until it is saved. If
the database fails (busy, read-only, full, unreachable: "not saved" with the reason) the form shows the draft
again when it is next drawn; after a conflict, "load the current record" bases the form on the current version
AND keeps the editor's entries in it (or, for a deleted record, in a new report), to be checked and saved again.
"""
from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from smedx.tracker.messages import ConflictError, TrackerError
from smedx.tracker.records import Actor, ReportData, ReportRow
from smedx.tracker.rules import INT_MAX, MAX_PERIOD_TEXT, TEXT_LIMITS
from smedx.tracker.schema import KPIS
from smedx.tracker.store import TrackerStore
from smedx.ui.tracker.city import CityDetail
from smedx.ui.tracker.text import k, plain

BASE_KEY = "tracker_edit_base"  # report id → version the editor's form is based on (0 → saves of new reports)
DRAFT_KEY = "tracker_drafts"  # (adcode, report id) → the editor's unsaved ReportData
GENERATION_KEY = "tracker_form_generation"  # (adcode, report id) → bumped when a draft is discarded
CONFLICT_KEY = "tracker_conflict"
FLASH_KEY = "tracker_flash"
PENDING_KEY = "tracker_edit_pending"  # (adcode, report id) to select on the next run
FIELDS = ("period", *(kpi.name for kpi in KPIS), "note", "source")


def drafts() -> dict[tuple[str, int], ReportData]:
    return st.session_state.setdefault(DRAFT_KEY, {})


def _flash(key: str, **fields: object) -> None:
    st.session_state[FLASH_KEY] = {code: k(key, code, **fields) for code in ("zh", "en")}


def _kpi_input(kpi_name: str, integer: bool, maximum: float | None, default: Any, key: str, lang: str) -> Any:
    value = None if default is None or pd.isna(default) else (int(default) if integer else float(default))
    if integer and maximum is None:
        maximum = INT_MAX
    return st.number_input(k(f"col_{kpi_name}", lang), min_value=0 if integer else 0.0, max_value=maximum,
                           value=value, step=1 if integer else 0.1, format=None if integer else "%.2f", key=key)


def _choice(lang: str, adcode: str, rows: dict[int, Any]) -> int:
    options = [0, *sorted(rows, key=lambda i: rows[i].period, reverse=True)]
    key = f"tracker_edit_{adcode}"
    pending = st.session_state.pop(PENDING_KEY, None)
    if pending is not None and pending[0] == adcode and pending[1] in options:
        st.session_state[key] = pending[1]
    return st.selectbox(k("edit_choose", lang), options, key=key,
                        format_func=lambda i: k("edit_new", lang) if i == 0 else k(
                            "edit_existing", lang, period=rows[i].period, version=rows[i].version))


def edit_section(lang: str, store: TrackerStore, actor: Actor, adcode: str, detail: CityDetail) -> None:
    """Report form for editors: new report or edit of an existing one, with optimistic locking."""
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        st.success(flash[lang])
    rows = detail.rows
    choice = _choice(lang, adcode, rows)
    base: dict[int, int] = st.session_state.setdefault(BASE_KEY, {})
    existing = rows.get(choice)
    if existing is not None:
        base.setdefault(choice, int(existing.version))
    version = base.get(choice, 0)  # for a new report (choice 0): how many were saved, so the form starts empty
    draft = drafts().get((adcode, choice))
    shown = draft or existing
    generation = st.session_state.setdefault(GENERATION_KEY, {}).get((adcode, choice), 0)
    prefix = f"tracker_{adcode}_{choice}_{version}" + (f"_{generation}" if generation else "")
    if draft is not None:
        st.info(k("draft_restored", lang), icon=":material/edit_note:")
    with st.form(f"tracker_form_{prefix}"):
        period = st.text_input(k("col_period", lang), value=str(shown.period) if shown else "",
                               placeholder="2025-06", key=f"{prefix}_period", max_chars=MAX_PERIOD_TEXT)
        values = {}
        columns = st.columns(3)
        for index, kpi in enumerate(KPIS):
            maximum = detail.cap if kpi.capped else kpi.maximum
            with columns[index % 3]:
                values[kpi.name] = _kpi_input(kpi.name, kpi.integer, maximum,
                                              getattr(shown, kpi.name) if shown else None, f"{prefix}_{kpi.name}", lang)
        note = st.text_area(k("col_note", lang), value=(shown.note or "") if shown else "", key=f"{prefix}_note",
                            max_chars=TEXT_LIMITS["note"])
        source = st.text_input(k("col_source", lang), value=(shown.source or "") if shown else "",
                               key=f"{prefix}_source", max_chars=TEXT_LIMITS["source"])
        submitted = st.form_submit_button(k("save", lang), type="primary")
    if draft is not None and st.button(k("draft_discard", lang), key=f"tracker_discard_{prefix}"):
        drafts().pop((adcode, choice), None)
        st.session_state[GENERATION_KEY][(adcode, choice)] = generation + 1
        st.rerun()
    if submitted:
        data = ReportData(adcode, period.strip(), **values, note=note or None, source=source or None)
        _save(lang, store, actor, data, choice, version)
    _conflict_panel(lang, adcode, choice)
    if existing is not None:
        _remove_section(lang, store, actor, adcode, choice, version, str(existing.period))


def _save(lang: str, store: TrackerStore, actor: Actor, data: ReportData, report_id: int, version: int) -> None:
    base: dict[int, int] = st.session_state[BASE_KEY]
    drafts()[(data.city_adcode, report_id)] = data  # kept until it is saved
    try:
        saved = store.save_report(actor, data, report_id=report_id or None,
                                  expected_version=version if report_id else None)
    except ConflictError as exc:
        st.session_state[CONFLICT_KEY] = (data.city_adcode, report_id, exc)
        return
    except TrackerError as exc:
        st.error(k("not_saved", lang, reason=exc.message(lang, plain)), icon=":material/error:")
        return
    drafts().pop((data.city_adcode, report_id), None)
    base[saved.id] = saved.version
    if not report_id:
        base[0] = version + 1  # a fresh, empty form for the next new report
    _flash("saved", period=saved.period, version=saved.version)
    st.rerun()


def _conflict_panel(lang: str, adcode: str, report_id: int) -> None:
    """The last conflict of this form: message, both versions side by side, and "load the current version"."""
    state = st.session_state.get(CONFLICT_KEY)
    if not state or state[0] != adcode or state[1] != report_id:
        return
    exc: ConflictError = state[2]
    st.error(exc.message(lang, plain), icon=":material/sync_problem:")
    conflict_table(lang, exc.yours, exc.current)
    if st.button(k("conflict_reload", lang), key="tracker_conflict_reload"):
        current: ReportRow | None = exc.current
        target = current.id if current is not None else 0
        if current is not None:
            st.session_state[BASE_KEY][target] = current.version
        mine = drafts().pop((adcode, report_id), exc.yours)
        if mine is not None:
            drafts()[(adcode, target)] = mine  # the editor's entries, now on top of the current record
        st.session_state[PENDING_KEY] = (adcode, target)
        st.session_state.pop(CONFLICT_KEY, None)
        st.rerun()


def conflict_table(lang: str, yours: ReportData | None, current: ReportRow | None) -> None:
    """Side by side: what the editor submitted (kept) and the record as it is now (plain-text cells)."""
    def cells(record: ReportData | None) -> list[str]:
        return [str(getattr(record, f)) if record is not None and getattr(record, f) is not None else ""
                for f in FIELDS]

    table = pd.DataFrame({
        k("conflict_field", lang): [k(f"col_{f}", lang) for f in FIELDS],
        k("conflict_yours", lang): cells(yours),
        k("conflict_current", lang): cells(current),
    })
    st.dataframe(table, hide_index=True, placeholder="—")


def _remove_section(lang: str, store: TrackerStore, actor: Actor, adcode: str, report_id: int, version: int,
                    period: str) -> None:
    """Delete the report, or redact its note and source (also from the change history); both audited."""
    with st.expander(k("delete_title", lang), icon=":material/delete:"):
        sure = st.checkbox(k("delete_confirm", lang), key=f"tracker_remove_sure_{report_id}_{version}")
        left, right = st.columns(2)
        delete = left.button(k("delete_button", lang), key=f"tracker_delete_{report_id}", disabled=not sure)
        redact = right.button(k("redact_button", lang), key=f"tracker_redact_{report_id}", disabled=not sure)
    if not (delete or redact):
        return
    try:
        if delete:
            store.delete_report(actor, report_id, version)
            st.session_state[PENDING_KEY] = (adcode, 0)
            _flash("deleted", period=period)
        else:
            saved = store.redact_report(actor, report_id, version)
            st.session_state[BASE_KEY][report_id] = saved.version
            _flash("redacted", period=period)
    except TrackerError as exc:
        st.error(k("not_saved", lang, reason=exc.message(lang, plain)), icon=":material/error:")
        return
    drafts().pop((adcode, report_id), None)
    st.rerun()


def pending_drafts(lang: str, adcode: str) -> None:
    """While editing is paused (database down): the editor's unsaved entries for this city, kept for later."""
    mine = [data for (city, _), data in drafts().items() if city == adcode]
    if not mine:
        return
    st.warning(k("draft_kept", lang), icon=":material/save:")
    for data in mine:
        conflict_table(lang, data, None)
