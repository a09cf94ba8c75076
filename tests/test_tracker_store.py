"""Tracker store on SQLite AND a real PostgreSQL: writes, audit, optimistic locking, role check."""
from __future__ import annotations

import dataclasses
import time
from datetime import UTC

import pytest
from sqlalchemy.orm.exc import StaleDataError

from smedx.tracker import reference
from smedx.tracker.messages import ConflictError, PermissionDenied, ValidationFailed
from smedx.tracker.migrate import current_revision, head_revision
from smedx.tracker.store import ReportData, TrackerStore, open_store
from tests.tracker_data import EDITOR, NOW, OTHER_EDITOR, VIEWER, row_count

pytest_plugins = ["tests.tracker_fixtures"]  # db_url, store (pg_url comes from tests/conftest.py)

FUZHOU = "350100"
DATA = ReportData(FUZHOU, "2025-03", firms_retrofitted=210, l2_share_pct=55.5, service_providers=12,
                  products=40, lighthouse_firms=3, funds_disbursed_yi=0.6, note="季度报告", source="福州市工信局")


def test_open_migrates_empty_database_and_syncs_cities(store: TrackerStore, db_url: str) -> None:
    assert current_revision(db_url) == head_revision() == "0001_initial"
    assert len(store.city_adcodes()) == len(reference.cities()) == 46
    assert store.sync_cities(reference.cities()) == 0  # idempotent
    assert store.ping()


def test_sync_updates_changed_reference_rows(store: TrackerStore) -> None:
    cities = reference.cities().copy()
    cities.loc[cities["adcode"].eq(FUZHOU), "name_en"] = "Fuzhou, Fujian"
    assert store.sync_cities(cities) == 1


def test_create_returns_row_with_author_version_and_utc_times(store: TrackerStore) -> None:
    saved = store.save_report(EDITOR, DATA)
    assert (saved.version, saved.created_by, saved.updated_by) == (1, EDITOR.name, EDITOR.name)
    assert saved.created_at == saved.updated_at == NOW and saved.created_at.tzinfo == UTC
    assert store.report(saved.id) == saved
    assert dataclasses.asdict(saved)["l2_share_pct"] == 55.5
    frame = store.reports_frame(FUZHOU)
    assert frame.loc[0, "firms_retrofitted"] == 210 and frame.loc[0, "note"] == "季度报告"


def test_every_change_is_audited_with_who_old_and_new(store: TrackerStore) -> None:
    saved = store.save_report(EDITOR, DATA)
    updated = store.save_report(OTHER_EDITOR, dataclasses.replace(DATA, firms_retrofitted=260),
                                report_id=saved.id, expected_version=1)
    store.delete_report(EDITOR, saved.id, expected_version=updated.version)
    entries = store.audit(entity_key=f"{FUZHOU}/2025-03")
    assert [(e.action, e.actor) for e in entries] == [
        ("delete", EDITOR.name), ("update", OTHER_EDITOR.name), ("insert", EDITOR.name)]
    delete, update, insert = entries
    assert insert.old is None and insert.new["firms_retrofitted"] == 210 and insert.new["version"] == 1
    assert update.old["firms_retrofitted"] == 210 and update.new["firms_retrofitted"] == 260
    assert (update.old["version"], update.new["version"]) == (1, 2)
    assert delete.old["firms_retrofitted"] == 260 and delete.new is None
    assert all(e.at == NOW for e in entries)
    assert store.reports() == []


def test_second_writer_gets_conflict_and_loses_nothing(db_url: str, store: TrackerStore) -> None:
    """Two app replicas (two engines) edit the same report from version 1."""
    other = TrackerStore(open_store(db_url).engine)
    saved = store.save_report(EDITOR, DATA)
    first = other.save_report(OTHER_EDITOR, dataclasses.replace(DATA, firms_retrofitted=300),
                              report_id=saved.id, expected_version=1)
    mine = dataclasses.replace(DATA, firms_retrofitted=280, note="我的修改")
    before = row_count(store)
    with pytest.raises(ConflictError) as caught:
        store.save_report(EDITOR, mine, report_id=saved.id, expected_version=1)
    error = caught.value
    assert error.yours == mine  # the submitted values are handed back
    assert error.current.version == 2 and error.current.firms_retrofitted == 300
    assert OTHER_EDITOR.name in error.message("zh") and "第 2 版" in error.message("zh")
    assert "changed this report" in error.message("en") and "not lost" in error.message("en")
    assert row_count(store) == before
    assert store.report(saved.id) == first
    other.engine.dispose()


