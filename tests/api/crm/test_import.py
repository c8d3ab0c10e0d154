"""Customer import: CSV (UTF-8, GBK) and XLSX, dry runs, row-level errors, duplicates, limits, permissions."""

import json
import os

import pytest

from tests.api.crm.files import csv_bytes, imported, upload, xlsx_bytes

ZH_HEADER = ["客户名称", "手机号", "邮箱", "级别", "阶段", "标签", "负责人", "联系人", "联系人电话", "备注"]


def _customers(gql, **filters):
    async def fetch():
        from domain.crm.models import Customer
        return await Customer.filter(**filters).order_by("id").prefetch_related("contacts")
    return gql.run(fetch)


def _count(gql):
    async def count():
        from domain.crm.models import Customer
        return await Customer.all().count()
    return gql.run(count)


def _events(gql, kind):
    async def fetch():
        from domain.events.models import OutboxEvent
        return [row.payload for row in await OutboxEvent.filter(type=kind).order_by("occurred_at")]
    return gql.run(fetch)


def _codes(report):
    return [(e["row"], e["column"], e["code"]) for e in report["rowErrors"]]


def test_utf8_csv_dry_run_reports_every_rejected_row_and_writes_nothing(gql):
    rows = [ZH_HEADER,
            ["杭州云帆网络科技有限公司", "139 1234 5678", "buyer@yunfan.cn", "A", "线索", "重点，华东", "", "张三", "13812345678", ""],
            ["", "13900001111", "", "B", "", "", "", "", "", "缺少名称"],
            ["宁波海通贸易", "12345", "not-an-email", "Z", "", "", "", "", "", ""],
            ["苏州远航制造", "", "", "C", "", "", "", "李四", "999", ""]]
    before = _count(gql)
    report = imported(gql, csv_bytes(rows), "客户.csv")["report"]
    assert (report["dryRun"], report["total"], report["valid"], report["rejected"]) == (True, 4, 1, 3)
    assert report["created"] == 0
    assert sorted(_codes(report)) == sorted([
        (3, "客户名称", "REQUIRED"), (4, "邮箱", "INVALID_EMAIL"), (4, "手机号", "INVALID_PHONE"),
        (4, "级别", "INVALID_CHOICE"), (5, "联系人电话", "INVALID_PHONE")])
    assert all(e["message"] for e in report["rowErrors"])
    assert _count(gql) == before


def test_messages_follow_the_viewers_language(gql):
    rows = [["名称", "电话"], ["某公司", "12345"]]
    zh = imported(gql, csv_bytes(rows), "a.csv", locale="zh-CN")["report"]["rowErrors"][0]
    en = imported(gql, csv_bytes(rows), "a.csv", locale="en")["report"]["rowErrors"][0]
    assert (zh["message"], en["message"]) == ("手机号格式不正确", "Invalid phone number")


def test_gbk_csv_commit_writes_only_valid_rows_with_contacts(gql):
    rows = [ZH_HEADER,
            ["深圳星辰电子有限公司", "13711112222", "", "A", "商机", "重点；渠道|华南", "", "王五", "13611112222", "老客户"],
            ["广州坏数据公司", "not a phone", "", "", "", "", "", "", "", ""],
            ["上海博达贸易", "", "sales@boda.cn", "", "", "", "", "", "", ""]]
    before = _count(gql)
    result = imported(gql, csv_bytes(rows, "gbk"), "gbk.csv", dry_run=False)["report"]
    assert (result["valid"], result["rejected"], result["created"], result["contactsCreated"]) == (2, 1, 2, 1)
    assert _codes(result) == [(3, "手机号", "INVALID_PHONE")]
    assert _count(gql) == before + 2
    star = _customers(gql, name="深圳星辰电子有限公司")[0]
    assert (star.level, star.stage, star.tags, star.notes) == ("A", "prospect", ["华南", "渠道", "重点"], "老客户")
    assert [c.name for c in star.contacts] == ["王五"] and star.contacts[0].is_primary
    view = gql.data('query($id:ID!){ customer(id:$id){ phone owner { username } } }', {"id": str(star.id)},
                    as_user="rep")["customer"]
    assert view == {"phone": "13711112222", "owner": {"username": "rep"}}
    assert not _customers(gql, name="广州坏数据公司")
    batches = _events(gql, "customer.imported")
    assert len(batches) == 1 and batches[0]["count"] == 2, "one event per batch, not per row"


