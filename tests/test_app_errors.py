"""A broken data file gives a clear message naming file, row and column instead of a traceback."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from smedx import datasets
from smedx.model.params import load_spec
from smedx.tables import DataError, DataFileError, read_json, read_plain_csv, read_table
from smedx.tracker.schema import SCHEMAS
from tests.apptest import ROOT, open_page


def forget_memos() -> None:
    """Empty every process-wide memo of the package (functools caches and :func:`smedx.memo.shared`)."""
    for name, module in list(sys.modules.items()):
        if name == "smedx" or name.startswith("smedx."):
            for value in vars(module).values():
                for method in ("cache_clear", "clear"):
                    if callable(getattr(value, method, None)) and hasattr(value, "__wrapped__"):
                        getattr(value, method)()


@pytest.mark.parametrize(("lang", "prefix"), [("zh", "数据文件无法读取"), ("en", "A data file could not be read")])
def test_data_error_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch, lang: str, prefix: str) -> None:
    """If a loader fails, the page shows the file/row/column message in the chosen language."""
    def broken() -> None:
        raise DataFileError("observations.csv", [(7, "value", "failed coerce_dtype('float64') (value: 'abc')")])

    monkeypatch.setattr(datasets, "observation", lambda *args, **kwargs: broken())
    forget_memos()  # a page rendered earlier in this process holds the figures: the loader would not be asked
    at = open_page("sources", lang)  # sources renders without observation(); overview needs it
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert at.error[0].value.startswith(prefix)
    assert "observations.csv: row 7, column value" in at.error[0].value


# Every shipped data file that cannot be loaded is a DataError, which the entry point shows as the data-error
# message (above) instead of a traceback (issue #10: missing or truncated geometry, empty tables, corrupt YAML).
def test_missing_and_truncated_geometry_are_data_errors(tmp_path: Path) -> None:
    truncated = tmp_path / "provinces.geojson"
    truncated.write_text('{"type": "FeatureCollection", "features": [{"type": "Feat', encoding="utf-8")
    with pytest.raises(DataError, match=r"provinces.geojson: row 1, column -: JSON syntax \(truncated\?\)"):
        read_json(truncated)
    with pytest.raises(DataError, match=r"regions\.geojson: row -, column -: file not found"):
        read_json(tmp_path / "regions.geojson")


def test_missing_city_points_are_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"cities\.csv: row -, column -: file not found"):
        read_plain_csv(tmp_path / "cities.csv")


@pytest.mark.parametrize(("content", "problem"), [("", "file is empty"), (None, "no data rows")],
                         ids=["zero_bytes", "header_only"])
def test_empty_pilot_cities_are_a_data_error(tmp_path: Path, content: str | None, problem: str) -> None:
    header = (ROOT / "data" / "pilot_cities.csv").read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "pilot_cities.csv").write_text(header + "\n" if content is None else content, encoding="utf-8")
    with pytest.raises(DataError, match=f"pilot_cities.csv: row -, column -: {problem}"):
        read_table("pilot_cities.csv", SCHEMAS["pilot_cities.csv"], tmp_path)


@pytest.mark.parametrize("content", ["base_year: [unclosed", "- a list\n- not a mapping\n", "base_year: 2024\n",
                                     b"\xff\xfe\x00"], ids=["yaml_syntax", "list", "incomplete", "not_utf8"])
def test_corrupt_model_parameters_are_a_data_error(tmp_path: Path, content: str | bytes) -> None:
    path = tmp_path / "model_params.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(DataError, match=r"^model_params.yaml: ") as caught:
        load_spec(path)
    assert str(tmp_path) not in str(caught.value)  # no server path in the message
