"""What the app says about itself: name, version (pinned in ``pyproject.toml``), repository, licence, citation.

One place for the facts every download header, the data bundle and the reproduce snippet print.
"""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import metadata

from smedx.paths import ROOT

NAME = "smedx"
TITLE_EN = "SME digital-transformation policy dashboard"
TITLE_ZH = "中小企业数字化转型政策仪表板"
# Where ``pip install "git+<REPOSITORY>@v<version>"`` fetches the project (the lead sets the public address).
REPOSITORY = "https://github.com/smedx-dashboard/smedx"
LICENCE_ID = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NOTE = ("The dashboard's compiled tables are licensed CC BY 4.0; every figure keeps the terms of the "
                "source it cites (sources.csv names each one).")
#: The code's licence (an SPDX id); None: no open-source licence has been granted yet (README says the same).
CODE_LICENCE: str | None = None


@cache
def version() -> str:
    """The project version: ``pyproject.toml`` of a checkout, else the installed distribution's metadata."""
    pyproject = ROOT / "pyproject.toml"
    if pyproject.is_file():
        with pyproject.open("rb") as handle:
            project = tomllib.load(handle).get("project", {})
        if project.get("name") == NAME:
            return str(project["version"])
    return metadata.version(NAME)


def install_command() -> str:
    """The pip command that installs this version of the package from its repository."""
    return f'pip install "git+{REPOSITORY}@v{version()}"'


def citation(date: str) -> str:
    """How to cite the dashboard (English), with the date the data were retrieved (YYYY-MM-DD)."""
    return f"{TITLE_EN} ({NAME} {version()}), {REPOSITORY}, retrieved {date}."
