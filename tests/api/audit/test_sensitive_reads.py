"""Reads of sensitive fields: one record per request and field, listing every id read."""

from domain.audit import services
from domain.identity.models import User
from tests.api.audit.conftest import audit_records

OWNERS_WITH_EMAIL = "query Owners { customers(first: 30) { edges { node { id owner { id email } } } } me { id email } }"


def _owner_ids(body) -> set[str]:
    return {edge["node"]["owner"]["id"] for edge in body["data"]["customers"]["edges"]} | {body["data"]["me"]["id"]}


def test_reading_email_writes_one_record_listing_the_ids_read(gql):
    body = gql.post(OWNERS_WITH_EMAIL, as_user="auditor", headers={"User-Agent": "AuditBrowser/1"})
    assert not body.get("errors")
    assert len(body["data"]["customers"]["edges"]) == 30
    (record,) = audit_records(gql, kind="read")
    assert (record.action, record.entity_type, record.actor_name) == ("User.email", "User", "auditor")
    assert sorted(record.entity_id_list, key=int) == sorted(_owner_ids(body), key=int)
    assert len(record.entity_id_list) == len(set(record.entity_id_list))
    assert record.details_data == {"operation": "Owners", "field": "email", "count": len(record.entity_id_list)}
    assert (record.ip, record.user_agent) == ("testclient", "AuditBrowser/1")


def test_each_request_gets_its_own_record(gql):
    gql.data("{ me { email } }", as_user="manager")
    gql.data("{ me { email } }", as_user="manager")
    records = audit_records(gql, kind="read")
    assert [r.actor_name for r in records] == ["manager", "manager"]


def test_queries_without_sensitive_fields_write_nothing(gql):
    gql.data("{ customers(first: 50) { edges { node { id name owner { id displayName } } } } }", as_user="admin")
    assert audit_records(gql, kind="read") == []


def test_a_denied_sensitive_field_is_not_recorded_as_read(gql):
    body = gql.post("{ me { id email } }", as_user="rep")
    assert body["data"]["me"]["email"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert audit_records(gql, kind="read") == []


def test_a_field_denied_on_every_row_is_not_recorded(gql):
    body = gql.post("{ customers(first: 20) { edges { node { owner { id email } } } } }", as_user="rep")
    assert len(body["data"]["customers"]["edges"]) > 1
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert audit_records(gql, kind="read") == []


def test_sensitive_data_is_withheld_when_the_read_cannot_be_audited(gql, monkeypatch):
    gql.token("auditor")

    async def broken(entries):
        raise ConnectionError("database gone")

    monkeypatch.setattr(services, "append", broken)
    body = gql.post("{ me { id email } }", as_user="auditor")
    assert body["data"] is None
    assert body["errors"][-1]["extensions"]["code"] == "AUDIT_UNAVAILABLE"


def test_user_email_values_are_what_was_read(gql):
    async def set_email():
        await User.filter(username="manager").update(email="li.na@example.cn")

    gql.run(set_email)
    assert gql.data("{ me { email } }", as_user="manager")["me"]["email"] == "li.na@example.cn"
    (record,) = audit_records(gql, kind="read")
    assert "li.na@example.cn" not in record.details


def test_values_revealed_in_full_are_recorded_masked_ones_are_not(gql):
    query = "query Phones { customers(first: 20) { edges { node { id phone } } } }"
    masked_view = gql.data(query, as_user="auditor")["customers"]["edges"]
    assert any(e["node"]["phone"] and "*" in e["node"]["phone"] for e in masked_view)
    assert audit_records(gql, kind="read") == []
    full_view = gql.data(query, as_user="rep")["customers"]["edges"]
    shown = sorted((e["node"]["id"] for e in full_view if e["node"]["phone"]), key=int)
    assert shown and not any("*" in e["node"]["phone"] for e in full_view if e["node"]["phone"])
    (record,) = audit_records(gql, kind="read")
    assert (record.action, record.entity_type, record.actor_name) == ("Customer.phone", "Customer", "rep")
    assert record.entity_id_list == shown


def test_reading_cost_prices_is_recorded_with_the_products_read(gql):
    async def products():
        from decimal import Decimal

        from domain.catalog.models import Product

        for n in range(3):
            await Product.create(sku=f"AUD-{n}", name=f"审计 {n}", list_price=Decimal("10.00"),
                                 cost_price=Decimal("6.00"))

    gql.run(products)
    body = gql.post("query Costs { products(first: 5) { edges { node { id costPrice } } } }", as_user="finance")
    assert not body.get("errors")
    ids = sorted(edge["node"]["id"] for edge in body["data"]["products"]["edges"])
    assert ids
    (record,) = audit_records(gql, kind="read")
    assert (record.action, record.entity_type, record.actor_name) == ("Product.costPrice", "Product", "finance")
    assert sorted(record.entity_id_list) == ids
