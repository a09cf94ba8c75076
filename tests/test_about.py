"""The app's facts: the version comes from pyproject.toml, the install command pins it; the repository's address is
a deployment setting (SMEDX_REPOSITORY), and while it is unset nothing names one."""
from __future__ import annotations

import tomllib

import pytest

from smedx import about
from smedx.paths import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
VERSION = PROJECT["version"]


@pytest.fixture
def no_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(about.REPOSITORY_ENV, raising=False)


def test_without_a_repository_the_package_installs_from_the_source_archive(no_repository: None) -> None:
    assert about.version() == VERSION
    assert about.repository() is None
    assert about.archive_name() == f"smedx-{VERSION}.zip"
    assert about.install_command() == f"pip install smedx-{VERSION}.zip"
    assert about.app_label() == f"smedx {VERSION}"
    assert about.citation("2026-01-01") == f"{about.TITLE_EN} (smedx {VERSION}), retrieved 2026-01-01."
    assert "urls" not in PROJECT  # pyproject.toml claims no address either
    assert "github" not in (ROOT / "pyproject.toml").read_text(encoding="utf-8").lower()


def test_a_deployments_repository_is_named_and_pinned_to_the_version_tag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(about.REPOSITORY_ENV, " https://git.example.org/team/smedx/ ")
    assert about.repository() == "https://git.example.org/team/smedx"
    assert about.install_command() == f'pip install "git+https://git.example.org/team/smedx@v{VERSION}"'
    assert about.app_label() == f"smedx {VERSION} (https://git.example.org/team/smedx)"
    assert about.citation("2026-01-01") == (f"{about.TITLE_EN} (smedx {VERSION}), https://git.example.org/team/smedx, "
                                            "retrieved 2026-01-01.")


@pytest.mark.parametrize("raw", ["", "   ", "git.example.org/smedx", "https://x.org/a b", "https://u:p@x.org/smedx",
                                 'https://x.org/"smedx', "javascript:alert(1)", "https://x.org/`rm`"])
def test_an_unreadable_setting_names_no_address(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(about.REPOSITORY_ENV, raw)
    assert about.repository() is None
    assert about.install_command() == f"pip install smedx-{VERSION}.zip"
