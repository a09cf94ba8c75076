"""A broken data file gives a clear message naming file, row and column instead of a traceback."""
from __future__ import annotations

import pytest

from smedx import datasets
from smedx.tables import DataFileError
from tests.apptest import open_page


@pytest.mark.parametrize(("lang", "prefix"), [("zh", "数据文件无法读取"), ("en", "A data file could not be read")])
def test_data_error_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch, lang: str, prefix: str) -> None:
    """If a loader fails, the page shows the file/row/column message in the chosen language."""
    def broken() -> None:
        raise DataFileError("observations.csv", [(7, "value", "failed coerce_dtype('float64') (value: 'abc')")])

    monkeypatch.setattr(datasets, "observation", lambda *args, **kwargs: broken())
    at = open_page("sources", lang)  # sources renders without observation(); overview needs it
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert at.error[0].value.startswith(prefix)
    assert "observations.csv: row 7, column value" in at.error[0].value
