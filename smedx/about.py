"""What the app says about itself: its version (kept in one place, ``pyproject.toml``) and the code licence."""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import metadata

from smedx.paths import ROOT

#: The code's licence (an SPDX id); None: no open-source licence has been granted yet (README says the same).
CODE_LICENCE: str | None = None


@cache
def version() -> str:
    """The app version: ``[project] version`` of the checkout's ``pyproject.toml``, else the installed
    package's metadata (the same field, after ``pip install``)."""
    pyproject = ROOT / "pyproject.toml"
    if pyproject.is_file():
        return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
    return metadata.version("smedx")
