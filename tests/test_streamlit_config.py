""".streamlit/config.toml: what the deployment relies on (Community Cloud and the mirror read the same file)."""
from __future__ import annotations

import tomllib

from smedx.mydata.schema import MAX_UPLOAD_MB
from smedx.tracker.reading import MAX_BYTES
from tests.apptest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_no_traceback_reaches_a_viewer() -> None:
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["toolbarMode"] == "viewer"


def test_the_upload_limit_is_the_apps_largest() -> None:
    assert CONFIG["server"]["maxUploadSize"] == MAX_UPLOAD_MB  # MB: the my-data page's limit
    assert MAX_BYTES <= MAX_UPLOAD_MB * 2**20  # the tracker import refuses more while reading


def test_no_full_garbage_collection_after_every_run() -> None:
    assert CONFIG["runner"]["postScriptGC"] is False  # most of a rerun's CPU (bench/bench_load.py)


def test_the_app_is_headless_and_sends_no_usage_statistics() -> None:
    assert CONFIG["server"]["headless"] is True and CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["theme"]["base"] == "light" and CONFIG["theme"]["primaryColor"] == "#0072B2"
