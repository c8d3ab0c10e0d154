"""Who may do what with orders; cost and margin are for finance, the sales director and admins only."""

import pytest

from tests.api.orders.conftest import created
from tests.api.orders.test_data_scope import sales_events

MARGIN = "query($id: ID!) { order(id: $id) { number totalAmount costAmount grossMargin } }"
CREATE = """mutation($input: CreateOrderInput!) { createOrder(input: $input) { order { id } errors { code } } }"""
SHIP = "mutation($id: ID!) { shipOrder(id: $id) { order { status } errors { code } } }"
CONFIRM = "mutation($id: ID!) { confirmOrder(id: $id) { order { id } errors { code } } }"


@pytest.fixture
def order(gql, stocked):
    # 3 × 19.99 less 5 %: net 56.97; cost 3 × 12.00 = 36.00; margin 20.97
    return created(gql, stocked, [{"productId": stocked.widget_id, "quantity": 3, "discount": "0.05"}])


@pytest.mark.parametrize("user", ["rep", "manager", "service", "warehouse", "auditor"])
def test_margin_is_forbidden(gql, order, user):
    body = gql.post(MARGIN, {"id": order["id"]}, as_user=user)
    seen = body["data"]["order"]
    assert seen["number"] == order["number"] and seen["totalAmount"] == "64.38", "the rest of the answer arrives"
    assert seen["costAmount"] is None and seen["grossMargin"] is None
    denied = sorted(e["extensions"]["field"] for e in body["errors"])
    assert denied == ["Order.costAmount", "Order.grossMargin"]
    assert {e["extensions"]["code"] for e in body["errors"]} == {"FORBIDDEN"}


@pytest.mark.parametrize("user", ["finance", "director", "admin"])
def test_margin_is_visible(gql, order, user):
    seen = gql.data(MARGIN, {"id": order["id"]}, as_user=user)["order"]
    assert (seen["costAmount"], seen["grossMargin"]) == ("36.00", "20.97")


def test_margin_is_forbidden_through_the_customer_view_too(gql, order, stocked):
    query = "query($id: ID!) { customer(id: $id) { orders(first: 5) { edges { node { number grossMargin } } } } }"
    body = gql.post(query, {"id": stocked.rep_customer_id}, as_user="rep")
    assert [e["extensions"]["field"] for e in body["errors"]] == ["Order.grossMargin"]
    numbers = [e["node"]["number"] for e in body["data"]["customer"]["orders"]["edges"]]
    assert order["number"] in numbers


def test_who_may_create_and_ship(gql, stocked, order):
    variables = {"input": {"customerId": stocked.rep_customer_id,
                           "lines": [{"productId": stocked.widget_id, "quantity": 1}]}}
    for user in ("warehouse", "finance", "service", "marketing"):
        body = gql.post(CREATE, variables, as_user=user)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", user
    assert gql.data(CONFIRM, {"id": order["id"]}, as_user="rep")["confirmOrder"]["errors"] == []
    body = gql.post(SHIP, {"id": order["id"]}, as_user="rep")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert gql.data(SHIP, {"id": order["id"]}, as_user="warehouse")["shipOrder"]["order"]["status"] == "shipped"


def test_orders_list_is_not_for_marketing_or_partners(gql, order):
    for user in ("marketing", "partner"):
        body = gql.post("{ orders(first: 5) { edges { node { id } } } }", as_user=user)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert body["data"]["orders"] is None
    for user in ("warehouse", "finance", "service"):
        assert gql.data("{ orders(first: 5) { edges { node { id } } } }", as_user=user)["orders"]["edges"]


def test_sales_event_payload_leaves_out_fields_the_viewer_may_not_read(client, gql, order):
    """An event carrying a finance-only value reaches a rep without it and finance with it."""
    async def publish():
        from domain.events import DomainEvent, unit_of_work
        from domain.orders.models import Order
        row = await Order.get(id=int(order["id"]))
        async with unit_of_work() as work:
            work.record(DomainEvent(type="order.revalued", aggregate_type="Order", aggregate_id=str(row.id),
                                    payload={"number": row.number, "grossMargin": "20.97", "costAmount": "36.00",
                                             "note": "not a field"},
                                    owner_id=row.owner_id, team_id=row.team_id))

    for user, expected in (("rep", {"number": order["number"], "note": "not a field"}),
                           ("finance", {"number": order["number"], "grossMargin": "20.97", "costAmount": "36.00",
                                        "note": "not a field"})):
        with sales_events(client, gql, user) as session:
            gql.run(publish)
            assert session.next_payload()["data"]["salesEvents"]["payload"] == expected, user


def test_reading_margins_is_audited(gql, order):
    from tests.api.audit.conftest import audit_records

    gql.data(MARGIN, {"id": order["id"]}, as_user="finance")
    records = {r.action: r for r in audit_records(gql, kind="read")}
    assert set(records) == {"Order.costAmount", "Order.grossMargin"}
    assert records["Order.grossMargin"].entity_id_list == [order["id"]]
    assert records["Order.grossMargin"].actor_name == "finance"
    gql.post(MARGIN, {"id": order["id"]}, as_user="rep")  # refused: not a read
    assert len(audit_records(gql, kind="read")) == 2
