"""The start-up check names each missing or invalid data, geometry or parameter file (AppTest on a broken copy of
the deployment's folders) instead of a traceback; the shipped files pass it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from smedx import paths
from smedx.startup import file_problems
from tests.apptest import ENTRY, ROOT


def test_the_shipped_files_pass() -> None:
    assert file_problems() == ()


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ and geo/ the app reads instead of the shipped folders."""
    for name in ("data", "geo"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.setattr(paths, "DATA_DIR", tmp_path / "data")
    monkeypatch.setattr(paths, "GEO_DIR", tmp_path / "geo")
    return tmp_path


@pytest.mark.parametrize(("lang", "heading"), [("zh", "看板无法启动"), ("en", "The dashboard cannot start")])
def test_a_broken_deployment_names_its_files(broken: Path, lang: str, heading: str) -> None:
    (broken / "geo" / "regions.geojson").unlink()
    provinces = broken / "geo" / "provinces.geojson"
    provinces.write_text(provinces.read_text(encoding="utf-8")[:500], encoding="utf-8")  # a truncated upload
    (broken / "data" / "model_params.yaml").write_text("base_year: [unclosed", encoding="utf-8")
    regions = broken / "data" / "regions.csv"
    regions.write_text(regions.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    at = AppTest.from_file(ENTRY, default_timeout=60)
    if lang == "en":
        at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.error[0].value.startswith(heading)
    shown = [element.value for element in at.text]
    assert shown[:1] == ["regions.csv: row -, column -: no data rows"]
    assert any(s.startswith("provinces.geojson: row 1, column -: JSON syntax (truncated?)") for s in shown)
    assert "regions.geojson: row -, column -: file not found" in shown
    assert any(s.startswith("model_params.yaml: YAML syntax") for s in shown)
    assert len(shown) == 4 and not at.title  # no page drawn on a broken deployment
