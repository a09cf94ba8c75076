"""AppTest helpers: run the real entry point (navigation, sidebar) and open one page in one language."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
ENTRY = str(ROOT / "streamlit_app.py")


def open_page(page: str, lang: str = "zh", query: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    """Run ``streamlit_app.py``, switch to ``pages/<page>.py`` in ``lang`` and return the finished AppTest.

    ``query`` sets further URL query parameters before the first run.
    """
    at = AppTest.from_file(ENTRY, default_timeout=timeout)
    if lang != "zh":
        at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.stack_trace for e in at.exception]
    assert at.radio(key="lang").value == lang, "the page must run inside streamlit_app.py (shared sidebar)"
    return at


def texts(at: AppTest) -> str:
    """All markdown, caption, title, header and metric text of the rendered page, joined by newlines."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error"):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    return "\n".join(parts)
