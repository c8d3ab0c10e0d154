"""Bad order input: a clear error per field (zh-CN and en), and nothing written."""

import pytest

from tests.api.orders.conftest import CREATE, create_order, created

CONFIRM = "mutation($id: ID!) { confirmOrder(id: $id) { order { status } errors { field code message } } }"
SHIP = """mutation($id: ID!, $lines: [OrderLineQuantityInput!]) { shipOrder(id: $id, lines: $lines) {
  order { status } shipment { id } errors { field code message } } }"""
CANCEL = """mutation($id: ID!, $r: String!) {
  cancelOrder(id: $id, reason: $r) { order { status } errors { field code } } }"""


def _counts(gql):
    async def count():
        from domain.inventory.models import StockLevel, StockMovement
        from domain.orders.models import Order, OrderLine, Shipment
        levels = await StockLevel.all().values_list("product_id", "on_hand", "reserved", "available")
        return (await Order.all().count(), await OrderLine.all().count(), await Shipment.all().count(),
                await StockMovement.all().count(), sorted(levels))
    return gql.run(count)


def _errors(payload):
    return [(e["field"], e["code"]) for e in payload["errors"]]


@pytest.mark.parametrize("line, field, code", [
    ({"quantity": 0}, "lines.0.quantity", "INVALID_QUANTITY"),
    ({"quantity": -3}, "lines.0.quantity", "INVALID_QUANTITY"),
    ({"quantity": 1_000_001}, "lines.0.quantity", "QUANTITY_TOO_LARGE"),
    ({"discount": "1.5"}, "lines.0.discount", "INVALID_DISCOUNT"),
    ({"discount": "-0.1"}, "lines.0.discount", "INVALID_DISCOUNT"),
    ({"discount": "0.12345"}, "lines.0.discount", "INVALID_DISCOUNT"),
    ({"unitPrice": "-1"}, "lines.0.unitPrice", "INVALID_PRICE"),
    ({"unitPrice": "19.999"}, "lines.0.unitPrice", "INVALID_PRICE"),
    ({"unitPrice": "10.00"}, "lines.0.unitPrice", "PRICE_BELOW_FLOOR"),  # floor 15.00
    ({"discount": "0.3"}, "lines.0.unitPrice", "PRICE_BELOW_FLOOR"),  # 19.99 × 0.7 = 13.99
    ({"productId": "999999"}, "lines.0.productId", "UNKNOWN_PRODUCT"),
    ({"productId": "not-a-number"}, "lines.0.productId", "INVALID_INPUT"),
])
def test_bad_line_is_refused_with_its_field_and_nothing_is_written(gql, stocked, line, field, code):
    before = _counts(gql)
    payload = create_order(gql, stocked, [{"productId": stocked.widget_id, "quantity": 2, **line}])
    assert payload["order"] is None
    assert _errors(payload) == [(field, code)]
    assert _counts(gql) == before


def test_inactive_product(gql, stocked):
    payload = create_order(gql, stocked, [{"productId": stocked.gadget_id, "quantity": 1},
                                          {"productId": stocked.retired_id, "quantity": 1}])
    assert _errors(payload) == [("lines.1.productId", "PRODUCT_INACTIVE")]


def test_every_bad_field_is_reported_at_once(gql, stocked):
    payload = create_order(gql, stocked, [{"productId": stocked.widget_id, "quantity": 0, "discount": "2"},
                                          {"productId": stocked.gadget_id, "quantity": 1},
                                          {"productId": stocked.gadget_id, "quantity": -1}])
    assert _errors(payload) == [("lines.0.quantity", "INVALID_QUANTITY"), ("lines.0.discount", "INVALID_DISCOUNT"),
                                ("lines.2.quantity", "INVALID_QUANTITY")]


def test_messages_in_both_languages(gql, stocked):
    variables = {"input": {"customerId": stocked.rep_customer_id, "warehouseId": stocked.warehouse_id,
                           "lines": [{"productId": stocked.widget_id, "quantity": 1, "discount": "1.5"}]}}
    messages = {}
    for language in ("en", "zh-CN"):
        body = gql.post(CREATE, variables, as_user="rep", headers={"Accept-Language": language})
        messages[language] = body["data"]["createOrder"]["errors"][0]["message"]
    assert "between 0 and 1" in messages["en"]
    assert "0 到 1" in messages["zh-CN"]


