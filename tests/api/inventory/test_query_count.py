"""No N+1: lists of products and stock levels with their relations cost the same for 10 or 100 rows."""

import pytest

from tests.query_count import count_queries

PRODUCTS = """query($n:Int!){ products(first:$n, filter:{search:"QC-"}) { edges { node { sku category { name path }
  supplier { code } stockLevels { available warehouse { code } } } } } }"""
LEVELS = """query($n:Int!){ stockLevels(first:$n) { edges { node { available product { sku category { name } }
  warehouse { code } } } } }"""
ORDERS = """query($n:Int!){ purchaseOrders(first:$n) { edges { node { number supplier { code } warehouse { code }
  lines { quantity product { sku } } createdBy { username } } } } }"""


def _seed(gql, size: int) -> None:
    async def seed():
        from decimal import Decimal

        from domain.catalog.models import Category, Product
        from domain.inventory.models import (
            PurchaseOrder, PurchaseOrderLine, StockLevel, Supplier, Warehouse,
        )

        parent = await Category.create(name="QC 根")
        categories = [await Category.create(name=f"QC 子类 {i}", parent=parent) for i in range(5)]
        suppliers = [await Supplier.create(code=f"QCS{i}", name=f"QC 供应商 {i}") for i in range(5)]
        stores = [await Warehouse.create(code=f"QCW{i}", name=f"QC 仓 {i}") for i in range(2)]
        products = [Product(sku=f"QC-{i:04d}", name=f"QC 商品 {i:04d}", list_price=Decimal("10"),
                            category_id=categories[i % 5].id, supplier_id=suppliers[i % 5].id) for i in range(size)]
        await Product.bulk_create(products)
        rows = await Product.filter(sku__startswith="QC-")
        await StockLevel.bulk_create([StockLevel(product_id=p.id, warehouse_id=w.id, on_hand=5, available=5)
                                      for p in rows for w in stores])
        for i, p in enumerate(rows):
            order = await PurchaseOrder.create(number=f"QCPO{i:05d}", supplier_id=suppliers[i % 5].id,
                                               warehouse_id=stores[0].id)
            await PurchaseOrderLine.create(purchase_order=order, product_id=p.id, quantity=3)
    gql.run(seed)


def _count(gql, query: str, size: int) -> int:
    gql.token("admin")
    queries, data = count_queries(lambda: gql.data(query, {"n": size}, as_user="admin"))
    assert len(next(iter(data.values()))["edges"]) == size
    return queries


@pytest.mark.parametrize("query", [PRODUCTS, LEVELS, ORDERS], ids=["products", "stockLevels", "purchaseOrders"])
def test_list_query_count_is_constant(gql, query):
    _seed(gql, 100)
    small, large = _count(gql, query, 10), _count(gql, query, 100)
    assert small == large, (small, large)
    assert large <= 8, large
