"""What the app says about itself: name, version (pinned in ``pyproject.toml``), repository, licence, citation.

One place for the facts every download header, the data bundle and the reproduce snippet print. The repository's
address is a deployment setting (environment ``SMEDX_REPOSITORY``, e.g. ``https://github.com/<owner>/<repo>``); while
it is unset nothing names an address, and the package is installed from the source archive the sources page offers
(:mod:`smedx.source_archive`).
"""
from __future__ import annotations

import logging
import os
import re
import tomllib
from functools import cache
from importlib import metadata

from smedx.paths import ROOT

NAME = "smedx"
TITLE_EN = "SME digital-transformation policy dashboard"
TITLE_ZH = "中小企业数字化转型政策仪表板"
REPOSITORY_ENV = "SMEDX_REPOSITORY"  # the public address of the project's git repository (deployment setting)
_URL = re.compile(r"https?://[^\s\"'<>@`]+")
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


def repository() -> str | None:
    """The repository's address from ``SMEDX_REPOSITORY`` (an http(s) URL without spaces, quotes, backticks or ``@``; a
    trailing slash is dropped), None when unset or unreadable (logged: nothing then names an address)."""
    raw = os.environ.get(REPOSITORY_ENV, "").strip()
    if not raw:
        return None
    if not _URL.fullmatch(raw):
        logging.getLogger(__name__).warning("%s is not an http(s) address; no repository is named", REPOSITORY_ENV)
        return None
    return raw.rstrip("/")


def archive_name() -> str:
    """The file name of this version's source archive (``smedx-<version>.zip``, the sources page's download)."""
    return f"{NAME}-{version()}.zip"


def install_command() -> str:
    """The pip command that installs this version of the package: from the repository's tag ``v<version>``, else
    from the source archive (run in the folder that holds the downloaded file)."""
    address = repository()
    return f'pip install "git+{address}@v{version()}"' if address else f"pip install {archive_name()}"


def app_label() -> str:
    """``smedx <version>``, with the repository's address when one is set."""
    address = repository()
    return f"{NAME} {version()}" + (f" ({address})" if address else "")


def citation(date: str) -> str:
    """How to cite the dashboard (English), with the date the data were retrieved (YYYY-MM-DD); the repository's
    address only when one is set."""
    address = repository()
    return f"{TITLE_EN} ({NAME} {version()}), " + (f"{address}, " if address else "") + f"retrieved {date}."
