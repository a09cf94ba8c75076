"""Structure rules: streamlit only in smedx/ui, thin pages, nothing reads ../shared, every page registered."""
from __future__ import annotations

import ast
import re
from pathlib import Path

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
    """streamlit_app.py lists every pages/*.py explicitly with st.Page."""
    entry = (ROOT / "streamlit_app.py").read_text(encoding="utf-8")
    registered = set(re.findall(r'"(pages/[a-z_]+\.py)"', entry))
    assert registered == {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}


def test_nothing_reads_the_shared_folder() -> None:
    """No runtime or test code refers to ../shared (a user's clone has no such folder)."""
    pattern = re.compile(r"\.\./shared|/work/shared")
    offenders = [str(p.relative_to(ROOT)) for folder in ("smedx", "pages", "tests", "bench", "geo")
                 for p in (ROOT / folder).rglob("*.py")
                 if p != Path(__file__) and pattern.search(p.read_text(encoding="utf-8"))]
    offenders += ["streamlit_app.py"] if pattern.search((ROOT / "streamlit_app.py").read_text(encoding="utf-8")) else []
    assert offenders == []
