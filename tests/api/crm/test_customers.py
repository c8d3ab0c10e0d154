"""Customers: create with validation, duplicates, masking, encryption at rest, custom fields, 360 view."""

import pytest

CREATE = """mutation($input: CustomerInput!, $owner: ID, $dup: Boolean! = false){
  createCustomer(input:$input, ownerId:$owner, allowDuplicate:$dup){
    customer { id code name phone email idNumber tags owner { username } inPool customFields }
    errors { field code message } } }"""
ONE = """query($id:ID!){ customer(id:$id){ id name phone email idNumber
  contacts { name phone isPrimary } purchaseSummary { lifetimeValue orderCount lastPurchaseAt }
  interactions(first: 2) { edges { node { kind summary user { username } } } pageInfo { hasNextPage } }
  orders(first: 5) { edges { node { number totalAmount status } } } } }"""


def _create(gql, user, dup=False, owner=None, **fields):
    body = gql.post(CREATE, {"input": fields, "owner": owner, "dup": dup}, as_user=user,
                    headers={"accept-language": "en"})
    assert "errors" not in body, body
    return body["data"]["createCustomer"]


def _count(gql):
    async def count():
        from domain.crm.models import Customer
        return await Customer.all().count()
    return gql.run(count)


def test_rep_creates_own_customer_and_sees_phone_in_full(gql):
    result = _create(gql, "rep", name="杭州云帆网络科技有限公司", phone="+86 139-1234-5678", email="Buyer@YunFan.cn",
                     idNumber="11010519491231002X", tags=["重点客户 Key"])
    assert result["errors"] == []
    customer = result["customer"]
    assert customer["owner"] == {"username": "rep"} and customer["inPool"] is False
    assert customer["phone"] == "13912345678"
    assert customer["email"] == "buyer@yunfan.cn"
    assert customer["idNumber"] == "1101**********002X", "reps see ID numbers masked"
    assert customer["code"].startswith("C")


def test_finance_sees_contact_data_masked_but_id_number_in_full(gql):
    created = _create(gql, "rep", name="宁波海通贸易", phone="13912345678", email="li@haitong.cn",
                      idNumber="11010519491231002X")["customer"]
    seen = gql.data(ONE, {"id": created["id"]}, as_user="finance")["customer"]
    assert seen["phone"] == "139****5678"
    assert seen["email"] == "l***@haitong.cn"
    assert seen["idNumber"] == "11010519491231002X"


def test_bad_fields_are_all_reported_and_nothing_is_written(gql):
    before = _count(gql)
    result = _create(gql, "rep", name="", phone="12345", email="not-an-email", level="Z", idNumber="11010519491231002Y")
    codes = {(e["field"], e["code"]) for e in result["errors"]}
    assert codes == {("name", "REQUIRED"), ("phone", "INVALID_PHONE"), ("email", "INVALID_EMAIL"),
                     ("level", "INVALID_CHOICE"), ("idNumber", "INVALID_ID_NUMBER")}
    assert result["customer"] is None
    assert _count(gql) == before


def test_unknown_owner_and_duplicate_code(gql):
    assert _create(gql, "manager", owner="999999", name="Nobody Ltd")["errors"][0]["code"] == "UNKNOWN_OWNER"
    first = _create(gql, "rep", name="First Trading", code="VIP-001")["customer"]
    again = _create(gql, "rep", name="Other Trading", code="VIP-001")
    assert first["code"] == "VIP-001"
    assert again["errors"] == [{"field": "code", "code": "DUPLICATE", "message": "A record with this value already exists"}]


def test_rep_cannot_create_for_someone_else(gql):
    rep2 = gql.data('{ me { id } }', as_user="rep2")["me"]["id"]
    assert _create(gql, "rep", owner=rep2, name="Sneaky Co")["errors"][0]["code"] == "UNKNOWN_OWNER"


@pytest.mark.parametrize("field,value,match", [
    ("phone", "13900001111", "phone"), ("email", "sales@acme.cn", "email"), ("name", "QIANTANG  Imports Co., Ltd.", "name")])
def test_duplicates_are_caught_on_create(gql, field, value, match):
    assert _create(gql, "rep", name="Qiantang Imports", phone="13900001111", email="sales@acme.cn")["errors"] == []
    other = {"name": "Different Name Ltd", field: value}
    result = _create(gql, "rep2", **other)
    assert result["errors"][0]["code"] == "DUPLICATE_CUSTOMER"
    assert result["errors"][0]["field"] == match
    assert _create(gql, "rep2", dup=True, **other)["errors"] == []


