"""Order test helpers: people as actors, warehouses, products, stock received through the ledger."""

from __future__ import annotations

from decimal import Decimal
from itertools import count

from domain.actor import SYSTEM, Actor
from domain.catalog.models import Product
from domain.crm.models import Customer
from domain.events import unit_of_work
from domain.identity.models import User
from domain.inventory.models import StockLevel, Warehouse
from domain.inventory.stock import StockRef, ledger_mismatches, receive_stock
from domain.orders import services
from domain.orders.validation import LineInput, OrderInput
from policies.scope import data_scope

_numbers = count(1)


async def actor_for(username: str) -> Actor:
    user = await User.get(username=username)
    return Actor(user_id=user.id, username=user.username, roles=frozenset(user.roles), team_id=user.team_id)


async def order_scope(actor: Actor):
    return await data_scope(actor, "Order")


async def warehouse(code: str | None = None) -> Warehouse:
    code = code or f"WT{next(_numbers):04d}"
    return await Warehouse.create(code=code, name=f"测试仓 {code}", city="上海")


async def product(*, list_price: str = "19.99", cost_price: str = "12.00", min_price: str | None = None,
                  tax_rate: str = "0.13", active: bool = True, sku: str | None = None) -> Product:
    sku = sku or f"SKU-T{next(_numbers):05d}"
    return await Product.create(sku=sku, name=f"测试产品 {sku}", list_price=Decimal(list_price),
                                cost_price=Decimal(cost_price), min_price=Decimal(min_price) if min_price else None,
                                tax_rate=Decimal(tax_rate), active=active)


async def receive(product_row: Product, warehouse_row: Warehouse, quantity: int) -> StockLevel:
    async with unit_of_work() as work:
        return await receive_stock(work, SYSTEM, product_id=product_row.id, warehouse_id=warehouse_row.id,
                                   quantity=quantity, ref=StockRef("Test", None, "test receipt"))


async def customer_of(username: str) -> Customer:
    user = await User.get(username=username)
    return await Customer.filter(owner_id=user.id, merged_into_id=None).order_by("id").first()


async def draft(actor: Actor, customer: Customer, warehouse_row: Warehouse, *lines: tuple, **extra):
    """A draft order; each line is (product, quantity) or (product, quantity, unit_price, discount)."""
    items = [LineInput(product_id=line[0].id, quantity=line[1],
                       unit_price=Decimal(line[2]) if len(line) > 2 and line[2] is not None else None,
                       discount=Decimal(line[3]) if len(line) > 3 else None) for line in lines]
    data = OrderInput(customer_id=customer.id, lines=items, warehouse_id=warehouse_row.id, **extra)
    return await services.create_order(actor=actor, scope=await order_scope(actor), data=data)


async def level(product_row: Product, warehouse_row: Warehouse) -> StockLevel:
    return await StockLevel.get(product_id=product_row.id, warehouse_id=warehouse_row.id)


async def assert_ledger_agrees() -> None:
    assert await ledger_mismatches() == []
    assert not await StockLevel.filter(on_hand__lt=0).exists()
    assert not await StockLevel.filter(reserved__lt=0).exists()
    assert not await StockLevel.filter(available__lt=0).exists()
