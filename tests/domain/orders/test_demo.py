"""The sample orders of ``salesdesk seed-demo``: every workflow state, stock and ledger in agreement."""

import random

from domain.inventory.models import Warehouse
from domain.orders.demo import JOURNEYS, seed_demo_orders
from domain.orders.models import Order, OrderLine, OrderReturn
from tests.domain.orders import factories as make


async def test_sample_orders_cover_the_workflow_and_keep_the_ledger(db):
    before = await Order.all().count()
    assert await seed_demo_orders(random.Random(2026)) == len(JOURNEYS)
    orders = await Order.filter(number__startswith="SO2").prefetch_related("lines")
    assert await Order.all().count() == before + len(JOURNEYS)
    assert {o.status for o in orders} == {"draft", "confirmed", "partially_shipped", "shipped", "completed",
                                          "cancelled"}
    assert all(o.lines for o in orders)
    assert await OrderLine.filter(shipped_quantity__gt=0).exists()
    assert await OrderReturn.all().count() == 1
    await make.assert_ledger_agrees()
    assert await seed_demo_orders(random.Random(1)) == 0, "not twice"
    assert await Warehouse.all().count() == 2
