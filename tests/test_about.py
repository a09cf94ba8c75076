"""The app's facts: the version comes from pyproject.toml, the install command pins it."""
from __future__ import annotations

import tomllib

from smedx import about
from smedx.paths import ROOT


def test_version_is_pyprojects_and_the_install_command_pins_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert about.version() == project["version"]
    assert about.install_command() == f'pip install "git+{about.REPOSITORY}@v{project["version"]}"'
    assert project["urls"]["Repository"] == about.REPOSITORY


def test_citation_names_title_version_address_and_date() -> None:
    assert about.citation("2026-01-01") == (f"{about.TITLE_EN} (smedx {about.version()}), {about.REPOSITORY}, "
                                            "retrieved 2026-01-01.")
