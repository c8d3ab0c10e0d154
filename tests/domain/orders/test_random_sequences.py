"""Random create / confirm / ship / cancel / complete / return sequences, a few at a time concurrently.

Whatever succeeds or is refused, afterwards: the levels agree with the ledger, nothing is
negative, reserved stock equals what open orders still have to ship, and on hand equals
receipts - shipments + returns.
"""

import asyncio
import random

import pytest

from domain.errors import DomainError
from domain.orders import services, shipping
from domain.orders.models import Order, OrderLine, OrderReturn, Shipment
from domain.orders.validation import LineQuantity
from tests.domain.orders import factories as make

STEPS = 80
RECEIVED = 25
OPEN = ("confirmed", "partially_shipped")
LIKELY = {"create": (), "confirm": ("draft",), "ship": OPEN, "cancel": ("draft", "confirmed"),
          "complete": ("shipped",), "return": ("partially_shipped", "shipped", "completed"), "restock": ()}
WEIGHTS = {"create": 3, "confirm": 3, "ship": 4, "cancel": 1, "complete": 1, "return": 2, "restock": 1}


class Run:
    def __init__(self, rng, actor, scope, customer, warehouse, products):
        self.rng, self.actor, self.scope = rng, actor, scope
        self.customer, self.warehouse, self.products = customer, warehouse, products
        self.received = {item: RECEIVED for item in products}

    async def random_order_id(self, likely: tuple[str, ...]):
        """Mostly an order in a status where ``action`` makes sense, sometimes any (to be refused)."""
        orders = Order.filter(warehouse_id=self.warehouse.id)
        if self.rng.random() < 0.8:
            orders = orders.filter(status__in=likely)
        ids = await orders.values_list("id", flat=True)
        return self.rng.choice(ids) if ids else None

    async def some_lines(self, order_id, limit_of):
        lines = await OrderLine.filter(order_id=order_id)
        chosen = [line for line in lines if self.rng.random() < 0.7] or lines
        return [LineQuantity(line.id, self.rng.randint(1, max(1, limit_of(line) + 1))) for line in chosen]

    async def step(self):
        action = self.rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        if action == "restock":
            item = self.rng.choice(self.products)
            self.received[item] += 10
            return await make.receive(item, self.warehouse, 10)
        if action == "create":
            lines = [(p, self.rng.randint(1, 6)) for p in self.rng.sample(self.products, self.rng.randint(1, 3))]
            return await make.draft(self.actor, self.customer, self.warehouse, *lines)
        order_id = await self.random_order_id(LIKELY[action])
        if order_id is None:
            return None
        common = dict(actor=self.actor, scope=self.scope, order_id=order_id)
        if action == "confirm":
            return await services.confirm_order(**common)
        if action == "cancel":
            return await services.cancel_order(**common, reason="random")
        if action == "complete":
            return await services.complete_order(**common)
        if action == "ship":
            partial = self.rng.random() < 0.6
            lines = await self.some_lines(order_id, lambda l: l.quantity - l.shipped_quantity) if partial else None
            return await shipping.ship_order(**common, lines=lines)
        lines = await self.some_lines(order_id, lambda l: l.shipped_quantity - l.returned_quantity)
        return await shipping.create_return(**common, lines=lines, reason="random return")


async def _check_invariants(warehouse, products, received):
    await make.assert_ledger_agrees()
    for item in products:
        level = await make.level(item, warehouse)
        lines = await OrderLine.filter(product_id=item.id, order__warehouse_id=warehouse.id).prefetch_related("order")
        still_to_ship = sum(l.quantity - l.shipped_quantity for l in lines if l.order.status in OPEN)
        shipped = sum(l.shipped_quantity for l in lines)
        returned = sum(l.returned_quantity for l in lines)
        assert level.reserved == still_to_ship, item.sku
        assert level.on_hand == received[item] - shipped + returned, item.sku
        assert level.available == level.on_hand - level.reserved >= 0


@pytest.mark.parametrize("seed", [11, 2026])
async def test_random_order_sequences_keep_stock_consistent(db, seed):
    rng = random.Random(seed)
    actor = await make.actor_for("rep")
    warehouse = await make.warehouse()
    products = [await make.product(list_price=str(rng.randint(1, 500)) + ".99") for _ in range(3)]
    for item in products:
        await make.receive(item, warehouse, RECEIVED)
    run = Run(rng, actor, await make.order_scope(actor), await make.customer_of("rep"), warehouse, products)
    outcomes = {"ok": 0, "refused": 0}
    for _ in range(STEPS):
        results = await asyncio.gather(*(run.step() for _ in range(rng.randint(1, 4))), return_exceptions=True)
        for result in results:
            if isinstance(result, DomainError):
                outcomes["refused"] += 1
            elif isinstance(result, BaseException):
                raise result
            else:
                outcomes["ok"] += 1
        await _check_invariants(warehouse, products, run.received)
    assert outcomes["ok"] > STEPS and outcomes["refused"] > 0, outcomes
    assert await Shipment.filter(order__warehouse_id=warehouse.id).exists(), "the run shipped something"
    assert await OrderReturn.filter(order__warehouse_id=warehouse.id).exists(), "the run returned something"
