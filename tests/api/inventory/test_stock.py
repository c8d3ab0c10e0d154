"""Stock through the API: receipts, adjustments, transfers, thresholds, the ledger; bad input writes nothing."""

from tests.api.catalog.steps import adjust, new_product, new_warehouse, receive, thresholds

TRANSFER = """mutation($i: TransferStockInput!){ transferStock(input:$i){
  source { onHand available warehouse { code } } destination { onHand available warehouse { code } }
  errors { field code message } } }"""
LEVELS = """query($f: StockLevelFilterInput){ stockLevels(filter:$f, first: 50){ totalCount
  edges { node { onHand reserved available safetyStock belowSafetyStock product { sku } warehouse { code } } } } }"""
MOVEMENTS = """query($f: StockMovementFilterInput){ stockMovements(filter:$f){ totalCount
  edges { node { kind onHandDelta reservedDelta referenceType referenceId note actor { username }
  warehouse { code } } } } }"""


def _ledger_ok(gql):
    async def mismatches():
        from domain.inventory.stock import ledger_mismatches
        return await ledger_mismatches()
    assert gql.run(mismatches) == []


def test_receive_adjust_and_read_the_ledger(gql):
    product, store = new_product(gql), new_warehouse(gql)
    assert receive(gql, product["id"], store["id"], 40) == {"onHand": 40, "reserved": 0, "available": 40}
    result = adjust(gql, product["id"], store["id"], -15, reason="盘点短少 count short")
    assert result["errors"] == [] and result["stockLevel"]["onHand"] == 25
    movements = gql.data(MOVEMENTS, {"f": {"productId": product["id"]}}, as_user="warehouse")["stockMovements"]
    assert movements["totalCount"] == 2
    newest = movements["edges"][0]["node"]
    assert newest["kind"] == "adjustment" and newest["onHandDelta"] == -15
    assert newest["note"] == "盘点短少 count short" and newest["actor"] == {"username": "warehouse"}
    only_receipts = gql.data(MOVEMENTS, {"f": {"productId": product["id"], "kinds": ["receipt"]}},
                             as_user="warehouse")["stockMovements"]
    assert [e["node"]["onHandDelta"] for e in only_receipts["edges"]] == [40]
    _ledger_ok(gql)


def test_bad_adjustments_are_refused_per_field(gql):
    product, store = new_product(gql), new_warehouse(gql)
    receive(gql, product["id"], store["id"], 5)
    too_much = adjust(gql, product["id"], store["id"], -6, locale="en")
    assert too_much == {"stockLevel": None, "errors": [
        {"field": "delta", "code": "INSUFFICIENT_STOCK", "message": "Not enough stock (5 available)"}]}
    zh = adjust(gql, product["id"], store["id"], -6)
    assert zh["errors"][0]["message"] == "库存不足（可用 5）"
    both = adjust(gql, product["id"], store["id"], 0, reason="  ")
    assert {(e["field"], e["code"]) for e in both["errors"]} == {("delta", "INVALID_QUANTITY"),
                                                                 ("reason", "REASON_REQUIRED")}
    unknown = adjust(gql, "999999", store["id"], 1)
    assert unknown["errors"][0]["field"] == "productId" and unknown["errors"][0]["code"] == "UNKNOWN_PRODUCT"
    nowhere = adjust(gql, product["id"], "999999", 1)
    assert nowhere["errors"][0]["field"] == "warehouseId" and nowhere["errors"][0]["code"] == "UNKNOWN_WAREHOUSE"
    level = gql.data(LEVELS, {"f": {"productIds": [product["id"]]}}, as_user="warehouse")["stockLevels"]
    assert level["edges"][0]["node"]["onHand"] == 5, "nothing was written"
    movements = gql.data(MOVEMENTS, {"f": {"productId": product["id"]}}, as_user="warehouse")["stockMovements"]
    assert movements["totalCount"] == 1


def test_receipts_refuse_bad_quantities_and_inactive_products(gql):
    product, store = new_product(gql), new_warehouse(gql)
    for quantity in (0, -3):
        body = gql.post("""mutation($i: ReceiveStockInput!){ receiveStock(input:$i){ errors { field code } } }""",
                        {"i": {"productId": product["id"], "warehouseId": store["id"], "quantity": quantity}},
                        as_user="warehouse")
        assert body["data"]["receiveStock"]["errors"] == [{"field": "quantity", "code": "INVALID_QUANTITY"}]
    gql.data("mutation($id:ID!){ deactivateProduct(id:$id){ errors { code } } }", {"id": product["id"]},
             as_user="director")
    body = gql.post("""mutation($i: ReceiveStockInput!){ receiveStock(input:$i){ errors { field code message } } }""",
                    {"i": {"productId": product["id"], "warehouseId": store["id"], "quantity": 1}},
                    as_user="warehouse", headers={"accept-language": "en"})
    assert body["data"]["receiveStock"]["errors"] == [
        {"field": "productId", "code": "PRODUCT_INACTIVE", "message": f"Product {product['sku']} is no longer sold"}]


