"""An editor signs in on the tracker page and saves a report, as a person does (shared by the replica tests)."""
from __future__ import annotations

import json

from smedx.tracker.auth import hash_passphrase
from tests.browser.harness import wait_for_app

EDITOR = "李华"
PASSPHRASE = "浏览器测试 passphrase"


def editor_env(pg_url: str) -> dict[str, str]:
    """Environment of app replicas sharing ``pg_url`` and one editor account."""
    accounts = json.dumps({EDITOR: hash_passphrase(PASSPHRASE, n=2**12)})
    return {"SMEDX_TRACKER_DB_URL": pg_url, "SMEDX_TRACKER_EDITORS_PASSPHRASES": accounts, "SMEDX_HOSTED": "0"}


def save_report(editor, base_url: str, city: str, period: str, firms: str) -> None:  # type: ignore[no-untyped-def]
    """Open ``city`` on the tracker page, sign in, save a report of ``firms`` retrofitted firms for ``period``."""
    editor.goto(f"{base_url}/tracker?city={city}")
    wait_for_app(editor)
    editor.get_by_text("编辑者登录").click()
    editor.get_by_label("姓名（记入修改记录）").fill(EDITOR)
    editor.get_by_label("编辑口令").fill(PASSPHRASE)
    editor.get_by_role("button", name="登录").click()
    editor.get_by_text(f"已登录编辑者：{EDITOR}").wait_for(timeout=30_000)
    wait_for_app(editor)
    editor.get_by_text("录入或修改报告").click()  # the form is built when the editor opens it
    editor.get_by_label("报告期（YYYY-MM）").fill(period)
    editor.get_by_label("完成改造企业数").fill(firms)
    editor.get_by_role("button", name="保存").click()
    editor.get_by_text(f"已保存 {period} 的报告（第 1 版）").wait_for(timeout=30_000)
