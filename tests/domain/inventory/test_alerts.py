"""Low-stock alerts: raised once while open, resolved when stock recovers, idempotent per event."""

from domain.events import DomainEvent, unit_of_work
from domain.events.consumers import handle_once
from domain.inventory import services
from domain.inventory.alerts import low_stock_key, low_stock_review_due, review_low_stock
from domain.inventory.models import Alert
from tests.domain.inventory.factories import STOREKEEPER, events_of, product, stocked, warehouse
from workers.inventory import watch_low_stock


async def _review(p, w):
    async with unit_of_work() as work:
        return await review_low_stock(work, product_id=p.id, warehouse_id=w.id)


async def _low(p, w):
    """20 on hand, safety stock 10, then two decreases that each leave it under 10."""
    await stocked(20, product_id=p.id, warehouse_id=w.id)
    await services.set_stock_thresholds(actor=STOREKEEPER, product_id=p.id, warehouse_id=w.id, safety_stock=10,
                                        reorder_point=0, reorder_quantity=0)
    await services.adjust_stock(actor=STOREKEEPER, product_id=p.id, warehouse_id=w.id, delta=-12, reason="盘点")


async def test_alert_is_raised_once_while_open(db):
    p, w = await product(), await warehouse()
    await _low(p, w)
    first = await _review(p, w)
    await services.adjust_stock(actor=STOREKEEPER, product_id=p.id, warehouse_id=w.id, delta=-3, reason="破损")
    second = await _review(p, w)

    assert first is not None and second is None
    alerts = await Alert.filter(product_id=p.id, warehouse_id=w.id)
    assert len(alerts) == 1
    alert = alerts[0]
    assert (alert.kind, alert.status, alert.open_key) == ("low_stock", "open", low_stock_key(p.id, w.id))
    assert "8" in alert.message_en and "10" in alert.message_en and p.sku in alert.message_zh
    raised = [e for e in await events_of("alert.raised") if e.aggregate_id == str(alert.id)]
    assert len(raised) == 1


async def test_alert_resolves_when_stock_is_back_and_can_open_again(db):
    p, w = await product(), await warehouse()
    await _low(p, w)
    opened = await _review(p, w)
    await services.receive_stock(actor=STOREKEEPER, product_id=p.id, warehouse_id=w.id, quantity=2)  # 10: at safety
    resolved = await _review(p, w)
    assert resolved is not None and resolved.id == opened.id
    assert (resolved.status, resolved.open_key) == ("resolved", None) and resolved.resolved_at is not None
    assert await _review(p, w) is None, "nothing open, nothing to resolve"

    await services.adjust_stock(actor=STOREKEEPER, product_id=p.id, warehouse_id=w.id, delta=-1, reason="盘亏")
    again = await _review(p, w)
    assert again is not None and again.id != opened.id
    assert await Alert.filter(product_id=p.id, warehouse_id=w.id, status="open").count() == 1


async def test_consumer_handles_each_event_once(db):
    """A duplicate delivery of the same event changes nothing (handle_once), a new event is re-checked."""
    p, w = await product(), await warehouse()
    await _low(p, w)
    event = DomainEvent(type="inventory.level_changed", aggregate_type="StockLevel", aggregate_id="0",
                        payload={"productId": p.id, "warehouseId": w.id})
    await watch_low_stock(event)
    await Alert.filter(product_id=p.id).update(status="resolved", open_key=None)  # someone closes it
    await watch_low_stock(event)  # the same event again: already handled
    assert await Alert.filter(product_id=p.id, status="open").count() == 0
    async with handle_once(consumer="inventory.low-stock", event_id=event.id) as work:
        assert work is None


async def test_no_alert_without_safety_stock(db):
    p, w = await product(), await warehouse()
    await stocked(1, product_id=p.id, warehouse_id=w.id)
    await services.adjust_stock(actor=STOREKEEPER, product_id=p.id, warehouse_id=w.id, delta=-1, reason="盘亏")
    assert await _review(p, w) is None
    assert not await Alert.filter(product_id=p.id).exists()


async def test_comfortable_changes_skip_the_review_unless_an_alert_is_open(db):
    p, w = await product(), await warehouse()
    due = {"product_id": p.id, "warehouse_id": w.id}
    assert await low_stock_review_due(**due, available=50, safety_stock=10) is False
    assert await low_stock_review_due(**due, available=9, safety_stock=10) is True
    assert await low_stock_review_due(**due, available=None, safety_stock=None) is True
    await _low(p, w)
    await _review(p, w)
    assert await low_stock_review_due(**due, available=50, safety_stock=10) is True, "the open alert may resolve"


async def test_discontinued_products_raise_no_alert(db):
    p, w = await product(), await warehouse()
    await _low(p, w)
    p.active = False
    await p.save(update_fields=["active"])
    assert await _review(p, w) is None
    level = await services.set_stock_thresholds(actor=STOREKEEPER, product_id=p.id, warehouse_id=w.id,
                                                safety_stock=0, reorder_point=0, reorder_quantity=0)
    assert level.safety_stock == 0, "a discontinued product's limits can still be lowered"