def test_transfer_moves_stock_in_one_step(gql):
    product = new_product(gql)
    north, south = new_warehouse(gql, code="NORTH"), new_warehouse(gql, code="SOUTH")
    receive(gql, product["id"], north["id"], 30)
    variables = {"i": {"productId": product["id"], "fromWarehouseId": north["id"], "toWarehouseId": south["id"],
                       "quantity": 12}}
    moved = gql.data(TRANSFER, variables, as_user="warehouse")["transferStock"]
    assert moved["errors"] == []
    assert moved["source"] == {"onHand": 18, "available": 18, "warehouse": {"code": "NORTH"}}
    assert moved["destination"] == {"onHand": 12, "available": 12, "warehouse": {"code": "SOUTH"}}
    ledger = gql.data(MOVEMENTS, {"f": {"productId": product["id"], "kinds": ["transfer_out", "transfer_in"]}},
                      as_user="warehouse")["stockMovements"]["edges"]
    assert sorted((e["node"]["kind"], e["node"]["onHandDelta"], e["node"]["warehouse"]["code"],
                   e["node"]["referenceType"]) for e in ledger) == [
        ("transfer_in", 12, "SOUTH", "Warehouse"), ("transfer_out", -12, "NORTH", "Warehouse")]

    variables["i"]["quantity"] = 19
    refused = gql.data(TRANSFER, variables, as_user="warehouse")["transferStock"]
    assert refused["errors"][0]["code"] == "INSUFFICIENT_STOCK" and refused["source"] is None
    same = dict(variables["i"], toWarehouseId=north["id"], quantity=1)
    same_place = gql.data(TRANSFER, {"i": same}, as_user="warehouse")["transferStock"]
    assert same_place["errors"][0]["code"] == "SAME_WAREHOUSE"
    levels = gql.data(LEVELS, {"f": {"productIds": [product["id"]]}}, as_user="warehouse")["stockLevels"]["edges"]
    on_hand = sorted((e["node"]["warehouse"]["code"], e["node"]["onHand"]) for e in levels)
    assert on_hand == [("NORTH", 18), ("SOUTH", 12)], "the refused transfers moved nothing"
    _ledger_ok(gql)


def test_thresholds_and_below_safety_filter(gql):
    low, fine = new_product(gql), new_product(gql)
    store = new_warehouse(gql)
    receive(gql, low["id"], store["id"], 3)
    receive(gql, fine["id"], store["id"], 30)
    assert thresholds(gql, low["id"], store["id"], safety=5, reorder_point=8, reorder_quantity=20) == {
        "safetyStock": 5, "reorderPoint": 8, "reorderQuantity": 20, "belowSafetyStock": True}
    thresholds(gql, fine["id"], store["id"], safety=5)
    below = gql.data(LEVELS, {"f": {"belowSafetyStock": True, "warehouseIds": [store["id"]]}},
                     as_user="rep")["stockLevels"]
    assert [e["node"]["product"]["sku"] for e in below["edges"]] == [low["sku"]]
    body = gql.post("""mutation($i: StockThresholdsInput!){ setStockThresholds(input:$i){ errors { field code } } }""",
                    {"i": {"productId": low["id"], "warehouseId": store["id"], "safetyStock": -1,
                           "reorderPoint": 0, "reorderQuantity": -2}}, as_user="warehouse")
    assert body["data"]["setStockThresholds"]["errors"] == [{"field": "safetyStock", "code": "INVALID_THRESHOLD"},
                                                            {"field": "reorderQuantity", "code": "INVALID_THRESHOLD"}]


def test_sales_read_stock_but_do_not_change_it(gql):
    product, store = new_product(gql), new_warehouse(gql)
    receive(gql, product["id"], store["id"], 2)
    assert gql.data(LEVELS, {"f": {"productIds": [product["id"]]}}, as_user="rep")["stockLevels"]["totalCount"] == 1
    body = gql.post("""mutation($i: AdjustStockInput!){ adjustStock(input:$i){ errors { code } } }""",
                    {"i": {"productId": product["id"], "warehouseId": store["id"], "delta": 1, "reason": "x"}},
                    as_user="rep")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    denied = gql.post(MOVEMENTS, {"f": {}}, as_user="rep")
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    for user in ("marketing", "partner"):
        assert gql.post(LEVELS, {}, as_user=user)["errors"][0]["extensions"]["code"] == "FORBIDDEN"
