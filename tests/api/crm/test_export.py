"""Customer export: data scope, masking, field permissions, both formats, private downloads, the audit event."""

import re
from urllib.parse import unquote

import pytest

from tests.api.crm.files import read_csv, read_xlsx
from tests.helpers import wait_until

EXPORT = """mutation($f: CustomerFilterInput, $fmt: ExportFormat!){ exportCustomers(filter:$f, format:$fmt){
  export { url fileName format rowCount expiresAt } errors { field code message } } }"""
PHONE = re.compile(r"1\d{10}")
MASKED_PHONE = re.compile(r"1\d\d\*{4}\d{4}")


@pytest.fixture(autouse=True)
def export_dir(tmp_path, monkeypatch):
    from settings import reset_settings

    monkeypatch.setenv("EXPORT_DIR", str(tmp_path / "exports"))
    reset_settings()
    return tmp_path / "exports"


def _export(gql, user, fmt="CSV", filter=None, locale="zh-CN"):
    body = gql.post(EXPORT, {"f": filter, "fmt": fmt}, as_user=user, headers={"accept-language": locale})
    assert "errors" not in body, body
    return body["data"]["exportCustomers"]


def _download(gql, url, user):
    return gql.client.get(url, headers={"Authorization": f"Bearer {gql.token(user)}"})


def _total(gql, user, filter=None):
    return gql.data("query($f: CustomerFilterInput){ customers(filter:$f){ totalCount } }", {"f": filter},
                    as_user=user)["customers"]["totalCount"]


def test_rep_exports_only_own_customers_as_csv_with_chinese_headers(gql):
    result = _export(gql, "rep")
    assert result["errors"] == []
    export = result["export"]
    assert export["rowCount"] == _total(gql, "rep") > 0
    response = _download(gql, export["url"], "rep")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="customers-')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == export["fileName"]
    assert export["fileName"].startswith("客户导出-") and export["fileName"].endswith(".csv")
    header, *rows = read_csv(response.content)
    assert header[:3] == ["客户编码", "客户名称", "类型"] and "电话" in header and "负责人" in header
    assert len(rows) == export["rowCount"]
    owner, phone = header.index("负责人"), header.index("电话")
    assert {row[owner] for row in rows} == {"rep"}
    assert all(PHONE.fullmatch(row[phone]) for row in rows), "reps see their customers' phones in full"


def test_no_filter_reaches_past_the_data_scope(gql):
    theirs = gql.data("{ customers(first: 1) { edges { node { name owner { id } } } } }", as_user="rep2")
    node = theirs["customers"]["edges"][0]["node"]
    for filter in ({"search": node["name"]}, {"ownerId": node["owner"]["id"]}):
        export = _export(gql, "rep", filter=filter)["export"]
        header, *rows = read_csv(_download(gql, export["url"], "rep").content)
        assert {row[header.index("负责人")] for row in rows} <= {"rep"}
        assert export["rowCount"] == len(rows) == _total(gql, "rep", filter)


def test_finance_exports_xlsx_with_phones_masked_and_id_numbers_in_full(gql):
    created = gql.data('mutation { createCustomer(input:{name:"导出测试公司", phone:"13912345678", '
                       'idNumber:"11010519491231002X"}){ errors { code } } }', as_user="rep")
    assert created["createCustomer"]["errors"] == []
    export = _export(gql, "finance", "XLSX", locale="en")["export"]
    assert export["rowCount"] == _total(gql, "finance") == 31, "finance sees every customer"
    response = _download(gql, export["url"], "finance")
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    header, *rows = read_xlsx(response.content)
    assert header[:2] == ["Code", "Name"] and {"Phone", "Contact phone", "ID number"} <= set(header)
    phones = [row[header.index("Phone")] for row in rows if row[header.index("Phone")]]
    assert phones and all(MASKED_PHONE.fullmatch(p) for p in phones)
    contact_phones = [row[header.index("Contact phone")] for row in rows if row[header.index("Contact phone")]]
    assert contact_phones and all(MASKED_PHONE.fullmatch(p) for p in contact_phones)
    ours = next(row for row in rows if row[header.index("Name")] == "导出测试公司")
    assert ours[header.index("Phone")] == "139****5678"
    assert ours[header.index("ID number")] == "11010519491231002X"


