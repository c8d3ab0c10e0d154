"""The order API end to end: totals computed server-side in Decimal, the workflow with a partial shipment."""

from tests.api.orders.conftest import created

CONFIRM = "mutation($id: ID!) { confirmOrder(id: $id) { order { id status confirmedAt } errors { field code } } }"
SHIP = """mutation($id: ID!, $lines: [OrderLineQuantityInput!]) { shipOrder(id: $id, lines: $lines) {
  order { status lines { shippedQuantity outstandingQuantity } }
  shipment { number warehouse { code } lines { lineId quantity line { product { sku } } } }
  errors { field code } } }"""
COMPLETE = "mutation($id: ID!) { completeOrder(id: $id) { order { status completedAt } errors { code } } }"
RETURN = """mutation($id: ID!, $lines: [OrderLineQuantityInput!]!, $reason: String!) {
  createReturn(orderId: $id, lines: $lines, reason: $reason) {
    order { lines { returnedQuantity } } orderReturn { number amount reason lines { quantity } }
    errors { field code } } }"""
ORDER = """query($id: ID!) { order(id: $id) { number status customer { name } owner { username } warehouse { code }
  shipments { number lines { quantity } } returns { number amount } lines { shippedQuantity returnedQuantity } } }"""


def test_totals_are_exact_decimals(gql, stocked):
    order = created(gql, stocked, [{"productId": stocked.widget_id, "quantity": 3, "discount": "0.05"}])
    assert order["status"] == "draft"
    assert order["number"].startswith("SO")
    assert (order["subtotal"], order["discountAmount"], order["taxAmount"], order["totalAmount"]) == (
        "59.97", "3.00", "7.41", "64.38")
    line = order["lines"][0]
    assert (line["unitPrice"], line["discount"], line["taxRate"]) == ("19.99", "0.0500", "0.1300")
    assert (line["lineNet"], line["lineTax"], line["lineTotal"]) == ("56.97", "7.41", "64.38")
    assert order["currency"] == "CNY"


def test_given_unit_price_and_several_lines(gql, stocked):
    order = created(gql, stocked, [{"productId": stocked.widget_id, "quantity": 2, "unitPrice": "18.50"},
                                   {"productId": stocked.gadget_id, "quantity": 1, "discount": "0.1"}])
    assert [l["lineTotal"] for l in order["lines"]] == ["41.81", "95.40"]  # 37.00 + 4.81; 90.00 + 5.40
    assert order["totalAmount"] == "137.21"
    assert order["subtotal"] == "137.00" and order["discountAmount"] == "10.00"


def test_workflow_with_partial_shipment_and_return(gql, stocked):
    order = created(gql, stocked, [{"productId": stocked.widget_id, "quantity": 3},
                                   {"productId": stocked.gadget_id, "quantity": 2}])
    widget_line, gadget_line = (line["id"] for line in order["lines"])

    confirmed = gql.data(CONFIRM, {"id": order["id"]}, as_user="rep")["confirmOrder"]
    assert confirmed["errors"] == [] and confirmed["order"]["status"] == "confirmed"

    first = gql.data(SHIP, {"id": order["id"], "lines": [{"lineId": widget_line, "quantity": 1}]},
                     as_user="warehouse")["shipOrder"]
    assert first["errors"] == []
    assert first["order"]["status"] == "partially_shipped"
    assert first["order"]["lines"] == [{"shippedQuantity": 1, "outstandingQuantity": 2},
                                       {"shippedQuantity": 0, "outstandingQuantity": 2}]
    assert first["shipment"]["lines"][0]["quantity"] == 1
    assert first["shipment"]["lines"][0]["lineId"] == widget_line

    rest = gql.data(SHIP, {"id": order["id"]}, as_user="warehouse")["shipOrder"]
    assert rest["errors"] == [] and rest["order"]["status"] == "shipped"
    assert sorted((l["quantity"] for l in rest["shipment"]["lines"])) == [2, 2]

    done = gql.data(COMPLETE, {"id": order["id"]}, as_user="rep")["completeOrder"]
    assert done["errors"] == [] and done["order"]["status"] == "completed"

    returned = gql.data(RETURN, {"id": order["id"], "lines": [{"lineId": gadget_line, "quantity": 1}],
                                 "reason": "包装破损 damaged box"}, as_user="warehouse")["createReturn"]
    assert returned["errors"] == []
    assert returned["orderReturn"]["amount"] == "106.00"
    assert returned["order"]["lines"] == [{"returnedQuantity": 0}, {"returnedQuantity": 1}]

    seen = gql.data(ORDER, {"id": order["id"]}, as_user="rep")["order"]
    assert seen["status"] == "completed"
    assert seen["owner"]["username"] == "rep"
    assert len(seen["shipments"]) == 2 and len(seen["returns"]) == 1
    assert seen["lines"] == [{"shippedQuantity": 3, "returnedQuantity": 0},
                             {"shippedQuantity": 2, "returnedQuantity": 1}]

    async def stock():
        from domain.inventory.models import StockLevel
        from domain.inventory.stock import ledger_mismatches
        levels = {l.product_id: (l.on_hand, l.reserved, l.available)
                  for l in await StockLevel.filter(warehouse_id=int(stocked.warehouse_id))}
        return levels, await ledger_mismatches()

    levels, mismatches = gql.run(stock)
    assert mismatches == []
    assert levels[int(stocked.widget_id)] == (17, 0, 17)
    assert levels[int(stocked.gadget_id)] == (4, 0, 4)  # 5 - 2 shipped + 1 returned


def test_cancel_releases_stock(gql, stocked):
    order = created(gql, stocked, [{"productId": stocked.gadget_id, "quantity": 5}])
    assert gql.data(CONFIRM, {"id": order["id"]}, as_user="rep")["confirmOrder"]["errors"] == []
    other = created(gql, stocked, [{"productId": stocked.gadget_id, "quantity": 1}])
    refused = gql.data(CONFIRM, {"id": other["id"]}, as_user="rep")["confirmOrder"]
    assert refused["errors"][0]["code"] == "INSUFFICIENT_STOCK"
    assert refused["errors"][0]["field"] == "lines.0.quantity"
    cancel = """mutation($id: ID!) {
  cancelOrder(id: $id, reason: "客户撤单") { order { status cancelReason } errors { code } } }"""
    cancelled = gql.data(cancel, {"id": order["id"]}, as_user="rep")["cancelOrder"]
    assert cancelled == {"order": {"status": "cancelled", "cancelReason": "客户撤单"}, "errors": []}
    assert gql.data(CONFIRM, {"id": other["id"]}, as_user="rep")["confirmOrder"]["errors"] == []
