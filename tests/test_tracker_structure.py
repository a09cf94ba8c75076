"""Structure of the tracker (issue #10): the UI does not import SQLAlchemy, the tracker package has no import
cycle (the store↔migrate one is gone), the KPI list is defined once, and no module does two jobs."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlalchemy import Float, Integer

from smedx.tracker import exporter, importer
from smedx.tracker.models import REPORT_TABLE
from smedx.tracker.records import ReportData
from smedx.tracker.schema import KPI_NAMES, KPIS
from tests.code_imports import imported_modules

ROOT = Path(__file__).resolve().parent.parent
TRACKER = ROOT / "smedx" / "tracker"
UI = ROOT / "smedx" / "ui" / "tracker"


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def test_the_tracker_ui_does_not_import_sqlalchemy() -> None:
    offenders = [p.name for p in UI.glob("*.py")
                 if any(n.split(".")[0] == "sqlalchemy" for n in imported_modules(p, top_level=True))]
    assert offenders == []


def test_the_tracker_package_has_no_import_cycle() -> None:
    modules = {_module(p): p for p in TRACKER.glob("*.py")}
    graph = {name: {m for m in imported_modules(path, top_level=True) if m in modules and m != name}
             for name, path in modules.items()}
    assert "smedx.tracker.store" not in graph["smedx.tracker.migrate"]
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in visiting, f"import cycle: {' → '.join((*trail, name))}"
        if name in done:
            return
        visiting.add(name)
        for imported in graph[name]:
            visit(imported, (*trail, name))
        visiting.discard(name)
        done.add(name)

    for module in graph:
        visit(module, ())


def test_the_kpi_list_is_defined_once() -> None:
    """The ORM columns, the report record, the importer's and the export's columns all come from KPIS."""
    for kpi in KPIS:
        assert isinstance(REPORT_TABLE.c[kpi.name].type, Integer if kpi.integer else Float)
    fields = [f.name for f in dataclasses.fields(ReportData)]
    assert fields == ["city_adcode", "period", *KPI_NAMES, "note", "source"]
    assert importer.COLUMNS[2:-2] == KPI_NAMES == exporter.EXPORT_COLUMNS[3:3 + len(KPIS)]
    assert {importer.ALIASES[a] for kpi in KPIS for a in kpi.aliases} == set(KPI_NAMES)


def test_no_tracker_module_does_two_jobs() -> None:
    long = {p.name: n for p in [*TRACKER.glob("*.py"), *UI.glob("*.py")]
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 330}
    assert long == {}