def test_export_follows_the_list_filter(gql):
    filter = {"levels": ["A"], "search": "公司"}
    export = _export(gql, "manager", filter=filter, locale="en")["export"]
    assert export["rowCount"] == _total(gql, "manager", filter)
    header, *rows = read_csv(_download(gql, export["url"], "manager").content)
    assert {row[header.index("Level")] for row in rows} <= {"A"}


def test_nobody_else_downloads_an_export(gql):
    url = _export(gql, "rep")["export"]["url"]
    assert _download(gql, url, "rep2").status_code == 404
    assert _download(gql, url, "admin").status_code == 404
    assert gql.client.get(url).status_code == 401
    assert _download(gql, "/exports/" + "x" * 32, "rep").status_code == 404
    assert _download(gql, "/exports/..%2F..%2Fsettings.py", "rep").status_code == 404
    assert _download(gql, url, "rep").status_code == 200


def test_exports_expire(gql, monkeypatch, export_dir):
    from domain.crm.export_files import remove_expired_exports
    from settings import reset_settings

    monkeypatch.setenv("EXPORT_TTL_SECONDS", "0")
    reset_settings()
    url = _export(gql, "rep")["export"]["url"]
    assert _download(gql, url, "rep").status_code == 404
    assert remove_expired_exports() == 1
    assert list(export_dir.iterdir()) == []


def test_every_export_is_recorded_as_a_domain_event(gql):
    filter = {"levels": ["A", "B"], "province": "广东"}
    export = _export(gql, "rep", "XLSX", filter=filter)["export"]

    async def events():
        from domain.events.models import OutboxEvent
        return await OutboxEvent.filter(type="customer.exported")

    [event] = gql.run(events)
    assert event.payload["rowCount"] == export["rowCount"]
    assert event.payload["format"] == "xlsx"
    assert event.payload["filter"] == filter
    assert event.payload["revealed"] == ["Contact.email", "Contact.phone", "Customer.email", "Customer.phone"]
    me = gql.data("{ me { id } }", as_user="rep")["me"]["id"]
    assert (event.actor_id, event.owner_id) == (int(me), int(me))


def test_too_many_rows_are_refused(gql, monkeypatch, export_dir):
    from settings import reset_settings

    monkeypatch.setenv("MAX_EXPORT_ROWS", "5")
    reset_settings()
    result = _export(gql, "admin", locale="en")
    assert result["export"] is None
    assert result["errors"] == [{"field": "filter", "code": "TOO_MANY_ROWS", "message": "Too many rows (limit 5)"}]
    assert not export_dir.exists() or list(export_dir.iterdir()) == []


def test_columns_the_viewer_may_not_read_are_left_out(gql):
    async def deny_contacts():
        from domain.identity.policies import set_rule
        from domain.actor import SYSTEM
        from domain.identity.models import PolicyRule

        await PolicyRule.filter(v0="customer_reader", v1="Customer.*").update(removed=True)
        for field in ("code", "name", "level", "phone"):
            await set_rule(actor=SYSTEM, line=("p", "customer_reader", f"Customer.{field}", "read"), problem=None)

    authorizer = gql.client.app.state.authorizer
    before = authorizer.version
    gql.run(deny_contacts)
    wait_until(lambda: authorizer.version >= before + 4)  # every instance reloads on policy.changed
    export = _export(gql, "marketing", locale="en")["export"]
    header, *_ = read_csv(_download(gql, export["url"], "marketing").content)
    assert header == ["Code", "Name", "Level", "Phone"]


@pytest.mark.parametrize("user,allowed", [("rep", True), ("manager", True), ("finance", True), ("marketing", True),
                                          ("warehouse", False), ("partner", False), ("service", False)])
def test_who_may_export(gql, user, allowed):
    body = gql.post(EXPORT, {"fmt": "CSV"}, as_user=user)
    if allowed:
        assert body["data"]["exportCustomers"]["errors"] == []
    else:
        assert body["data"]["exportCustomers"] is None
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
