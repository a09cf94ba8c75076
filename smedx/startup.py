"""The start-up check: every shipped data, geometry and parameter file read and validated once per process.

A deployment with a missing or broken file (a partial upload, a bad merge) shows one message naming each file
and what is wrong with it, instead of a traceback on the first page that needs it. The files are read from the
folders in :mod:`smedx.paths` at call time, with the same readers and schemas the loaders use.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from smedx import paths
from smedx.datasets import NUMBER_COLUMNS, RAW_FILES, SCHEMAS
from smedx.model.params import PARAMS_FILE, load_spec
from smedx.tables import DataError, read_json, read_plain_csv, read_table

GEO_JSON = ("provinces.geojson", "regions.geojson", "scs_line.geojson", "meta.json")


@lru_cache(maxsize=4)
def _problems(data_dir: Path, geo_dir: Path) -> tuple[str, ...]:
    checks = [lambda name=name: read_table(name, SCHEMAS[name], data_dir,
                                           decimals_of=() if name in RAW_FILES else NUMBER_COLUMNS)
              for name in sorted(SCHEMAS)]
    checks += [lambda name=name: read_json(geo_dir / name) for name in GEO_JSON]
    checks += [lambda: read_plain_csv(geo_dir / "cities.csv", dtype=str), lambda: load_spec(data_dir / PARAMS_FILE)]
    found = []
    for check in checks:
        try:
            check()
        except DataError as error:
            found.append(str(error))
    return tuple(found)


def file_problems() -> tuple[str, ...]:
    """One message per unreadable or invalid file (file name, row, column, problem); empty when all are fine."""
    return _problems(paths.DATA_DIR, paths.GEO_DIR)