def test_sensitive_values_are_encrypted_at_rest(gql):
    _create(gql, "rep", name="Encrypted Co", phone="13712345678", email="secret@enc.cn", idNumber="11010519491231002X")

    async def raw_row():
        from tortoise import connections
        rows = await connections.get("default").execute_query_dict(
            "SELECT * FROM crm_customer WHERE name = 'Encrypted Co'")
        return rows[0]

    row = gql.run(raw_row)
    text = " ".join(str(v) for v in row.values())
    for secret in ("13712345678", "secret@enc.cn", "11010519491231002X"):
        assert secret not in text
    assert row["phone_encrypted"].startswith("gAAAA"), "Fernet token"
    assert len(row["phone_index"]) == 64


def test_custom_fields_are_typed(gql):
    define = """mutation($i: CustomFieldInput!){ defineCustomField(input:$i){ customField { key } errors { field code } } }"""
    assert gql.data(define, {"i": {"key": "budget", "labelZh": "预算", "labelEn": "Budget", "fieldType": "number"}},
                    as_user="admin")["defineCustomField"]["errors"] == []
    assert gql.data(define, {"i": {"key": "channel", "labelZh": "渠道", "labelEn": "Channel", "fieldType": "choice",
                                   "choices": ["直销", "代理"]}}, as_user="admin")["defineCustomField"]["errors"] == []
    ok = _create(gql, "rep", name="Custom Co", customFields={"budget": "120000.50", "channel": "代理"})
    assert ok["customer"]["customFields"] == {"budget": "120000.50", "channel": "代理"}
    bad = _create(gql, "rep", name="Custom Bad", customFields={"budget": "lots", "channel": "?", "ghost": 1})
    assert {(e["field"], e["code"]) for e in bad["errors"]} == {
        ("customFields.budget", "INVALID_NUMBER"), ("customFields.channel", "INVALID_CHOICE"),
        ("customFields.ghost", "INVALID_INPUT")}
    denied = gql.post(define, {"i": {"key": "x1", "labelZh": "x", "labelEn": "x", "fieldType": "text"}}, as_user="rep")
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_customer_360_view(gql):
    rows = gql.data('{ customers(first: 1) { edges { node { id } } } }', as_user="rep")
    customer_id = rows["customers"]["edges"][0]["node"]["id"]
    log = """mutation($i: InteractionInput!){ logInteraction(input:$i){ interaction { kind } errors { code field } } }"""
    for kind in ("visit", "wechat"):
        result = gql.data(log, {"i": {"customerId": customer_id, "kind": kind, "summary": "跟进报价 Quote follow-up"}},
                          as_user="rep")
        assert result["logInteraction"]["errors"] == []
    view = gql.data(ONE, {"id": customer_id}, as_user="rep")["customer"]
    assert view["contacts"] and view["contacts"][0]["isPrimary"] is True
    assert len(view["contacts"][0]["phone"]) == 11, "the owner sees contact phones in full"
    interactions = view["interactions"]
    assert [e["node"]["kind"] for e in interactions["edges"]] == ["wechat", "visit"]
    assert interactions["pageInfo"]["hasNextPage"] is True
    summary = view["purchaseSummary"]
    purchases = [e["node"] for e in view["orders"]["edges"] if e["node"]["status"] not in ("draft", "cancelled")]
    if summary["orderCount"] <= 5:
        from decimal import Decimal
        assert Decimal(summary["lifetimeValue"]) == sum(Decimal(o["totalAmount"]) for o in purchases)


def test_invalid_interaction_is_rejected(gql):
    rows = gql.data('{ customers(first: 1) { edges { node { id } } } }', as_user="rep")
    customer_id = rows["customers"]["edges"][0]["node"]["id"]
    log = """mutation($i: InteractionInput!){ logInteraction(input:$i){ interaction { kind } errors { code field } } }"""
    result = gql.data(log, {"i": {"customerId": customer_id, "kind": "telepathy", "summary": ""}}, as_user="rep")
    assert {(e["field"], e["code"]) for e in result["logInteraction"]["errors"]} == {
        ("kind", "INVALID_CHOICE"), ("summary", "REQUIRED")}
    other = gql.data('{ customers(first: 1) { edges { node { id } } } }', as_user="rep2")
    foreign = other["customers"]["edges"][0]["node"]["id"]
    result = gql.data(log, {"i": {"customerId": foreign, "kind": "call", "summary": "x"}}, as_user="rep")
    assert result["logInteraction"]["errors"] == [{"code": "NOT_FOUND", "field": "id"}]
