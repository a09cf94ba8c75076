"""Bilingual messages: every key used in the tracker code exists in zh and en and formats."""
from __future__ import annotations

import re

import yaml

from smedx.paths import LOCALE_DIR, ROOT
from smedx.tracker.messages import ConflictError, Message, PermissionDenied

USED = re.compile(r'Message\(\s*"([a-z_0-9]+)"')


def _catalogue(lang: str) -> dict[str, str]:
    return yaml.safe_load((LOCALE_DIR / lang / "tracker_msg.yaml").read_text(encoding="utf-8"))


def test_zh_and_en_define_the_same_fields() -> None:
    zh, en = _catalogue("zh"), _catalogue("en")
    assert zh.keys() == en.keys()
    for key in zh:
        assert set(re.findall(r"{(\w+)}", zh[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_every_message_key_in_the_code_exists() -> None:
    used = {key for path in (ROOT / "smedx" / "tracker").glob("*.py") for key in USED.findall(path.read_text())}
    assert used and used <= set(_catalogue("zh")), used - set(_catalogue("zh"))
    assert {"at_row", "import_ok", "import_failed"} <= set(_catalogue("en"))


def test_error_str_has_both_languages() -> None:
    error = PermissionDenied(Message("permission_denied", {"actor": "guest"}))
    assert str(error) == f"{error.message('zh')} / {error.message('en')}"
    assert "guest" in error.message("zh") and "guest" in error.message("en")
    conflict = ConflictError(Message("conflict_deleted"), yours={"a": 1}, current=None)
    assert conflict.yours == {"a": 1} and "删除" in str(conflict) and "deleted" in str(conflict)
