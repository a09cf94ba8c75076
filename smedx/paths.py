"""Locations of the project's data folders, resolved from the package (never from the CWD).

In a checkout ``data/`` and ``geo/`` sit beside the package; ``pip install`` ships them inside it as
``smedx/_data`` and ``smedx/_geo`` (see pyproject.toml), which are looked for first.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent


def _shipped(name: str) -> Path:
    inside = PACKAGE_DIR / f"_{name}"
    return inside if inside.is_dir() else ROOT / name


DATA_DIR = _shipped("data")
GEO_DIR = _shipped("geo")
LOCALE_DIR = PACKAGE_DIR / "locales"
