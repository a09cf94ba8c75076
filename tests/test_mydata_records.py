"""Checking firm records: one message per distinct problem (rows named), errors block, notes do not."""
from __future__ import annotations

from smedx.mydata import reading, records


def _check(text: str) -> records.Upload:
    return records.check(reading.read(text.encode("utf-8")))


def _messages(upload: records.Upload, lang: str = "en") -> list[str]:
    return [issue.text(lang) for issue in upload.issues]


def test_a_clean_file_gives_records_with_codes_regions_and_statuses() -> None:
    upload = _check("firm_id,province,city,status,weight,size,barrier_1\n"
                    "A,廣東,深圳市,已实施,2,小型,是\nB,Sichuan,Chengdu,planning,0.5,micro,\nC,44,,无计划,1,,0\n"
                    "D,上海,徐汇区,implemented,1,medium,no\n")
    assert upload.errors == [] and upload.notes == []
    frame = upload.records
    assert frame is not None
    assert frame["province"].tolist() == ["440000", "510000", "440000", "310000"]
    assert frame["region"].tolist() == ["east", "west", "east", "east"]
    # 徐汇区 is not in the app's city list but counts for Shanghai, a municipality
    assert frame["city"].astype("string").fillna("-").tolist() == ["440300", "510100", "-", "310000"]
    assert frame["implemented"].tolist() == [1.0, 0.0, 0.0, 1.0]
    assert frame["planning"].tolist() == [0.0, 1.0, 0.0, 0.0]
    assert frame["size"].astype("string").fillna("-").tolist() == ["small", "micro", "-", "medium"]
    assert frame["barrier_1"].fillna(-1).tolist() == [1.0, -1.0, 0.0, 0.0]
    assert frame["weight"].tolist() == [2.0, 0.5, 1.0, 1.0]


def test_without_a_weight_column_every_firm_weighs_one() -> None:
    upload = _check("firm_id,province,status\nA,44,none\nB,45,none\n")
    assert upload.records is not None and upload.records["weight"].tolist() == [1.0, 1.0]


def test_invalid_status_values_are_reported_once_per_value_with_rows() -> None:
    rows = "".join(f"F{i},44,{'done' if i % 2 else '已实施'}\n" for i in range(20))
    upload = _check("firm_id,province,status\n" + rows)
    assert upload.records is None
    assert _messages(upload) == ['Row 3, 5, 7, 9, 11 (10 rows in all): Invalid status "done". Accepted: '
                                 "implemented / planning / none；已实施 / 规划中 / 无计划"]
    assert _messages(upload, "zh") == ["第3、5、7、9、11行等共10行：无效的转型状态“done”。可用："
                                       "implemented / planning / none；已实施 / 规划中 / 无计划"]


def test_negative_zero_and_non_numeric_weights() -> None:
    upload = _check("firm_id,province,status,weight\nA,44,none,-1\nB,44,none,0\nC,44,none,abc\nD,44,none,\n"
                    "E,44,none,1\n")
    assert upload.records is None
    assert sorted(_messages(upload)) == sorted([
        'Row 5: "weight" is empty.', 'Row 4: Weight "abc" is not a number.',
        'Row 2: Weight "-1" must be greater than 0.', 'Row 3: Weight "0" must be greater than 0.'])


def test_duplicate_firm_ids_and_missing_values() -> None:
    upload = _check("firm_id,province,status\nA,44,none\nA,45,none\n,46,none\nB,,none\n")
    assert sorted(_messages(upload)) == sorted([
        'Row 2, 3: Firm id "A" is duplicated.', 'Row 4: "firm_id" is empty.',
        'Row 5: "province" is empty.'])


def test_unknown_province_is_an_error_with_the_nearest_name() -> None:
    upload = _check("firm_id,province,status\nA,Zhejang,none\nB,浙江身,none\n")
    assert upload.records is None
    assert sorted(_messages(upload, "zh")) == ["第2行：无法识别的省份“Zhejang”（最接近：浙江省 (Zhejiang)）。",
                                               "第3行：无法识别的省份“浙江身”（最接近：浙江省 (Zhejiang)）。"]


def test_unknown_city_is_a_note_and_the_firm_keeps_its_province() -> None:
    upload = _check("firm_id,province,city,status\nA,浙江,Hangzou,none\nB,浙江,宁波,none\n")
    assert upload.records is not None
    assert upload.records["city"].astype("string").fillna("-").tolist() == ["-", "330200"]
    assert _messages(upload) == ['Row 2: Unknown city "Hangzou" (nearest: 杭州 (Hangzhou)); these firms count for '
                                 "province and region only, not for city or cluster."]


def test_an_ambiguous_city_is_resolved_by_the_province() -> None:
    upload = _check("firm_id,province,city,status\nA,江苏,Taizhou,none\nB,浙江,Taizhou,none\n")
    assert upload.records is not None and upload.records["city"].tolist() == ["321200", "331000"]


def test_invalid_size_and_yes_no_answers() -> None:
    upload = _check("firm_id,province,status,size,barrier_2\nA,44,none,huge,maybe\n")
    assert sorted(_messages(upload)) == [
        'Row 2: Invalid answer "maybe". Accepted: 1 / 0, yes / no；是 / 否',
        'Row 2: Invalid size class "huge". Accepted: micro / small / medium / large；微型 / 小型 / 中型 / 大型']


def test_hong_kong_is_accepted_but_outside_the_regions() -> None:
    upload = _check("firm_id,province,status\nA,香港,none\nB,44,none\n")
    assert upload.records is not None and upload.records["region"].isna().tolist() == [True, False]
    assert [i.code for i in upload.notes] == ["province_not_surveyed"]


def test_many_distinct_bad_values_are_summarised_after_the_first_twenty() -> None:
    rows = "".join(f"F{i},44,bad{i % 25}\n" for i in range(100))
    upload = _check("firm_id,province,status\n" + rows)
    assert len(upload.errors) == 21
    assert _messages(upload)[-1] == '"status" has 5 more distinct problem values (20 rows) not listed one by one.'
    assert _messages(upload, "zh")[-1] == "“status”另有 5 个不同的问题值（共 20 行）未逐一列出。"
