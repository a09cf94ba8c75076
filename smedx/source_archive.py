"""The package's source archive (``smedx-<version>.zip``, offered on the sources page): what ``pip install`` of
this version needs, read from the checkout by the packaging's own rules in ``pyproject.toml`` — the file itself,
its readme and dependency files, and per listed package its modules and package data (``data/`` and ``geo/``
mapped into ``smedx._data`` and ``smedx._geo``), minus the excluded patterns. ``pip install smedx-<version>.zip``
builds it like a checkout (one top folder ``smedx-<version>/``).

Built once per process (cached), deterministic (sorted names, fixed timestamps), bounded: at most
:data:`MAX_FILES` files and :data:`MAX_BYTES` bytes read, checked before each file is read.
"""
from __future__ import annotations

import fnmatch
import io
import tomllib
import zipfile
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from smedx import about
from smedx.paths import ROOT

MAX_FILES = 1000
MAX_BYTES = 32 * 1024 * 1024  # uncompressed; the archive is ~2 MB of files today
STAMP = (2020, 1, 1, 0, 0, 0)  # zip entries' time: the same bytes for the same files


class ArchiveTooLarge(RuntimeError):
    """The files exceed :data:`MAX_FILES` or :data:`MAX_BYTES` (the archive is not built)."""


def _project(root: Path) -> dict[str, Any] | None:
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return None
    with pyproject.open("rb") as handle:
        config = tomllib.load(handle)
    return config if config.get("project", {}).get("name") == about.NAME else None


def available(root: Path = ROOT) -> bool:
    """True in a checkout of the project (an installed package has no ``pyproject.toml`` beside it)."""
    return _project(root) is not None


def _matches(name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def _package_files(root: Path, package: str, setuptools: Mapping[str, Any]) -> Iterator[Path]:
    folder = root / setuptools.get("package-dir", {}).get(package, package.replace(".", "/"))
    data = setuptools.get("package-data", {}).get(package, [])
    excluded = setuptools.get("exclude-package-data", {}).get(package, [])
    found = {*folder.glob("*.py"), *(path for pattern in data for path in folder.glob(pattern))}
    for path in sorted(found):
        if path.is_file() and not _matches(path.relative_to(folder).as_posix(), excluded):
            yield path


def files(root: Path = ROOT) -> list[str]:
    """The archive's files, paths relative to ``root`` (POSIX), sorted."""
    config = _project(root)
    if config is None:
        raise FileNotFoundError(f"no pyproject.toml of {about.NAME} in {root}")
    setuptools = config.get("tool", {}).get("setuptools", {})
    project = config["project"]
    top = ["pyproject.toml", project.get("readme", "")]
    top += [name for spec in setuptools.get("dynamic", {}).values() for name in spec.get("file", [])]
    paths = {root / name for name in top if name}
    for package in setuptools.get("packages", []):
        paths.update(_package_files(root, package, setuptools))
    return sorted(path.relative_to(root).as_posix() for path in paths)


def build(root: Path = ROOT) -> bytes:
    """The ZIP bytes of :func:`files` under ``smedx-<version>/``."""
    names = files(root)
    if len(names) > MAX_FILES:
        raise ArchiveTooLarge(f"{len(names)} files (at most {MAX_FILES})")
    top = about.archive_name().removesuffix(".zip")
    out = io.BytesIO()
    total = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            path = root / name
            total += path.stat().st_size
            if total > MAX_BYTES:
                raise ArchiveTooLarge(f"more than {MAX_BYTES} bytes")
            entry = zipfile.ZipInfo(f"{top}/{name}", STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, path.read_bytes())
    return out.getvalue()


@cache
def zip_bytes() -> bytes:
    """This checkout's source archive, built on the first call in a process."""
    return build()
