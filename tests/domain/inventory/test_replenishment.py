"""Automatic purchase orders: one open per product and warehouse; receiving books the stock once."""

import asyncio

import pytest

from domain.actor import SYSTEM
from domain.errors import DomainError
from domain.events import unit_of_work
from domain.inventory import purchasing, services
from domain.inventory.models import PurchaseOrder, PurchaseOrderLine, StockLevel, StockMovement
from domain.inventory.replenishment import replenish_if_needed, replenishment_due, replenishment_key
from domain.inventory.stock import ledger_mismatches
from tests.domain.inventory.factories import STOREKEEPER, events_of, product, stocked, supplier, warehouse


async def _replenish(p, w):
    async with unit_of_work() as work:
        return await replenish_if_needed(work, SYSTEM, product_id=p.id, warehouse_id=w.id)


async def _falling(p, w, s):
    """20 on hand, reorder at 10 for 50 from supplier ``s``, then down to 8."""
    await stocked(20, product_id=p.id, warehouse_id=w.id)
    await services.set_stock_thresholds(actor=STOREKEEPER, product_id=p.id, warehouse_id=w.id, safety_stock=0,
                                        reorder_point=10, reorder_quantity=50)
    await services.set_replenishment_rule(actor=STOREKEEPER, product_id=p.id, warehouse_id=w.id, supplier_id=s.id)
    await services.adjust_stock(actor=STOREKEEPER, product_id=p.id, warehouse_id=w.id, delta=-12, reason="盘点")


async def test_two_triggers_make_one_draft_order(db):
    p, w, s = await product(cost_price="60.00"), await warehouse(), await supplier()
    await _falling(p, w, s)
    first = await _replenish(p, w)
    await services.adjust_stock(actor=STOREKEEPER, product_id=p.id, warehouse_id=w.id, delta=-1, reason="破损")
    second = await _replenish(p, w)

    assert first is not None and second is None
    orders = await PurchaseOrder.filter(warehouse_id=w.id)
    assert len(orders) == 1
    order = orders[0]
    assert (order.status, order.automatic, order.supplier_id, order.open_key) == (
        "draft", True, s.id, replenishment_key(p.id, w.id))
    assert order.number == f"PO{order.id:08d}"
    lines = await PurchaseOrderLine.filter(purchase_order_id=order.id)
    assert [(ln.product_id, ln.quantity, str(ln.unit_cost)) for ln in lines] == [(p.id, 50, "60.00")]
    assert str(order.total_amount) == "3000.00"
    assert len([e for e in await events_of("purchase_order.created") if e.aggregate_id == str(order.id)]) == 1


async def test_concurrent_triggers_still_make_one_order(db):
    p, w, s = await product(), await warehouse(), await supplier()
    await _falling(p, w, s)
    made = await asyncio.gather(*(_replenish(p, w) for _ in range(5)))
    assert sum(order is not None for order in made) == 1
    assert await PurchaseOrder.filter(warehouse_id=w.id).count() == 1


async def test_receiving_adds_stock_once_and_frees_the_slot(db):
    p, w, s = await product(), await warehouse(), await supplier()
    await _falling(p, w, s)
    order = await _replenish(p, w)

    received = await purchasing.receive_purchase_order(actor=STOREKEEPER, purchase_order_id=order.id)
    assert (received.status, received.open_key) == ("received", None) and received.received_at is not None
    level = await StockLevel.get(product_id=p.id, warehouse_id=w.id)
    assert level.on_hand == 8 + 50
    receipts = await StockMovement.filter(reference_type="PurchaseOrder", reference_id=order.id)
    assert [(m.kind, m.on_hand_delta) for m in receipts] == [("receipt", 50)]

    with pytest.raises(DomainError) as twice:
        await purchasing.receive_purchase_order(actor=STOREKEEPER, purchase_order_id=order.id)
    assert (twice.value.code, twice.value.field) == ("PO_ALREADY_RECEIVED", "id")
    assert (await StockLevel.get(id=level.id)).on_hand == 58, "the second receipt booked nothing"
    assert await ledger_mismatches() == []

    assert await _replenish(p, w) is None, "58 is above the reorder point"
    await services.adjust_stock(actor=STOREKEEPER, product_id=p.id, warehouse_id=w.id, delta=-50, reason="盘亏")
    assert await _replenish(p, w) is not None, "the slot is free again after the receipt"


async def test_concurrent_receipts_book_once(db):
    p, w, s = await product(), await warehouse(), await supplier()
    await _falling(p, w, s)
    order = await _replenish(p, w)

    async def receive():
        try:
            await purchasing.receive_purchase_order(actor=STOREKEEPER, purchase_order_id=order.id)
            return "ok"
        except DomainError as error:
            return error.code

    outcomes = await asyncio.gather(*(receive() for _ in range(4)))
    assert sorted(outcomes) == ["PO_ALREADY_RECEIVED"] * 3 + ["ok"]
    assert (await StockLevel.get(product_id=p.id, warehouse_id=w.id)).on_hand == 58


async def test_no_order_without_an_enabled_rule_or_for_inactive_products(db):
    p, w, s = await product(), await warehouse(), await supplier()
    await _falling(p, w, s)
    await services.set_replenishment_rule(actor=STOREKEEPER, product_id=p.id, warehouse_id=w.id, supplier_id=s.id,
                                          enabled=False)
    assert await _replenish(p, w) is None
    await services.set_replenishment_rule(actor=STOREKEEPER, product_id=p.id, warehouse_id=w.id, supplier_id=s.id)
    p.active = False
    await p.save()
    assert await _replenish(p, w) is None
    assert await PurchaseOrder.filter(warehouse_id=w.id).count() == 0


async def test_cancelling_an_automatic_order_frees_the_slot(db):
    p, w, s = await product(), await warehouse(), await supplier()
    await _falling(p, w, s)
    order = await _replenish(p, w)
    with pytest.raises(DomainError) as no_reason:
        await purchasing.cancel_purchase_order(actor=STOREKEEPER, purchase_order_id=order.id, reason=" ")
    assert no_reason.value.code == "REASON_REQUIRED"
    cancelled = await purchasing.cancel_purchase_order(actor=STOREKEEPER, purchase_order_id=order.id,
                                                       reason="供应商缺货 supplier out of stock")
    assert (cancelled.status, cancelled.open_key) == ("cancelled", None)
    with pytest.raises(DomainError) as late:
        await purchasing.receive_purchase_order(actor=STOREKEEPER, purchase_order_id=order.id)
    assert late.value.code == "PO_NOT_OPEN"
    assert await _replenish(p, w) is not None


def test_only_changes_at_or_below_the_reorder_point_need_a_check():
    assert replenishment_due(available=11, reorder_point=10) is False
    assert replenishment_due(available=10, reorder_point=10) is True
    assert replenishment_due(available=None, reorder_point=None) is True, "rule changes carry no level"
