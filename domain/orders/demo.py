"""Demo orders with real lines: two warehouses, a few products, stock through the ledger, and orders
taken through the workflow by the services themselves (so stock, ledger and orders agree)."""

from __future__ import annotations

import random
from decimal import Decimal

from domain.actor import SYSTEM, Actor
from domain.catalog.models import Product
from domain.crm.models import Customer
from domain.events import unit_of_work
from domain.identity.models import User
from domain.identity.scope import ALL
from domain.inventory.models import Warehouse
from domain.inventory.stock import StockRef, receive_stock
from domain.orders import services, shipping
from domain.orders.models import OrderLine
from domain.orders.validation import LineInput, LineQuantity, OrderInput

WAREHOUSES = [("SH01", "上海主仓 Shanghai Main", "上海"), ("SZ01", "深圳仓 Shenzhen", "深圳")]
PRODUCTS = [  # sku, name, unit, list price, cost, floor, tax rate
    ("DEMO-LAPTOP-14", "轻薄笔记本 14 寸 Laptop 14\"", "台", "5999.00", "4350.00", "5200.00", "0.13"),
    ("DEMO-MONITOR-27", "27 寸显示器 Monitor 27\"", "台", "1699.00", "1120.00", "1450.00", "0.13"),
    ("DEMO-DOCK-USB-C", "USB-C 扩展坞 USB-C Dock", "个", "399.00", "210.00", "320.00", "0.13"),
    ("DEMO-CHAIR-ERGO", "人体工学椅 Ergonomic Chair", "把", "1299.00", "760.00", None, "0.13"),
    ("DEMO-PAPER-A4", "A4 复印纸（箱）A4 Paper (box)", "箱", "189.00", "132.00", "160.00", "0.13"),
    ("DEMO-SUPPORT-1Y", "一年上门服务 1-Year On-site Support", "份", "800.00", "300.00", "600.00", "0.06"),
]
# What happens to each demo order after it is created.
JOURNEYS = ["draft", "confirmed", "confirmed", "partial", "shipped", "shipped", "completed", "completed",
            "completed", "returned", "cancelled", "cancelled_draft"]


async def seed_demo_orders(rng: random.Random) -> int:
    """Warehouses, products, stock and one order per journey; skipped when warehouses exist already."""
    if await Warehouse.exists():
        return 0
    warehouses = [await Warehouse.create(code=code, name=name, city=city) for code, name, city in WAREHOUSES]
    products = [await Product.create(sku=sku, name=name, unit=unit, list_price=Decimal(price),
                                     cost_price=Decimal(cost), min_price=Decimal(floor) if floor else None,
                                     tax_rate=Decimal(tax))
                for sku, name, unit, price, cost, floor, tax in PRODUCTS]
    async with unit_of_work() as work:
        for warehouse in warehouses:
            for product in products:
                await receive_stock(work, SYSTEM, product_id=product.id, warehouse_id=warehouse.id,
                                    quantity=rng.randint(40, 120), ref=StockRef(note="期初库存 opening stock"))
    customers = await Customer.filter(merged_into_id=None, owner_id__not_isnull=True).order_by("id").limit(40)
    for journey in JOURNEYS:
        customer = rng.choice(customers)
        await _order_through(journey, customer, rng.choice(warehouses), rng.sample(products, rng.randint(1, 3)), rng)
    return len(JOURNEYS)


async def _order_through(journey: str, customer: Customer, warehouse: Warehouse, products: list[Product],
                         rng: random.Random) -> None:
    owner = await User.get(id=customer.owner_id)
    actor = Actor(user_id=owner.id, username=owner.username, roles=frozenset(owner.roles), team_id=owner.team_id)
    lines = [LineInput(product_id=p.id, quantity=rng.randint(1, 8),
                       discount=rng.choice([None, Decimal("0.05"), Decimal("0.08")])) for p in products]
    data = OrderInput(customer_id=customer.id, lines=lines, warehouse_id=warehouse.id,
                      notes="演示订单 Demo order")
    # Demo prices stay above the floors; allowed anyway so a configured level discount cannot stop the seeding.
    order = await services.create_order(actor=actor, scope=ALL, data=data, allow_below_floor=True)
    common = dict(actor=actor, scope=ALL, order_id=order.id)
    if journey == "cancelled_draft":
        await services.cancel_order(**common, reason="客户改单 Customer changed the order")
    if journey in ("draft", "cancelled_draft"):
        return
    await services.confirm_order(**common)
    if journey == "cancelled":
        await services.cancel_order(**common, reason="客户预算取消 Budget withdrawn")
    elif journey == "partial":
        first = await OrderLine.filter(order_id=order.id).order_by("position").first()
        await shipping.ship_order(**common, lines=[LineQuantity(first.id, 1)])
    elif journey != "confirmed":
        await shipping.ship_order(**common)
        if journey in ("completed", "returned"):
            await services.complete_order(**common)
        if journey == "returned":
            first = await OrderLine.filter(order_id=order.id).order_by("position").first()
            await shipping.create_return(**common, lines=[LineQuantity(first.id, 1)],
                                         reason="外包装破损 Damaged packaging")
