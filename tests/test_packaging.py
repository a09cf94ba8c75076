"""Reproduce anywhere: the source archive the sources page offers (``smedx-<version>.zip``, no repository address
set) installs with the pip command the what-if page's snippet names, and the snippet run in a fresh virtualenv
outside the checkout prints the page's numbers.

The venv uses ``--system-site-packages`` so the pinned dependencies are not downloaded again, but smedx itself
must come from the pip install (asserted: the import resolves inside the venv, the checkout is not on the path).
pip builds from the unpacked archive in a folder of its own, so the checkout gets no ``build/`` or ``*.egg-info``.
``--no-build-isolation --no-index``: no network at test time (setuptools and wheel come from requirements-dev.txt).
"""
from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from smedx import about, source_archive
from smedx.paths import ROOT
from tests.apptest import open_page

PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


def test_every_subpackage_is_packaged() -> None:
    """pyproject.toml lists packages explicitly (data/ and geo/ are mapped into the package): a new subpackage
    must be added there."""
    found = {".".join(p.relative_to(ROOT).parent.parts) for p in (ROOT / "smedx").rglob("__init__.py")}
    found |= {".".join(p.relative_to(ROOT).parts) for p in (ROOT / "smedx").rglob("versions")}
    found.add("smedx.tracker.migrations")
    assert found <= set(PACKAGES), sorted(found - set(PACKAGES))


def test_snippet_runs_from_the_source_archive_installed_outside_the_checkout(tmp_path: Path) -> None:
    assert not tmp_path.resolve().is_relative_to(ROOT)
    venv, work = tmp_path / "venv", tmp_path / "work"
    work.mkdir()
    code = open_page("whatif", "en", query={"wi_view": "reproduce"}).get("code")[0].value
    archive = about.archive_name()
    command = f"pip install {archive}"
    assert f"#   {command}\n" in code and "git+" not in code  # no repository set: the archive, nothing else named
    (work / archive).write_bytes(source_archive.zip_bytes())  # the bytes of the sources page's download
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = _clean_env()
    install = subprocess.run([str(python), "-m", *command.split(), "-q", "--no-build-isolation", "--no-index",
                              "--disable-pip-version-check"], cwd=work, env=env, capture_output=True, text=True,
                             timeout=600)
    assert install.returncode == 0, install.stdout + install.stderr
    where = subprocess.run([str(python), "-c", "import smedx, smedx.about as a; print(smedx.__file__); "
                            "print(a.version())"], cwd=work, env=env, capture_output=True, text=True, check=True)
    location, version = where.stdout.split()
    assert Path(location).resolve().is_relative_to(venv.resolve()), location  # not the checkout, not sys.path
    assert version == tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

    (work / "snippet.py").write_text(code, encoding="utf-8")
    run = subprocess.run([str(python), "snippet.py"], cwd=work, env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr
    with contextlib.redirect_stdout(io.StringIO()) as page_numbers:  # the page's numbers: same code, this process
        exec(compile(code, "<page snippet>", "exec"), {})
    assert run.stdout == page_numbers.getvalue()
    assert "gain_p50" in run.stdout and "330100" in run.stdout
    assert not (ROOT / "build").exists() and not list(ROOT.glob("*.egg-info"))
