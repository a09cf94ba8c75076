"""Structure rules: streamlit only in smedx/ui, thin pages, nothing reads ../shared, every page registered."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from smedx import urlstate
from tests.code_imports import imported_modules

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "smedx"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_streamlit_is_imported_only_in_the_ui_corner() -> None:
    """No module of smedx outside smedx/ui imports streamlit (so the package runs in a notebook)."""
    offenders = [str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py")
                 if "ui" not in p.relative_to(PACKAGE).parts[:1] and "streamlit" in _imports(p)]
    assert offenders == []


def test_pages_read_no_files_and_parse_no_data() -> None:
    """Page files do not open files or call pandas/yaml loaders themselves."""
    forbidden = re.compile(r"\bopen\(|read_csv|read_text|yaml\.|import pandas|from pathlib")
    offenders = [p.name for p in (ROOT / "pages").glob("*.py") if forbidden.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_page_file_is_registered_in_the_navigation() -> None:
    """streamlit_app.py makes an st.Page of pages/<id>.py for every id of the URL registry's page list, which
    names every pages/*.py."""
    entry = (ROOT / "streamlit_app.py").read_text(encoding="utf-8")
    assert 'st.Page(f"pages/{page}.py"' in entry and "for page in urlstate.PAGES]" in entry
    assert {f"pages/{p}.py" for p in urlstate.PAGES} == {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}


def test_nothing_reads_the_shared_folder() -> None:
    """No runtime or test code refers to ../shared (a user's clone has no such folder)."""
    pattern = re.compile(r"\.\./shared|/work/shared")
    offenders = [str(p.relative_to(ROOT)) for folder in ("smedx", "pages", "tests", "bench", "geo")
                 for p in (ROOT / folder).rglob("*.py")
                 if p != Path(__file__) and pattern.search(p.read_text(encoding="utf-8"))]
    offenders += ["streamlit_app.py"] if pattern.search((ROOT / "streamlit_app.py").read_text(encoding="utf-8")) else []
    assert offenders == []


def _imports_any(path: Path, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(f"{p}.") for name in imported_modules(path) for p in prefixes)


def test_domain_never_imports_the_ui_or_pages() -> None:
    """smedx outside smedx/ui (domain, charts, tracker, model) never imports smedx.ui or a page."""
    offenders = [str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py")
                 if p.relative_to(PACKAGE).parts[0] != "ui" and _imports_any(p, ("smedx.ui", "pages"))]
    assert offenders == []


def test_ui_never_imports_pages() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in (PACKAGE / "ui").rglob("*.py") if _imports_any(p, ("pages",))]
    assert offenders == []


PAGE_MAX_LINES = 100


def test_page_files_stay_thin() -> None:
    """A page only calls smedx and streamlit: no functions or classes of its own, no data or chart libraries,
    at most PAGE_MAX_LINES lines (work that grows goes into smedx/ui/<page>.py)."""
    libraries = ("pandas", "numpy", "altair", "pydeck", "pyarrow", "yaml", "sqlalchemy")
    offenders = []
    for path in (ROOT / "pages").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defines = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                                                  ast.Lambda))]
        if defines or _imports_any(path, libraries) or len(path.read_text(encoding="utf-8").splitlines()) > \
                PAGE_MAX_LINES:
            offenders.append(path.name)
    assert offenders == []
