"""What a source file imports, read with ``ast`` (shared by the architecture and tracker-structure tests)."""
from __future__ import annotations

import ast
from pathlib import Path


def imported_modules(path: Path, *, top_level: bool = False) -> set[str]:
    """Full dotted names the file imports (``from smedx.ui import x`` counts as smedx.ui and smedx.ui.x); with
    ``top_level`` only those imported at import time (not inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in (tree.body if top_level else ast.walk(tree)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names
