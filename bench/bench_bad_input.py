"""Cost of the tracker's import limits (issue 10): peak memory and CPU of the largest accepted files and of the
refused ones, and the time to refuse a 1 M-row XLSX. Prints a table; no assertions.

    python bench/bench_bad_input.py

Each case runs in a fresh process (SQLite store in a temporary directory), which reads the file from disk as the
app gets an upload (the bytes count in its memory). "peak RSS" is the process's high-water mark (VmHWM),
"+RSS" its growth over the resident size just before the import; CPU is user + system time of the import.
The accepted files use synthetic cities (200 cities × 50 months = 10,000 rows, the row limit).
"""
from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from smedx.tracker.exporter import to_csv_bytes, to_xlsx_bytes  # noqa: E402
from smedx.tracker.importer import import_file  # noqa: E402
from smedx.tracker.reading import MAX_BYTES, MAX_ROWS  # noqa: E402
from smedx.tracker.store import Actor, TrackerStore, open_store  # noqa: E402

CITIES, MONTHS = 200, 50
TODAY = date(2027, 6, 15)
EDITOR = Actor("bench@example.gov.cn", "editor")
HEADER = ["city", "period", "firms_retrofitted", "l2_share_pct", "service_providers", "products",
          "lighthouse_firms", "funds_disbursed_yi", "note", "source"]


def cities() -> pd.DataFrame:
    return pd.DataFrame({"adcode": [f"9{i:05d}" for i in range(CITIES)],
                         "name_zh": [f"测试市{i}" for i in range(CITIES)],
                         "name_en": [f"Test City {i}" for i in range(CITIES)],
                         "batch": [1 + i % 3 for i in range(CITIES)], "award_cap_yi": [1.0] * CITIES})


def reports(note_length: int) -> pd.DataFrame:
    rows = [{"city": f"测试市{i}", "period": f"{2023 + m // 12}-{m % 12 + 1:02d}", "firms_retrofitted": 10 * m + i,
             "l2_share_pct": round(30 + m * 0.9, 1), "service_providers": m // 5, "products": m,
             "lighthouse_firms": m // 10, "funds_disbursed_yi": round(0.01 * m, 2),
             "note": f"第{m + 1}期报告".ljust(note_length, "。"), "source": "市工信局月报"}
            for i in range(CITIES) for m in range(MONTHS)]
    return pd.DataFrame(rows)


def million_row_xlsx(declared: bool, compact: bool = False) -> bytes:
    """A 1 M-row sheet of one number per row; ``compact``: without cell references, so it unpacks to less than
    the unpacked-size limit and only the row limit stops it."""
    rows = "".join("<row><c><v>1</v></c></row>" if compact else f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>'
                   for n in range(1, 1_000_001))
    dimension = '<dimension ref="A1:A1000000"/>' if declared else ""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main">{dimension}<sheetData>{rows}</sheetData></worksheet>')
    return _with_sheet(sheet.encode())


def _with_sheet(sheet: bytes) -> bytes:
    base = to_xlsx_bytes(pd.DataFrame({"city": ["x"]}))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info))
    return buffer.getvalue()


def huge_note_xlsx() -> bytes:
    frame = reports(10).head(1).assign(note="PLACEHOLDER")
    data = to_xlsx_bytes(frame)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        sheet = source.read("xl/worksheets/sheet1.xml").replace(b"PLACEHOLDER", "注".encode() * 31_000_000)
    return _with_sheet(sheet)


def build(directory: Path) -> list[tuple[str, Path]]:
    """The files of the bench: (label, path)."""
    frame = reports(20)
    files = {
        f"accepted CSV, {len(frame):,} rows": ("accepted.csv", to_csv_bytes(frame)),
        f"accepted XLSX, {len(frame):,} rows": ("accepted.xlsx", to_xlsx_bytes(frame)),
        f"refused CSV, {MAX_ROWS + 1:,}+ rows": ("rows.csv", to_csv_bytes(pd.concat([frame, frame.head(5)]))),
        f"refused CSV over {MAX_BYTES // 2**20} MB": ("big.csv", to_csv_bytes(pd.concat([frame] * 11))[:12 * 2**20]),
        "refused XLSX, 1 M rows declared": ("million_declared.xlsx", million_row_xlsx(True)),
        "refused XLSX, 1 M rows undeclared": ("million.xlsx", million_row_xlsx(False)),
        "refused XLSX, 1 M rows compact": ("million_compact.xlsx", million_row_xlsx(False, compact=True)),
        "refused XLSX, 93 MB note unpacked": ("note.xlsx", huge_note_xlsx()),
    }
    paths = []
    for label, (name, data) in files.items():
        path = directory / name
        path.write_bytes(data)
        paths.append((label, path))
    return paths


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) * 1024
    return 0


def run_case(path: Path, workdir: Path) -> dict[str, object]:
    """In the child process: import one file and measure it."""
    frame = cities()
    opened = open_store(f"sqlite:///{workdir / (path.name + '.sqlite3')}")
    store = TrackerStore(opened.engine, clock=lambda: datetime(2027, 6, 15, tzinfo=UTC))
    store.sync_cities(frame)
    data = path.read_bytes()
    rss_before = _status("VmRSS:")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    report = import_file(store, EDITOR, data, path.name, frame, today=TODAY)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    outcome = (f"imported {report.summary.inserted:,}" if report.summary is not None
               else report.messages("en")[0][:70])
    return {"bytes": len(data), "wall": wall, "cpu": cpu, "peak": _status("VmHWM:"),
            "growth": _status("VmHWM:") - rss_before, "outcome": outcome}


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--case":
        print(json.dumps(run_case(Path(sys.argv[2]), Path(sys.argv[3]))))
        return
    with tempfile.TemporaryDirectory(prefix="smedx-bench-bad-") as tmp:
        directory = Path(tmp)
        print("Tracker import limits (SQLite; one fresh process per file)")
        print(f"{'file':<36} {'size':>9} {'wall s':>7} {'CPU s':>6} {'peak RSS':>9} {'+RSS':>8}  outcome")
        for label, path in build(directory):
            result = subprocess.run([sys.executable, __file__, "--case", str(path), str(directory)],
                                    capture_output=True, text=True, check=True, cwd=ROOT)
            r = json.loads(result.stdout.strip().splitlines()[-1])
            print(f"{label:<36} {r['bytes'] / 2**20:>7.2f}MB {r['wall']:>7.2f} {r['cpu']:>6.2f} "
                  f"{r['peak'] / 2**20:>7.0f}MB {r['growth'] / 2**20:>6.0f}MB  {r['outcome']}")


if __name__ == "__main__":
    main()
