"""The data bundle of the sources page: a ZIP of every table in ``data/`` (and the model's parameter file), a
Frictionless ``datapackage.json`` and a README with citation and licence. Built in memory and deterministic:
the same data give the same bytes (fixed entry order and timestamps).

Field names, types and constraints come from the pandera schemas (:data:`smedx.datasets.SCHEMAS`); the
``indicator`` and ``term`` fields list the ids of ``indicators.csv`` / ``definitions.csv``; descriptions come
from :data:`FIELD_DOCS` and the loaders' docstrings.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from functools import cache
from typing import Any

import pandera.pandas as pa

from smedx import about, datasets
from smedx.paths import DATA_DIR
from smedx.tracker import reference

ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # fixed entry timestamp: deterministic bytes
EXTRA_FILES = ("model_params.yaml",)
FLAG_TEXT = {"trueValues": ["true"], "falseValues": ["false"]}
FIELD_DOCS: dict[str, str] = {
    "value": "The figure, in the unit of its indicator (percent = 0-100, not a 0-1 share); empty when the source "
             "gives only bounds or nothing.",
    "lower": "Lower bound where the source only bounds the figure (same unit as value).",
    "upper": "Upper bound where the source only bounds the figure (same unit as value).",
    "bounds": "Whether each bound is included: ( or ) open, [ or ] closed.",
    "status": "published (exact value), interval (bounds only) or not_published.",
    "source_id": "The source (sources.csv) that backs the row.",
    "locator": "Where in the source: section, figure, table or document and URL.",
    "note": "Remarks on the row (English).",
    "note_zh": "Remarks on the row in Chinese; a source's words are quoted as published.",
    "note_en": "Remarks on the row in English; a Chinese source's words are given in English, or quoted as "
               "published with their English rendering in brackets after them.",
    "date": "Date as published: YYYY, YYYY-MM or YYYY-MM-DD; empty where the source states no date.",
    "indicator": "Indicator id, defined in indicators.csv.",
    "geo_level": "Geographic level: nation, region, cluster, city, city_group or province.",
    "geo_id": "Place id: CN, an NBS region, a cluster id or a 6-digit adcode.",
    "year": "Year of the figure.",
    "year_inferred": "true when the source gives no year and the dashboard infers it.",
    "approx": "true when the source states the value as approximate.",
    "unit": "Unit code of the indicator (percent = 0-100).",
    "adcode": "Administrative division code (6 digits, GB/T 2260).",
    "region": "NBS region: east, central, northeast or west.",
    "cluster": "City cluster id.",
    "confidence": "Research tag: V = verified on an official host, A = unverified (shown as such).",
    "tag": "Research tag: V = verified on an official host, A = unverified (shown as such).",
    "sort": "Display order.",
    "period": "Period: YYYY or YYYY-MM.",
    "kind": "Kind of row.",
}
RESOURCE_DOCS: dict[str, str] = {
    "model_evidence.csv": "Evidence rows behind the what-if model's parameters, with grade, tag, source and locator.",
    "pilot_cities.csv": reference.cities.__doc__ or "",
    "pilot_programme.csv": "Facts of the national SME digital-transformation city pilot programme.",
    "pilot_batches.csv": "Batches of the city pilots: year, official count and notice.",
    "pilot_city_sources.csv": "Further sources per pilot city.",
}


def _type(column: pa.Column) -> str:
    dtype = str(column.dtype).lower()
    if "int" in dtype:
        return "integer"
    if "float" in dtype:
        return "number"
    return "boolean" if "bool" in dtype else "string"


def _description(name: str) -> str:
    if name in FIELD_DOCS:
        return FIELD_DOCS[name]
    for suffix, language in (("_zh", "Chinese"), ("_en", "English")):
        if name.endswith(suffix):
            return f"{name.removesuffix(suffix).replace('_', ' ').capitalize()} in {language}."
    return name.replace("_", " ").capitalize() + "."


def _field(name: str, column: pa.Column, filename: str) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": _type(column), "description": _description(name)}
    constraints: dict[str, Any] = {}
    if not column.nullable:
        constraints["required"] = True
    for check in column.checks or []:
        stats = check.statistics or {}
        if check.name == "isin":
            allowed = list(stats["allowed_values"])
            if sorted(allowed) == ["false", "true"]:
                field.update(type="boolean", **FLAG_TEXT)
            else:
                constraints["enum"] = allowed
        elif check.name == "str_matches":
            # Frictionless patterns are XML Schema regular expressions: implicitly anchored, no ^ or $.
            constraints["pattern"] = str(stats["pattern"]).removeprefix("^").removesuffix("$")
    if name == "indicator" and filename != "indicators.csv":
        constraints["enum"] = sorted(datasets.indicator_meta())
    if constraints:
        field["constraints"] = constraints
    return field


def _resource_description(filename: str) -> str:
    loader = getattr(datasets, filename.removesuffix(".csv"), None)
    text = RESOURCE_DOCS.get(filename) or (loader.__doc__ if loader is not None else "") or ""
    return " ".join(text.replace("``", "").split())


def _header(filename: str) -> list[str]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def _schema(filename: str, schema: pa.DataFrameSchema) -> dict[str, Any]:
    """Fields in the file's column order (Frictionless matches fields to the header by position)."""
    fields = [_field(name, schema.columns[name], filename) for name in _header(filename)]
    out: dict[str, Any] = {"fields": fields}
    keys = list(schema.unique or [])
    if keys and all(not schema.columns[k].nullable for k in keys):
        out["primaryKey"] = keys
    if "source_id" in schema.columns and filename != "sources.csv":
        out["foreignKeys"] = [{"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}}]
    return out


@cache
def datapackage() -> dict[str, Any]:
    """The Frictionless data package descriptor of the bundle."""
    sources = datasets.sources()
    paper = sources.set_index("source_id").loc["paper"]
    resources = [{
        "name": filename.removesuffix(".csv"), "path": f"data/{filename}", "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "description": _resource_description(filename), "schema": _schema(filename, schema),
    } for filename, schema in sorted(datasets.SCHEMAS.items())]
    resources += [{"name": name.split(".")[0], "path": f"data/{name}", "format": "yaml",
                   "mediatype": "application/yaml", "encoding": "utf-8",
                   "description": "Validated parameters of the what-if model (levers, assumption ranges, sources)."}
                  for name in EXTRA_FILES]
    return {
        "profile": "tabular-data-package", "name": "smedx-data", "title": about.TITLE_EN, "version": about.version(),
        **({"homepage": address} if (address := about.repository()) else {}),  # none claimed while unset
        "description": "Every figure of the dashboard with its source and locator; values in the indicator's unit.",
        "licenses": [{"name": about.LICENCE_ID, "path": about.LICENCE_URL, "title": about.LICENCE_NOTE}],
        "sources": [{"title": str(paper["citation_en"]), "path": "data/sources.csv"}],
        "resources": resources,
    }


def readme() -> str:
    """README.md of the bundle: what it holds, how to cite, the licence, how to read the files."""
    lines = [f"# {about.TITLE_EN} — data ({about.NAME} {about.version()})", "", f"{about.TITLE_ZH}", "",
             "## How to cite", "", about.citation("<date you downloaded the data>"), "",
             "Cite the original publisher of a figure too: every row names its source (data/sources.csv) and "
             "locator.", "", "## Licence", "", f"{about.LICENCE_NOTE} <{about.LICENCE_URL}>", "",
             "## Files", ""]
    lines += [f"- `{r['path']}`: {r['description']}" for r in datapackage()["resources"]]
    lines += ["", "## Reading", "", "UTF-8 CSV, one header row, empty cell = missing. Values are in the unit of "
              "their indicator (indicators.csv; percent = 0-100). datapackage.json (Frictionless) describes every "
              "field; with pandas: `pandas.read_csv('data/observations.csv', dtype={'geo_id': str})`.", ""]
    return "\n".join(lines)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


@cache
def zip_bytes() -> bytes:
    """The bundle as ZIP bytes (built once per process; the data do not change while the app runs)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_entry("README.md"), readme())
        archive.writestr(_entry("datapackage.json"),
                         json.dumps(datapackage(), ensure_ascii=False, indent=2, sort_keys=False) + "\n")
        for name in [*sorted(datasets.SCHEMAS), *EXTRA_FILES]:
            archive.writestr(_entry(f"data/{name}"), (DATA_DIR / name).read_bytes())
    return buffer.getvalue()


def file_name() -> str:
    """The bundle's download name, with the version."""
    return f"smedx_data_{about.version()}.zip"
