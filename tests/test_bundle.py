"""The data bundle: a deterministic ZIP of every data table with a valid Frictionless datapackage.json whose
fields match each CSV header, and a README with citation and licence."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import pandas as pd

from smedx import about, bundle, datasets
from smedx.paths import DATA_DIR


def _archive() -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(bundle.zip_bytes()))


def test_bundle_holds_every_data_file_byte_for_byte() -> None:
    archive = _archive()
    names = set(archive.namelist())
    on_disk = {f"data/{p.name}" for p in DATA_DIR.iterdir() if p.suffix in (".csv", ".yaml")}
    assert names == on_disk | {"README.md", "datapackage.json"}
    for name in on_disk:
        assert archive.read(name) == (DATA_DIR / name.removeprefix("data/")).read_bytes()
    assert archive.testzip() is None
    print(f"\ndata bundle: {len(bundle.zip_bytes()):,} bytes, {len(names)} files")


def test_datapackage_is_valid_and_matches_every_csv_header() -> None:
    """Frictionless structure: profile, name, licences, resources with an existing path; every tabular
    resource's fields are exactly its CSV header (same order), with a known type and a description."""
    archive = _archive()
    package = json.loads(archive.read("datapackage.json"))
    assert package["profile"] == "tabular-data-package" and package["name"] == "smedx-data"
    assert package["version"] == about.version() and package["licenses"][0]["name"] == about.LICENCE_ID
    resources = package["resources"]
    assert len({r["name"] for r in resources}) == len(resources) == len(datasets.SCHEMAS) + 1
    names = set(archive.namelist())
    for resource in resources:
        assert resource["path"] in names and resource["description"]
        if resource.get("profile") != "tabular-data-resource":
            continue
        header = next(csv.reader(io.StringIO(archive.read(resource["path"]).decode("utf-8"))))
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == header, resource["path"]
        for field in fields:
            assert field["type"] in {"string", "number", "integer", "boolean"} and field["description"]
        for key in resource["schema"].get("foreignKeys", []):
            assert key["reference"]["resource"] in {r["name"] for r in resources}


def test_field_constraints_come_from_the_schemas_and_the_indicators() -> None:
    package = bundle.datapackage()
    observations = next(r for r in package["resources"] if r["name"] == "observations")
    fields = {f["name"]: f for f in observations["schema"]["fields"]}
    assert fields["status"]["constraints"]["enum"] == ["published", "interval", "not_published"]
    assert fields["value"]["type"] == "number" and fields["year"]["type"] == "integer"
    assert fields["year_inferred"] == {**fields["year_inferred"], "type": "boolean", "trueValues": ["true"]}
    assert "region_dt_share" in fields["indicator"]["constraints"]["enum"]
    assert set(fields["indicator"]["constraints"]["enum"]) == set(datasets.indicators()["indicator"])
    tables = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in package["resources"] if "schema" in r}
    sources = tables["sources"]
    assert sources["date"]["constraints"] == {"pattern": r"\d{4}(-\d{2}(-\d{2})?)?"}  # not required: may be empty
    assert "empty where the source states no date" in sources["date"]["description"]
    for name in ("sources", "since_survey", "industries", "observations"):  # one note per language, no other
        assert [f for f in tables[name] if f.startswith("note")] == ["note_zh", "note_en"], name
    assert sources["note_en"]["description"].startswith("Remarks on the row in English; a Chinese source's words")
    provinces = next(r for r in package["resources"] if r["name"] == "provinces")
    adcode = next(f for f in provinces["schema"]["fields"] if f["name"] == "adcode")
    assert adcode["constraints"]["pattern"] == r"\d{6}"
    # the declared types hold for the data: every integer/number field parses as such
    for resource in package["resources"]:
        if resource.get("profile") != "tabular-data-resource":
            continue
        frame = pd.read_csv(DATA_DIR / resource["path"].removeprefix("data/"), dtype=str, keep_default_na=False)
        for field in resource["schema"]["fields"]:
            cells = frame[field["name"]][frame[field["name"]] != ""]
            if field["type"] in ("number", "integer"):
                pd.to_numeric(cells)  # raises on a cell that is not a number
            if field["type"] == "boolean":
                assert set(cells) <= {"true", "false"}


def test_bundle_is_deterministic_and_readme_cites_and_licenses() -> None:
    first = bundle.zip_bytes()
    bundle.zip_bytes.cache_clear()
    bundle.datapackage.cache_clear()
    assert bundle.zip_bytes() == first
    readme = _archive().read("README.md").decode("utf-8")
    assert about.citation("<date you downloaded the data>") in readme and about.LICENCE_URL in readme
    assert "How to cite" in readme and "github" not in readme.lower()  # no address is claimed while none is set
    assert "homepage" not in json.loads(_archive().read("datapackage.json"))
    assert "data/observations.csv" in readme
    assert bundle.file_name() == f"smedx_data_{about.version()}.zip"
