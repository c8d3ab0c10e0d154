"""Inventory test helpers: a warehouse worker, warehouses, products, suppliers and stock."""

from __future__ import annotations

from decimal import Decimal
from itertools import count

from domain.actor import Actor
from domain.catalog.models import Product
from domain.events import unit_of_work
from domain.events.models import OutboxEvent
from domain.inventory.models import Supplier, Warehouse
from domain.inventory.stock import receive_stock

STOREKEEPER = Actor(user_id=None, username="storekeeper", roles=frozenset({"warehouse"}))
_numbers = count(1)


async def warehouse(code: str | None = None) -> Warehouse:
    code = code or f"INV{next(_numbers):04d}"
    return await Warehouse.create(code=code, name=f"库存测试仓 {code}", city="杭州")


async def product(*, sku: str | None = None, list_price: str = "100.00", cost_price: str = "60.00",
                  active: bool = True) -> Product:
    sku = sku or f"INV-{next(_numbers):05d}"
    return await Product.create(sku=sku, name=f"库存测试品 {sku}", list_price=Decimal(list_price),
                                cost_price=Decimal(cost_price), active=active)


async def supplier(code: str | None = None) -> Supplier:
    code = code or f"SUP{next(_numbers):04d}"
    return await Supplier.create(code=code, name=f"测试供应商 {code}")


async def stocked(quantity: int, *, product_id: int, warehouse_id: int) -> None:
    async with unit_of_work() as work:
        await receive_stock(work, STOREKEEPER, product_id=product_id, warehouse_id=warehouse_id, quantity=quantity)


async def events_of(kind: str) -> list[OutboxEvent]:
    return await OutboxEvent.filter(type=kind).order_by("occurred_at")