def test_no_lines_and_foreign_customer(gql, stocked):
    assert _errors(create_order(gql, stocked, [])) == [("lines", "REQUIRED")]
    payload = create_order(gql, stocked, [{"productId": stocked.widget_id, "quantity": 1}],
                           customer=stocked.rep2_customer_id)
    assert _errors(payload) == [("customerId", "NOT_FOUND")], "another rep's customer does not exist for rep"
    payload = create_order(gql, stocked, [{"productId": stocked.widget_id, "quantity": 1}], warehouseId="999999")
    assert _errors(payload) == [("warehouseId", "UNKNOWN_WAREHOUSE")]


def test_price_below_floor_needs_the_permission(gql, stocked):
    line = [{"productId": stocked.widget_id, "quantity": 1, "unitPrice": "9.90"}]
    assert _errors(create_order(gql, stocked, line)) == [("lines.0.unitPrice", "PRICE_BELOW_FLOOR")]
    allowed = created(gql, stocked, line, as_user="manager")  # sales managers may sell under the floor
    assert allowed["lines"][0]["unitPrice"] == "9.90"


def test_confirming_twice(gql, stocked):
    order = created(gql, stocked, [{"productId": stocked.widget_id, "quantity": 2}])
    assert gql.data(CONFIRM, {"id": order["id"]}, as_user="rep")["confirmOrder"]["errors"] == []
    before = _counts(gql)
    again = gql.data(CONFIRM, {"id": order["id"]}, as_user="rep")["confirmOrder"]
    assert again["order"] is None
    assert _errors(again) == [("id", "ORDER_ALREADY_CONFIRMED")]
    assert _counts(gql) == before


def test_shipping_more_than_ordered_or_outstanding(gql, stocked):
    order = created(gql, stocked, [{"productId": stocked.widget_id, "quantity": 3}])
    line_id = order["lines"][0]["id"]
    assert _errors(gql.data(SHIP, {"id": order["id"]}, as_user="warehouse")["shipOrder"]) == [
        ("id", "ORDER_NOT_CONFIRMED")]
    gql.data(CONFIRM, {"id": order["id"]}, as_user="rep")
    before = _counts(gql)
    too_many = gql.data(SHIP, {"id": order["id"], "lines": [{"lineId": line_id, "quantity": 4}]},
                        as_user="warehouse")["shipOrder"]
    assert _errors(too_many) == [("lines.0.quantity", "EXCEEDS_OUTSTANDING")]
    assert _counts(gql) == before
    assert gql.data(SHIP, {"id": order["id"], "lines": [{"lineId": line_id, "quantity": 2}]},
                    as_user="warehouse")["shipOrder"]["errors"] == []
    beyond = gql.data(SHIP, {"id": order["id"], "lines": [{"lineId": line_id, "quantity": 2}]},
                      as_user="warehouse")["shipOrder"]
    assert _errors(beyond) == [("lines.0.quantity", "EXCEEDS_OUTSTANDING")]
    assert "1" in beyond["errors"][0]["message"], "says how much is outstanding"
    for lines, expected in (
        ([{"lineId": line_id, "quantity": 0}], [("lines.0.quantity", "INVALID_QUANTITY")]),
        ([{"lineId": line_id, "quantity": 1}, {"lineId": line_id, "quantity": 1}],
         [("lines.1.lineId", "DUPLICATE_LINE")]),
        ([{"lineId": "999999", "quantity": 1}], [("lines.0.lineId", "NOT_FOUND")]),
        ([], [("lines", "REQUIRED")]),
    ):
        payload = gql.data(SHIP, {"id": order["id"], "lines": lines}, as_user="warehouse")["shipOrder"]
        assert _errors(payload) == expected


def test_cancelling_a_shipped_order(gql, stocked):
    order = created(gql, stocked, [{"productId": stocked.widget_id, "quantity": 1}])
    assert _errors(gql.data(CANCEL, {"id": order["id"], "r": "  "}, as_user="rep")["cancelOrder"]) == [
        ("reason", "REASON_REQUIRED")]
    gql.data(CONFIRM, {"id": order["id"]}, as_user="rep")
    gql.data(SHIP, {"id": order["id"]}, as_user="warehouse")
    before = _counts(gql)
    refused = gql.data(CANCEL, {"id": order["id"], "r": "too late"}, as_user="rep")["cancelOrder"]
    assert _errors(refused) == [("id", "ORDER_ALREADY_SHIPPED")]
    assert _counts(gql) == before
