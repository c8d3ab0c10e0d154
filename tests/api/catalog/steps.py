"""Catalog and inventory set-up through the API, as the roles that own each step."""

from __future__ import annotations

from itertools import count

_numbers = count(1)

CREATE_PRODUCT = """mutation($i: ProductInput!){ createProduct(input:$i){
  product { id sku name unit listPrice costPrice minPrice taxRate active category { id name path } }
  errors { field code message } } }"""
CREATE_WAREHOUSE = """mutation($i: WarehouseInput!){ createWarehouse(input:$i){
  warehouse { id code name } errors { field code message } } }"""
CREATE_SUPPLIER = """mutation($i: SupplierInput!){ createSupplier(input:$i){
  supplier { id code } errors { field code message } } }"""
RECEIVE = """mutation($i: ReceiveStockInput!){ receiveStock(input:$i){
  stockLevel { onHand reserved available } errors { field code message } } }"""
THRESHOLDS = """mutation($i: StockThresholdsInput!){ setStockThresholds(input:$i){
  stockLevel { safetyStock reorderPoint reorderQuantity belowSafetyStock } errors { field code message } } }"""
ADJUST = """mutation($i: AdjustStockInput!){ adjustStock(input:$i){
  stockLevel { onHand reserved available belowSafetyStock } errors { field code message } } }"""


def new_product(gql, *, as_user: str = "director", **fields) -> dict:
    """A product made by a sales director; returns it (fails the test on errors)."""
    n = next(_numbers)
    values = {"sku": f"API-{n:05d}", "name": f"接口测试品 {n}", "listPrice": "100.00", "costPrice": "60.00", **fields}
    payload = gql.data(CREATE_PRODUCT, {"i": values}, as_user=as_user)["createProduct"]
    assert payload["errors"] == [], payload
    return payload["product"]


def new_warehouse(gql, **fields) -> dict:
    n = next(_numbers)
    values = {"code": f"WH{n:04d}", "name": f"接口仓 {n}", **fields}
    payload = gql.data(CREATE_WAREHOUSE, {"i": values}, as_user="warehouse")["createWarehouse"]
    assert payload["errors"] == [], payload
    return payload["warehouse"]


def new_supplier(gql, **fields) -> dict:
    n = next(_numbers)
    values = {"code": f"S{n:04d}", "name": f"接口供应商 {n}", **fields}
    payload = gql.data(CREATE_SUPPLIER, {"i": values}, as_user="warehouse")["createSupplier"]
    assert payload["errors"] == [], payload
    return payload["supplier"]


def receive(gql, product_id: str, warehouse_id: str, quantity: int) -> dict:
    payload = gql.data(RECEIVE, {"i": {"productId": product_id, "warehouseId": warehouse_id, "quantity": quantity}},
                       as_user="warehouse")["receiveStock"]
    assert payload["errors"] == [], payload
    return payload["stockLevel"]


def thresholds(gql, product_id: str, warehouse_id: str, *, safety: int = 0, reorder_point: int = 0,
               reorder_quantity: int = 0) -> dict:
    values = {"productId": product_id, "warehouseId": warehouse_id, "safetyStock": safety,
              "reorderPoint": reorder_point, "reorderQuantity": reorder_quantity}
    payload = gql.data(THRESHOLDS, {"i": values}, as_user="warehouse")["setStockThresholds"]
    assert payload["errors"] == [], payload
    return payload["stockLevel"]


def adjust(gql, product_id: str, warehouse_id: str, delta: int, reason: str = "盘点 stock count",
           *, locale: str = "zh-CN") -> dict:
    body = gql.post(ADJUST, {"i": {"productId": product_id, "warehouseId": warehouse_id, "delta": delta,
                                   "reason": reason}}, as_user="warehouse", headers={"accept-language": locale})
    assert not body.get("errors"), body
    return body["data"]["adjustStock"]
