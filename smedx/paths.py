"""Locations of the project's data folders, resolved from the package (never from the CWD)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
GEO_DIR = ROOT / "geo"
LOCALE_DIR = Path(__file__).resolve().parent / "locales"
