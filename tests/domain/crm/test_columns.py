"""Import headers in Chinese or English, choice labels, tag lists; export cells that cannot run as formulas."""

from types import SimpleNamespace

import pytest

from domain.crm.columns import choice_label, choice_value, map_headers, split_tags
from domain.crm.export_files import CsvSheet, XlsxSheet
from domain.errors import DomainError
from tests.api.crm.files import read_csv, read_xlsx


@pytest.mark.parametrize("header,key", [
    ("客户名称", "name"), ("名称", "name"), ("Name", "name"), (" NAME ", "name"), ("客户名称*", "name"),
    ("客户名称（必填）", "name"), ("客户编码", "code"), ("手机号", "phone"), ("手机", "phone"), ("电话", "phone"),
    ("E-mail", "email"), ("邮箱", "email"), ("级别", "level"), ("客户级别", "level"), ("负责人", "owner"),
    ("联系人", "contact_name"), ("contact_phone", "contact_phone"), ("Contact Phone", "contact_phone"),
    ("联系人邮箱", "contact_email"), ("联系人职位", "contact_title"), ("标签", "tags"), ("备注", "notes"),
    ("证件号码", "id_number"), ("ID number", "id_number"),
])
def test_headers_in_either_language(header, key):
    columns = map_headers(["名称" if key != "name" else "x", header], {})
    assert columns.positions[key] == 1
    assert columns.header(key) == header.strip()


def test_unknown_and_repeated_headers_are_ignored_and_custom_fields_matched():
    budget = SimpleNamespace(label_zh="预算", label_en="Budget")
    columns = map_headers(["名称", "电话", "手机", "微信群", "Budget"], {"budget": budget})
    assert columns.positions == {"name": 0, "phone": 1}
    assert columns.custom == {"budget": 4}
    assert columns.ignored == ["手机", "微信群"]


def test_the_name_column_is_required():
    with pytest.raises(DomainError) as caught:
        map_headers(["电话", "邮箱"], {})
    assert (caught.value.code, caught.value.field) == ("MISSING_COLUMN", "file")


def test_choices_accept_chinese_labels_and_exports_speak_the_viewers_language():
    assert [choice_value("kind", v) for v in ("企业", "个人", "Company")] == ["company", "individual", "company"]
    assert [choice_value("stage", v) for v in ("线索", "商机", "成交客户", "流失", "Lead")] == [
        "lead", "prospect", "customer", "churned", "lead"]
    assert choice_value("level", " b ") == "B"
    assert (choice_label("stage", "prospect", "zh-CN"), choice_label("stage", "prospect", "en")) == ("商机", "prospect")


def test_tags_split_on_chinese_and_english_separators():
    assert split_tags("重点，华东; 渠道；VIP|老客户、新 ") == ["重点", "华东", "渠道", "VIP", "老客户", "新"]


def test_formula_like_text_is_never_run(tmp_path):
    rows = [["=HYPERLINK(\"http://x\")", "+8613912345678", "-12", "@SUM(A1)", "ok\x07"]]
    csv_sheet = CsvSheet(tmp_path / "a.csv", ["a", "b", "c", "d", "e"])
    csv_sheet.write(rows)
    csv_sheet.close()
    assert read_csv((tmp_path / "a.csv").read_bytes())[1] == [
        "'=HYPERLINK(\"http://x\")", "+8613912345678", "-12", "'@SUM(A1)", "ok\x07"]
    xlsx_sheet = XlsxSheet(tmp_path / "a.xlsx", ["a", "b", "c", "d", "e"], "客户")
    xlsx_sheet.write(rows)
    xlsx_sheet.close()
    assert read_xlsx((tmp_path / "a.xlsx").read_bytes())[1] == [
        "=HYPERLINK(\"http://x\")", "+8613912345678", "-12", "@SUM(A1)", "ok"]