def test_xlsx_with_english_headers_and_numeric_cells(gql):
    rows = [["Name", "Phone", "Email", "Level", "Kind", "Birthday", "Contact name", "Contact title"],
            ["Zephyr Optics Ltd.", 13512345678, "ops@zephyr.cn", "b", "individual", "1990-05-01", "Ann", "Buyer"],
            ["Quasar Textiles Co.", 13512345679, "", "A", "company", "not a date", "", ""]]
    report = imported(gql, xlsx_bytes(rows), "customers.xlsx", dry_run=False)["report"]
    assert _codes(report) == [(3, "Birthday", "INVALID_DATE")]
    zephyr = _customers(gql, name="Zephyr Optics Ltd.")[0]
    assert (zephyr.level, zephyr.kind, str(zephyr.birthday)) == ("B", "individual", "1990-05-01")
    phone = gql.data('query($id:ID!){ customer(id:$id){ phone } }', {"id": str(zephyr.id)}, as_user="rep")
    assert phone["customer"]["phone"] == "13512345678", "a number cell is read without '.0'"


def test_duplicates_in_the_file_and_in_the_database_are_rejected(gql):
    existing = gql.data('mutation { createCustomer(input:{name:"Qiantang Imports", phone:"13900001111"}){ '
                        'customer { code } errors { code } } }', as_user="rep2")["createCustomer"]["customer"]
    rows = [["name", "phone", "email", "code"],
            ["Alpha Co", "13900001111", "", ""],
            ["QIANTANG IMPORTS CO., LTD.", "", "", ""],
            ["Beta Co", "13800002222", "b@beta.cn", ""],
            ["Gamma Co", "13800002222", "", ""],
            ["BETA  CO.", "", "", ""],
            ["Delta Co", "", "", "VIP-9"],
            ["Epsilon Co", "", "", "VIP-9"]]
    report = imported(gql, csv_bytes(rows), "dups.csv")["report"]
    errors = {e["row"]: e for e in report["rowErrors"]}
    assert {row: e["code"] for row, e in errors.items()} == {
        2: "DUPLICATE_CUSTOMER", 3: "DUPLICATE_CUSTOMER", 5: "DUPLICATE_IN_FILE", 6: "DUPLICATE_IN_FILE",
        8: "DUPLICATE_IN_FILE"}
    assert existing["code"] in errors[2]["message"]
    assert errors[5]["message"] == "Same phone as row 4 of the file"
    assert (errors[6]["column"], errors[8]["column"]) == ("name", "code")
    assert report["valid"] == 2


def test_owner_column_must_name_someone_the_importer_may_assign_to(gql):
    rows = [["客户名称", "负责人"], ["给同事的客户", "rep2"], ["自己的客户", "rep"], ["不存在的人", "ghost"]]
    as_rep = imported(gql, csv_bytes(rows), "owners.csv", as_user="rep")["report"]
    assert _codes(as_rep) == [(2, "负责人", "UNKNOWN_OWNER"), (4, "负责人", "UNKNOWN_OWNER")]
    as_manager = imported(gql, csv_bytes(rows), "owners.csv", as_user="manager", dry_run=False)["report"]
    assert _codes(as_manager) == [(4, "负责人", "UNKNOWN_OWNER")]
    assert _customers(gql, name="给同事的客户")[0].owner_id == int(gql.data("{ me { id } }", as_user="rep2")["me"]["id"])


def test_malformed_csv_rows_are_reported_one_by_one(gql):
    content = (csv_bytes([["客户名称", "电话"], ["好的公司", "13911112222"]])
               + "多一列的公司,13911113333,多余\n".encode()
               + '引号坏了的公司,"139"1,\n'.encode()
               + "编码不对的公司,13911114444\n".encode("gbk")
               + "也是好的公司,13911115555\n".encode())
    report = imported(gql, content, "broken.csv")["report"]
    assert [(e["row"], e["code"]) for e in report["rowErrors"]] == [
        (3, "RAGGED_ROW"), (4, "MALFORMED_ROW"), (5, "INVALID_ENCODING")]
    assert report["rowErrors"][0]["message"] == "This row has 3 cells but the header has 2"
    assert (report["total"], report["valid"]) == (5, 2)


