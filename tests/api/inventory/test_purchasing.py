"""Replenishment through the running app: one automatic purchase order, received once into stock."""

from tests.api.catalog.steps import adjust, new_product, new_supplier, new_warehouse, receive, thresholds

RULE = """mutation($i: ReplenishmentRuleInput!){ setReplenishmentRule(input:$i){
  rule { enabled supplier { code } product { sku } } errors { field code message } } }"""
ORDERS = """query($f: PurchaseOrderFilterInput){ purchaseOrders(filter:$f){ totalCount edges { node {
  id number status automatic totalAmount supplier { code } warehouse { code }
  lines { quantity unitCost product { sku } } } } } }"""
RECEIVE_PO = """mutation($id: ID!){ receivePurchaseOrder(id:$id){ purchaseOrder { status receivedAt }
  errors { field code message } } }"""
CREATE_PO = """mutation($i: PurchaseOrderInput!){ createPurchaseOrder(input:$i){
  purchaseOrder { number status automatic totalAmount lines { quantity unitCost } } errors { field code message } } }"""
LEVEL = "query($p: ID!){ stockLevels(filter:{productIds:[$p]}){ edges { node { onHand available } } } }"


def _orders(gql, warehouse_id: str, user: str = "warehouse") -> dict:
    return gql.data(ORDERS, {"f": {"warehouseId": warehouse_id}}, as_user=user)["purchaseOrders"]


def test_automatic_order_is_made_once_and_receiving_adds_stock(client, gql):
    product = new_product(gql, sku="AUTO-1", costPrice="12.50")
    store, supplier = new_warehouse(gql, code="REPL"), new_supplier(gql, code="ACME")
    receive(gql, product["id"], store["id"], 30)
    thresholds(gql, product["id"], store["id"], reorder_point=10, reorder_quantity=40)
    rule = gql.data(RULE, {"i": {"productId": product["id"], "warehouseId": store["id"],
                                 "supplierId": supplier["id"]}}, as_user="warehouse")["setReplenishmentRule"]
    assert rule == {"rule": {"enabled": True, "supplier": {"code": "ACME"}, "product": {"sku": "AUTO-1"}},
                    "errors": []}

    adjust(gql, product["id"], store["id"], -21)  # 9 ≤ 10
    adjust(gql, product["id"], store["id"], -2)  # 7: a second trigger
    gql.run(client.app.state.worker.join, 60)  # the worker has seen both decreases
    orders = _orders(gql, store["id"])
    assert orders["totalCount"] == 1
    order = orders["edges"][0]["node"]
    assert (order["status"], order["automatic"], order["supplier"], order["warehouse"]) == (
        "draft", True, {"code": "ACME"}, {"code": "REPL"})
    assert order["lines"] == [{"quantity": 40, "unitCost": "12.50", "product": {"sku": "AUTO-1"}}]
    assert order["totalAmount"] == "500.00"

    received = gql.data(RECEIVE_PO, {"id": order["id"]}, as_user="warehouse")["receivePurchaseOrder"]
    assert received["errors"] == [] and received["purchaseOrder"]["status"] == "received"
    level = gql.data(LEVEL, {"p": product["id"]}, as_user="warehouse")["stockLevels"]["edges"][0]["node"]
    assert level == {"onHand": 47, "available": 47}

    twice = gql.post(RECEIVE_PO, {"id": order["id"]}, as_user="warehouse", headers={"accept-language": "en"})
    assert twice["data"]["receivePurchaseOrder"] == {"purchaseOrder": None, "errors": [
        {"field": "id", "code": "PO_ALREADY_RECEIVED",
         "message": f"Purchase order {order['number']} has already been received"}]}
    level = gql.data(LEVEL, {"p": product["id"]}, as_user="warehouse")["stockLevels"]["edges"][0]["node"]
    assert level["onHand"] == 47, "nothing booked twice"

    gql.run(client.app.state.worker.join, 60)  # and the receipt
    assert _orders(gql, store["id"])["totalCount"] == 1, "47 is above the reorder point: no new order"


def test_manual_purchase_order_and_its_validation(gql):
    product, other = new_product(gql, costPrice="8.00"), new_product(gql)
    store, supplier = new_warehouse(gql), new_supplier(gql)
    lines = [{"productId": product["id"], "quantity": 10}, {"productId": other["id"], "quantity": 3, "unitCost": "5.5"}]
    made = gql.data(CREATE_PO, {"i": {"supplierId": supplier["id"], "warehouseId": store["id"], "lines": lines}},
                    as_user="warehouse")["createPurchaseOrder"]
    assert made["errors"] == []
    assert (made["purchaseOrder"]["status"], made["purchaseOrder"]["automatic"]) == ("draft", False)
    assert made["purchaseOrder"]["lines"] == [{"quantity": 10, "unitCost": "8.00"}, {"quantity": 3, "unitCost": "5.50"}]
    assert made["purchaseOrder"]["totalAmount"] == "96.50"

    bad_lines = [{"productId": product["id"], "quantity": 0}, {"productId": product["id"], "quantity": 2,
                                                               "unitCost": "-1"}]
    bad = gql.data(CREATE_PO, {"i": {"supplierId": supplier["id"], "warehouseId": store["id"], "lines": bad_lines}},
                   as_user="warehouse")["createPurchaseOrder"]
    assert {(e["field"], e["code"]) for e in bad["errors"]} == {
        ("lines.0.quantity", "INVALID_QUANTITY"), ("lines.1.productId", "DUPLICATE_LINE"),
        ("lines.1.unitCost", "INVALID_PRICE")}
    unknown = gql.data(CREATE_PO, {"i": {"supplierId": "999999", "warehouseId": store["id"], "lines": lines}},
                       as_user="warehouse")["createPurchaseOrder"]
    assert unknown["errors"][0]["field"] == "supplierId" and unknown["errors"][0]["code"] == "UNKNOWN_SUPPLIER"
    empty = gql.data(CREATE_PO, {"i": {"supplierId": supplier["id"], "warehouseId": store["id"], "lines": []}},
                     as_user="warehouse")["createPurchaseOrder"]
    assert empty["errors"] == [{"field": "lines", "code": "REQUIRED", "message": "此项为必填"}]
    assert _orders(gql, store["id"])["totalCount"] == 1, "refused orders wrote nothing"
    assert _orders(gql, store["id"], "finance")["totalCount"] == 1, "finance reads purchasing"
    denied = gql.post(CREATE_PO, {"i": {"supplierId": supplier["id"], "warehouseId": store["id"], "lines": lines}},
                      as_user="rep")
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_supplier_and_warehouse_validation(gql):
    dup = new_warehouse(gql, code="DUPE")
    assert dup["code"] == "DUPE"
    body = gql.data("""mutation($i: WarehouseInput!){ createWarehouse(input:$i){ errors { field code } } }""",
                    {"i": {"code": "dupe", "name": "again"}}, as_user="warehouse")
    assert body["createWarehouse"]["errors"] == [{"field": "code", "code": "DUPLICATE"}]
    bad = gql.data("""mutation($i: SupplierInput!){ createSupplier(input:$i){ errors { field code } } }""",
                   {"i": {"code": "a b", "name": "", "phone": "123", "email": "nope"}}, as_user="warehouse")
    assert {(e["field"], e["code"]) for e in bad["createSupplier"]["errors"]} == {
        ("code", "INVALID_CODE"), ("name", "REQUIRED"), ("phone", "INVALID_PHONE"), ("email", "INVALID_EMAIL")}
