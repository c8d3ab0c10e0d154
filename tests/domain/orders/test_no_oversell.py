"""No oversell under concurrency: each confirmation is its own unit of work, all running at once.

Runs on the selected backend (SQLite in the embedded pass, PostgreSQL in the production pass).
On PostgreSQL the tasks outnumber Tortoise's asyncpg pool (5 connections by default) forty to one:
a service that needed a second connection inside its transaction would hang here, so the
gather is bounded and a hang fails the test instead of blocking the run.
"""

import asyncio
import random

from domain.errors import DomainError
from domain.inventory.models import StockMovement
from domain.orders import services
from domain.orders.models import Order
from tests.domain.orders import factories as make

HANG_GUARD_SECONDS = 100  # not a performance bound: only turns a pool deadlock into a failure


async def _confirm_all(actor, scope, order_ids):
    calls = [services.confirm_order(actor=actor, scope=scope, order_id=i) for i in order_ids]
    return await asyncio.wait_for(asyncio.gather(*calls, return_exceptions=True), HANG_GUARD_SECONDS)


def _outcomes(results):
    unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, DomainError)]
    assert not unexpected, unexpected[:3]
    confirmed = [r for r in results if not isinstance(r, BaseException)]
    refused = [r.code for r in results if isinstance(r, DomainError)]
    return confirmed, refused


async def test_200_concurrent_confirmations_against_100_units(db):
    rep = await make.actor_for("rep")
    scope = await make.order_scope(rep)
    warehouse, sku, customer = await make.warehouse(), await make.product(), await make.customer_of("rep")
    await make.receive(sku, warehouse, 100)
    drafts = [await make.draft(rep, customer, warehouse, (sku, 1)) for _ in range(200)]

    confirmed, refused = _outcomes(await _confirm_all(rep, scope, [o.id for o in drafts]))

    assert len(confirmed) == 100
    assert refused == ["INSUFFICIENT_STOCK"] * 100
    level = await make.level(sku, warehouse)
    assert (level.on_hand, level.reserved, level.available) == (100, 100, 0)
    assert await Order.filter(id__in=[o.id for o in drafts], status="confirmed").count() == 100
    assert await Order.filter(id__in=[o.id for o in drafts], status="draft").count() == 100
    reservations = await StockMovement.filter(kind="reservation", product_id=sku.id).values_list(
        "reserved_delta", flat=True)
    assert sum(reservations) == 100 and len(reservations) == 100, "one ledger line per confirmed order"
    await make.assert_ledger_agrees()


async def test_multi_line_orders_in_opposite_line_order_neither_deadlock_nor_oversell(db):
    rep = await make.actor_for("rep")
    scope = await make.order_scope(rep)
    warehouse, customer = await make.warehouse(), await make.customer_of("rep")
    first, second = await make.product(), await make.product()
    await make.receive(first, warehouse, 30)
    await make.receive(second, warehouse, 30)
    rng = random.Random(7)
    drafts = []
    for _ in range(60):
        pair = [(first, 1), (second, 1)]
        rng.shuffle(pair)
        drafts.append(await make.draft(rep, customer, warehouse, *pair))

    confirmed, refused = _outcomes(await _confirm_all(rep, scope, [o.id for o in drafts]))

    assert len(confirmed) == 30
    assert set(refused) == {"INSUFFICIENT_STOCK"} and len(refused) == 30
    for item in (first, second):
        level = await make.level(item, warehouse)
        assert (level.reserved, level.available) == (30, 0)
    await make.assert_ledger_agrees()


async def test_the_same_order_confirmed_at_once_reserves_once(db):
    rep = await make.actor_for("rep")
    scope = await make.order_scope(rep)
    warehouse, sku, customer = await make.warehouse(), await make.product(), await make.customer_of("rep")
    await make.receive(sku, warehouse, 50)
    order = await make.draft(rep, customer, warehouse, (sku, 3))

    confirmed, refused = _outcomes(await _confirm_all(rep, scope, [order.id] * 20))

    assert len(confirmed) == 1
    assert refused == ["ORDER_ALREADY_CONFIRMED"] * 19
    assert (await make.level(sku, warehouse)).reserved == 3
    await make.assert_ledger_agrees()