@pytest.mark.parametrize("content,name,code", [
    (os.urandom(4000) + b"\x00", "garbage.csv", "UNREADABLE_FILE"),
    (b"PK\x03\x04 not really a workbook", "book.xlsx", "UNREADABLE_FILE"),
    (b"\xd0\xcf\x11\xe0 legacy", "old.xls", "UNSUPPORTED_FILE"),
    (b"%PDF-1.7", "scan.pdf", "UNSUPPORTED_FILE"),
    ("电话,邮箱\n13911112222,a@b.cn\n".encode(), "no-name.csv", "MISSING_COLUMN"),
    (b"", "empty.csv", "UNREADABLE_FILE"),
])
def test_unusable_files_get_one_clear_error(gql, content, name, code):
    result = imported(gql, content, name)
    assert result["report"] is None and result["job"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("file", code)]
    assert result["errors"][0]["message"]


def test_oversized_file_and_too_many_rows_are_refused_before_any_work(gql, monkeypatch):
    from settings import reset_settings

    rows = [["name"]] + [[f"Row {n} Co"] for n in range(10)]
    monkeypatch.setenv("MAX_IMPORT_ROWS", "5")
    reset_settings()
    result = imported(gql, csv_bytes(rows), "many.csv", dry_run=False)
    assert result["errors"] == [{"field": "file", "code": "TOO_MANY_ROWS", "message": "Too many rows (limit 5)"}]
    monkeypatch.setenv("MAX_IMPORT_BYTES", "2048")
    reset_settings()
    result = imported(gql, csv_bytes([["name"]] + [["x" * 100]] * 30), "big.csv", dry_run=False)
    assert result["errors"] == [{"field": "file", "code": "FILE_TOO_LARGE",
                                 "message": "File is too large (limit 2 KB)"}]
    assert not _customers(gql, name="Row 1 Co")


def test_upload_far_over_the_limit_is_cut_off_at_the_http_layer(database_url):
    from starlette.testclient import TestClient

    from app import create_app
    from settings import Settings
    from tests.helpers import GraphQLClient

    with TestClient(create_app(Settings(max_import_bytes=1024))) as client:
        gql = GraphQLClient(client)
        body = upload(gql, b"name\n" + b"Huge Co\n" * 20_000, "huge.csv", status=413)
    assert body["errors"][0]["extensions"]["code"] == "FILE_TOO_LARGE"


def test_custom_field_columns_are_matched_by_label(gql):
    define = ('mutation { defineCustomField(input:{key:"budget", labelZh:"预算", labelEn:"Budget", '
              'fieldType:"number"}){ errors { code } } }')
    assert gql.data(define, as_user="admin")["defineCustomField"]["errors"] == []
    rows = [["客户名称", "预算", "微信群"], ["预算充足公司", "120000.50", "x"], ["预算不明公司", "很多", ""]]
    report = imported(gql, csv_bytes(rows), "custom.csv", dry_run=False)["report"]
    assert report["ignoredColumns"] == ["微信群"]
    assert _codes(report) == [(3, "预算", "INVALID_NUMBER")]
    assert _customers(gql, name="预算充足公司")[0].custom_fields == {"budget": "120000.50"}


@pytest.mark.parametrize("user,allowed", [("rep", True), ("manager", True), ("warehouse", False),
                                          ("partner", False), ("finance", False)])
def test_who_may_import(gql, user, allowed):
    body = upload(gql, csv_bytes([["name"], ["Permission Co"]]), "p.csv", as_user=user)
    if allowed:
        assert body["data"]["importCustomers"]["errors"] == []
    else:
        assert body["data"]["importCustomers"] is None
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_json_requests_keep_the_query_size_limit(client, settings):
    big = json.dumps({"query": "{ " + "__typename " * (settings.max_query_bytes // 10) + "}"})
    response = client.post("/graphql", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"