def test_conflict_detected_at_write_time_race(store: TrackerStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the version changes between the read and the UPDATE, the versioned UPDATE catches it."""
    saved = store.save_report(EDITOR, DATA)
    real_flush = type(store._sessions()).flush

    def flush_after_concurrent_write(session, *args, **kwargs):  # type: ignore[no-untyped-def]
        if session.dirty:
            raise StaleDataError("UPDATE statement on table 'tracker_report' expected to update 1 row(s)")
        return real_flush(session, *args, **kwargs)

    monkeypatch.setattr(type(store._sessions()), "flush", flush_after_concurrent_write)
    with pytest.raises(ConflictError) as caught:
        store.save_report(EDITOR, dataclasses.replace(DATA, products=41), report_id=saved.id, expected_version=1)
    monkeypatch.undo()
    assert caught.value.current == saved
    assert store.report(saved.id).products == 40


def test_update_of_deleted_report_is_a_conflict(store: TrackerStore) -> None:
    saved = store.save_report(EDITOR, DATA)
    store.delete_report(OTHER_EDITOR, saved.id, expected_version=1)
    with pytest.raises(ConflictError) as caught:
        store.save_report(EDITOR, DATA, report_id=saved.id, expected_version=1)
    assert caught.value.current is None and caught.value.yours == DATA
    assert "删除" in caught.value.message("zh") and "deleted" in caught.value.message("en")


def test_stale_delete_is_a_conflict(store: TrackerStore) -> None:
    saved = store.save_report(EDITOR, DATA)
    store.save_report(OTHER_EDITOR, DATA, report_id=saved.id, expected_version=1)
    with pytest.raises(ConflictError):
        store.delete_report(EDITOR, saved.id, expected_version=1)
    assert store.report(saved.id).version == 2


def test_second_create_of_same_period_is_a_conflict(store: TrackerStore) -> None:
    saved = store.save_report(EDITOR, DATA)
    mine = dataclasses.replace(DATA, firms_retrofitted=1)
    with pytest.raises(ConflictError) as caught:
        store.save_report(OTHER_EDITOR, mine)
    assert caught.value.current == saved and caught.value.yours == mine
    assert "已存在" in caught.value.message("zh") and "already exists" in caught.value.message("en")
    assert len(store.reports()) == 1


@pytest.mark.parametrize("actor", [VIEWER, None], ids=["viewer", "anonymous"])
def test_writes_require_editor_role(store: TrackerStore, actor) -> None:  # type: ignore[no-untyped-def]
    saved = store.save_report(EDITOR, DATA)
    before = row_count(store)
    attempts = [
        lambda: store.save_report(actor, dataclasses.replace(DATA, period="2025-04")),
        lambda: store.save_report(actor, DATA, report_id=saved.id, expected_version=1),
        lambda: store.delete_report(actor, saved.id, expected_version=1),
        lambda: store.import_reports(actor, [dataclasses.replace(DATA, period="2025-05")]),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as caught:
            attempt()
        assert "编辑权限" in caught.value.message("zh") and "editor role" in caught.value.message("en")
    assert row_count(store) == before


@pytest.mark.parametrize(
    ("change", "zh", "en"),
    [
        ({"firms_retrofitted": -1}, "不能为负数", "cannot be negative"),
        ({"l2_share_pct": 100.5}, "超出范围", "out of range"),
        ({"funds_disbursed_yi": 1.6}, "奖补上限 1.5 亿元", "reward cap (1.5 亿元)"),
        ({"products": 2.5}, "必须是整数", "whole number"),
        ({"period": "2025-07"}, "尚未到来", "in the future"),
        ({"period": "2022-12"}, "超出范围", "out of range"),
        ({"period": "next month"}, "无法识别", "not recognised"),
        ({"city_adcode": "999999"}, "未知城市", "Unknown city"),
    ],
)
def test_invalid_values_are_refused_and_nothing_written(store: TrackerStore, change, zh, en) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        store.save_report(EDITOR, dataclasses.replace(DATA, **change))
    assert zh in caught.value.message("zh") and en in caught.value.message("en")
    assert row_count(store) == (0, 0)


def test_period_is_normalised(store: TrackerStore) -> None:
    assert store.save_report(EDITOR, dataclasses.replace(DATA, period="2025年3月")).period == "2025-03"


def test_import_is_all_or_nothing(store: TrackerStore) -> None:
    good = [dataclasses.replace(DATA, period=f"2024-{m:02d}") for m in range(1, 13)]
    bad = dataclasses.replace(DATA, period="2025-01", l2_share_pct=180.0)
    with pytest.raises(ValidationFailed):
        store.import_reports(EDITOR, [*good, bad])
    assert row_count(store) == (0, 0)
    summary = store.import_reports(EDITOR, good)
    assert (summary.inserted, summary.updated) == (12, 0)
    assert [r.version for r in store.reports()] == [1] * 12
    assert {e.action for e in store.audit()} == {"import"}


def test_import_over_existing_needs_replace(store: TrackerStore) -> None:
    saved = store.save_report(EDITOR, DATA)
    changed = dataclasses.replace(DATA, firms_retrofitted=999)
    with pytest.raises(ValidationFailed) as caught:
        store.import_reports(OTHER_EDITOR, [changed, dataclasses.replace(DATA, period="2025-04")])
    assert "替换已有报告" in caught.value.message("zh")
    assert row_count(store) == (1, 1)
    summary = store.import_reports(OTHER_EDITOR, [changed], replace=True)
    assert (summary.inserted, summary.updated) == (0, 1)
    stored = store.report(saved.id)
    assert (stored.firms_retrofitted, stored.version, stored.updated_by) == (999, 2, OTHER_EDITOR.name)
    assert store.audit(limit=1)[0].old["firms_retrofitted"] == 210


def test_unreachable_database_raises_store_unavailable() -> None:
    from smedx.tracker.messages import StoreUnavailable

    with pytest.raises(StoreUnavailable) as caught:
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert "无法连接数据库" in caught.value.message("zh") and "cannot be reached" in caught.value.message("en")


def test_audit_of_one_city(store: TrackerStore) -> None:
    store.save_report(EDITOR, DATA)
    store.save_report(EDITOR, dataclasses.replace(DATA, city_adcode="350200"))
    assert [e.entity_key for e in store.audit(city_adcode=FUZHOU)] == [f"{FUZHOU}/2025-03"]


def test_signature_changes_with_every_write(store: TrackerStore) -> None:
    empty = store.reports_signature()
    saved = store.save_report(EDITOR, DATA)
    created = store.reports_signature()
    store.save_report(EDITOR, dataclasses.replace(DATA, products=1), report_id=saved.id, expected_version=1)
    updated = store.reports_signature()
    store.delete_report(EDITOR, saved.id, expected_version=2)
    assert len({empty, created, updated}) == 3 and store.reports_signature() != updated


def test_signature_reuse_is_bounded_by_max_age_and_forgotten_on_own_writes(store: TrackerStore) -> None:
    """A fingerprint read within ``max_age`` is reused; a write through the same store forgets it at once; a
    write by another process (another store object on the same database) shows once ``max_age`` has passed."""
    first = store.reports_signature(max_age=60)
    saved = store.save_report(EDITOR, DATA)
    after_own_write = store.reports_signature(max_age=60)
    assert after_own_write != first
    other = TrackerStore(store.engine)  # another replica: its writes do not reach this store object
    other.save_report(EDITOR, dataclasses.replace(DATA, products=2), report_id=saved.id, expected_version=1)
    assert store.reports_signature(max_age=60) == after_own_write  # reused: younger than max_age
    assert store.reports_signature(max_age=0) != after_own_write  # read again
    seen = store.reports_signature(max_age=0.05)
    other.delete_report(EDITOR, saved.id, expected_version=2)
    time.sleep(0.06)
    assert store.reports_signature(max_age=0.05) != seen
