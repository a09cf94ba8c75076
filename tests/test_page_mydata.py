"""AppTest of the "my data" page: schema and templates, an upload in both languages, bad files, plain-text
rendering of the file's text, session isolation and nothing left on disk."""
from __future__ import annotations

import json
import tempfile
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from smedx.mydata import schema
from tests.apptest import ROOT, open_page, texts
from tests.mydata_fixtures import csv_bytes, files_containing, firms

TITLE = {"zh": "我的数据：上传企业样本，与论文数据对照",
         "en": "My data: upload a firm sample and compare it with the paper"}


def _shown(at: AppTest) -> str:
    """Every text element of the page, success boxes included."""
    return "\n".join([texts(at), *(str(e.value) for e in at.success)])


def _upload(at: AppTest, data: bytes, name: str = "firms.csv") -> AppTest:
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.stack_trace for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_documents_the_schema_before_any_upload(lang: str) -> None:
    at = open_page("mydata", lang)
    shown = texts(at)
    assert TITLE[lang] in shown
    assert "statsmodels proportion_confint" in shown and "n_eff" in shown
    assert at.dataframe[0].value.iloc[:, 0].tolist() == list(schema.columns())
    assert len(at.get("file_uploader")) == 1 and not at.get("deck_gl_json_chart")


def test_an_upload_shows_shares_next_to_the_published_regions_and_clusters() -> None:
    at = _upload(open_page("mydata", "en"), csv_bytes(firms(3000, seed=1)))
    shown = _shown(at)
    assert "3,000 firms loaded (CSV)" in shown and "My data (uploaded file, not checked)" in shown
    assert len(at.get("deck_gl_json_chart")) == 2  # published and uploaded region maps
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["layer"][0]["mark"]["type"] == "bar"
    table = at.dataframe[-1].value
    assert table.iloc[:, 0].tolist()[-1] == "all firms" and set(table.iloc[:, 0][:-1]) == {
        "East", "Central", "West", "Northeast"}
    at.radio(key="mydata_grouping").set_value("cluster").run()
    assert not at.get("deck_gl_json_chart")
    assert "Middle Yangtze River" in at.dataframe[-1].value.iloc[:, 0].tolist()
    at.selectbox(key="mydata_measure").set_value("barrier_1").run()
    assert "there is no published figure for the chosen measure" in _shown(at)


def test_region_maps_do_not_capture_gestures_until_pan_is_switched_on() -> None:
    """Issue 13: a swipe over a map scrolls the page unless the reader turns pan on (one switch, both maps)."""
    at = _upload(open_page("mydata", "zh"), csv_bytes(firms(3000, seed=1)))

    def controllers() -> list[bool]:
        return [v["controller"] for c in at.get("deck_gl_json_chart") for v in json.loads(c.proto.json)["views"]]

    assert controllers() == [False, False]
    assert at.button(key="mydata_map_reset").disabled
    at.toggle(key="mydata_map_pan").set_value(True).run()
    assert controllers() == [True, True]
    at.button(key="mydata_map_reset").click().run()
    assert not at.exception and controllers() == [True, True]


def test_a_binary_renamed_csv_gets_a_message_and_nothing_is_loaded() -> None:
    at = _upload(open_page("mydata", "zh"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "a.csv")
    assert "文件有 1 个问题，未载入任何数据。请修改后重新上传。" in _shown(at)
    assert at.dataframe[-1].value.iloc[:, 1].tolist() == [
        "文件不是文本CSV（可能是改了扩展名的二进制文件）。请上传CSV、XLSX或Parquet文件。"]
    assert not at.get("vega_lite_chart")


def test_unknown_provinces_and_bad_statuses_are_listed_in_the_users_language() -> None:
    data = "firm_id,province,status\nA,Zhejang,implemented\nB,44,完成\n".encode("gb18030")
    at = _upload(open_page("mydata", "en"), data)
    messages = at.dataframe[-1].value.iloc[:, 1].tolist()
    assert 'Row 2: Unknown province "Zhejang" (nearest: 浙江省 (Zhejiang)).' in messages
    assert any(m.startswith('Row 3: Invalid status "完成"') for m in messages)


def test_a_file_over_the_limit_is_refused_from_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "MAX_BYTES", 1000)
    at = _upload(open_page("mydata", "en"), csv_bytes(firms(100)))
    assert at.dataframe[-1].value.iloc[:, 1].tolist()[0].startswith("The file is 0.0 MB, over the 0 MB limit")


def test_text_from_the_file_is_never_rendered_as_markdown() -> None:
    hostile = "**bold** <img src=x onerror=alert(1)> [link](http://evil.example)"
    frame = firms(200).assign(industry=hostile)
    at = _upload(open_page("mydata", "en"), csv_bytes(frame), name="**name**<b>.csv")
    at.radio(key="mydata_grouping").set_value("industry").run()
    # markdown elements hold the file's text only escaped (the charts' data tables): never a link, bold or tag
    shown = _shown(at)
    assert "](http://evil.example)" not in shown and "**name**" not in shown and "**bold**" not in shown
    assert "<img" not in shown.replace("\\<img", "")
    assert at.text[0].value == "**name**<b>.csv"  # st.text: shown verbatim
    assert hostile in at.dataframe[-1].value.iloc[:, 0].tolist()


def test_sessions_do_not_share_uploads_and_remove_clears() -> None:
    first = _upload(open_page("mydata", "en"), csv_bytes(firms(500)))
    second = open_page("mydata", "en")
    assert "500 firms loaded" in _shown(first) and "firms loaded" not in _shown(second)
    first.button(key="mydata_clear").click().run()
    assert "firms loaded" not in _shown(first) and not first.get("vega_lite_chart")


def test_no_file_holds_the_upload_after_it_is_checked() -> None:
    marker = f"marker-{uuid.uuid4().hex}"
    at = _upload(open_page("mydata", "en"), csv_bytes(firms(2000, marker=marker)))
    assert "2,000 firms loaded" in _shown(at)
    at.radio(key="mydata_grouping").set_value("industry").run()
    assert files_containing(marker.encode(), [ROOT, Path(tempfile.gettempdir())]) == []


def test_uploads_up_to_the_limit_are_never_spooled_to_a_temp_file() -> None:
    """Streamlit's server parses uploads with Starlette, which spools parts over 1 MB to a temp file; the page
    raises that threshold above the upload limit before showing the uploader."""
    from starlette.formparsers import MultiPartParser

    open_page("mydata", "en")
    assert MultiPartParser.spool_max_size > schema.MAX_BYTES


def test_a_language_switch_keeps_the_upload_and_the_view() -> None:
    at = _upload(open_page("mydata", "zh"), csv_bytes(firms(400, seed=2)))
    assert "已载入 400 家企业（CSV）" in _shown(at)
    at.radio(key="mydata_grouping").set_value("size").run()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert "400 firms loaded (CSV)" in _shown(at)
    assert at.dataframe[-1].value.iloc[:, 0].tolist()[-1] == "all firms"
    assert set(at.dataframe[-1].value.iloc[:, 0]) == {"micro", "small", "medium", "all firms"}


def test_a_parser_failure_no_check_foresees_is_a_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from smedx.mydata import reading

    def broken(data: bytes) -> None:
        raise KeyError("deep inside a parser")

    monkeypatch.setattr(reading, "read", broken)
    at = _upload(open_page("mydata", "en"), csv_bytes(firms(10)))
    assert at.dataframe[-1].value.iloc[:, 1].tolist() == [
        "The file cannot be read (KeyError). Please check that it is complete, or save it as CSV and upload again."]
