"""The package's source archive: the files pyproject.toml's packaging declares (and nothing else), one top folder,
the same bytes on every build, limits checked before reading. Installing it and running the snippet:
tests/test_packaging.py."""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from smedx import about, source_archive
from smedx.paths import ROOT


def test_the_archive_holds_what_pip_install_needs_and_nothing_else() -> None:
    names = source_archive.files()
    for needed in ("pyproject.toml", "README.md", "requirements.txt", "smedx/__init__.py", "smedx/model/simulate.py",
                   "smedx/locales/zh/whatif.yaml", "smedx/locales/en/whatif.yaml", "data/observations.csv",
                   "data/model_params.yaml", "geo/provinces.geojson", "smedx/tracker/migrations/script.py.mako"):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("tests/", "pages/", "bench/", "deploy/", ".")) or "__pycache__" in n]
    assert "geo/build.py" not in names and "geo/README.md" not in names  # excluded by pyproject.toml
    python = {p.relative_to(ROOT).as_posix() for p in (ROOT / "smedx").rglob("*.py") if "__pycache__" not in p.parts}
    assert python <= set(names)  # every module of the package


def test_the_archive_is_one_folder_of_this_version_and_deterministic() -> None:
    data = source_archive.zip_bytes()
    assert source_archive.zip_bytes() is data  # built once per process
    assert source_archive.build() == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        top = f"smedx-{about.version()}/"
        assert names == [top + n for n in source_archive.files()]
        assert archive.read(top + "pyproject.toml") == (ROOT / "pyproject.toml").read_bytes()
    assert len(data) < 4 * 1024 * 1024


def test_limits_are_checked_before_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source_archive, "MAX_BYTES", 100_000)
    with pytest.raises(source_archive.ArchiveTooLarge, match="bytes"):
        source_archive.build()
    monkeypatch.setattr(source_archive, "MAX_FILES", 10)
    with pytest.raises(source_archive.ArchiveTooLarge, match="files"):
        source_archive.build()


def test_only_a_checkout_of_the_project_has_an_archive(tmp_path: Path) -> None:
    assert source_archive.available() and not source_archive.available(tmp_path)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'other'\n", encoding="utf-8")
    assert not source_archive.available(tmp_path)
    with pytest.raises(FileNotFoundError):
        source_archive.files(tmp_path)
