"""Templates and the schema: both templates read back cleanly; headers in both languages are understood."""
from __future__ import annotations

import pytest

from smedx.export import to_csv_bytes
from smedx.mydata import reading, records, schema, template


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_template_reads_back_as_three_valid_firms(lang: str) -> None:
    data = to_csv_bytes(template.template_frame(lang))
    assert data.startswith(b"\xef\xbb\xbf")
    upload = records.check(reading.read(data))
    assert upload.errors == [] and upload.records is not None
    assert upload.records["province"].tolist() == ["440000", "510000", "610000"]
    assert upload.records["city"].astype("string").fillna("-").tolist() == ["440300", "510100", "-"]
    assert upload.records["implemented"].tolist() == [1.0, 0.0, 0.0]


def test_template_headers() -> None:
    assert list(template.template_frame("zh").columns) == [
        "企业编号", "省份", "城市", "行业", "企业规模", "权重", "转型状态", "难点三(一)", "难点三(二)", "难点三(三)"]
    assert list(template.template_frame("en").columns) == list(schema.columns())
    assert schema.columns() == ("firm_id", "province", "city", "industry", "size", "weight", "status", "barrier_1",
                                "barrier_2", "barrier_3")


def test_barrier_columns_follow_the_data_file() -> None:
    assert [(b.column, b.section) for b in schema.barriers()] == [
        ("barrier_1", "三(一)"), ("barrier_2", "三(二)"), ("barrier_3", "三(三)")]
    index = schema.header_index()
    assert index[schema.key("管理层及员工数字知识储备不足")] == "barrier_1"
    assert index[schema.key("ＦＩＲＭ_ID")] == "firm_id"  # full-width, any case


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_schema_table_documents_every_column(lang: str) -> None:
    table = template.schema_table(lang)
    assert table.iloc[:, 0].tolist() == list(schema.columns())
    required = dict(zip(table.iloc[:, 0], table.iloc[:, 2], strict=True))
    yes = "是" if lang == "zh" else "yes"
    assert [c for c, r in required.items() if r == yes] == ["firm_id", "province", "status"]
