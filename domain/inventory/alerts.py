"""Low-stock alerts: at most one open per product and warehouse, resolved when stock recovers.

Run by a consumer of ``inventory.level_changed`` (see ``workers/inventory.py``), not inside the
stock operations: a reservation stays one short transaction, and because the event is in the
outbox with the change, the check is never lost (the relay, the sweeper and job retries deliver
it). The check re-reads the level under a row lock instead of trusting the event's snapshot, so
events handled late or out of order still leave the alert matching the current stock.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.catalog.models import Product
from domain.events import DomainEvent, UnitOfWork
from domain.events.envelope import utcnow
from domain.i18n import translate
from domain.inventory.models import Alert, StockLevel, Warehouse

LOW_STOCK = "low_stock"


def low_stock_key(product_id: int, warehouse_id: int) -> str:
    return f"{LOW_STOCK}:{product_id}:{warehouse_id}"


async def locked_level(product_id: int, warehouse_id: int) -> StockLevel | None:
    """The level row, locked until the transaction ends (PostgreSQL; SQLite serialises writers anyway)."""
    return await StockLevel.filter(product_id=product_id, warehouse_id=warehouse_id).select_for_update().first()


def alert_event(kind: str, alert: Alert) -> DomainEvent:
    return DomainEvent(type=kind, aggregate_type="Alert", aggregate_id=str(alert.id),
                       payload={"kind": alert.kind, "productId": alert.product_id,
                                "warehouseId": alert.warehouse_id, "severity": alert.severity})


async def _raise_low_stock(work: UnitOfWork, level: StockLevel) -> Alert | None:
    key = low_stock_key(level.product_id, level.warehouse_id)
    if await Alert.exists(open_key=key):
        return None
    product = await Product.get(id=level.product_id)
    if not product.active:
        return None  # discontinued: nobody will restock it
    warehouse = await Warehouse.get(id=level.warehouse_id)
    facts = {"product": product.name, "sku": product.sku, "warehouse": warehouse.name,
             "available": level.available, "safety": level.safety_stock}
    severity = "critical" if level.available <= 0 else "warning"
    try:
        async with in_transaction():  # a savepoint: a concurrent twin only loses this insert
            alert = await Alert.create(kind=LOW_STOCK, severity=severity, product_id=level.product_id,
                                       warehouse_id=level.warehouse_id, open_key=key,
                                       message_zh=translate("ALERT_LOW_STOCK", "zh-CN", **facts)[:300],
                                       message_en=translate("ALERT_LOW_STOCK", "en", **facts)[:300])
    except IntegrityError:
        return None
    work.record(alert_event("alert.raised", alert))
    return alert


async def _resolve_low_stock(work: UnitOfWork, level: StockLevel) -> Alert | None:
    alert = await Alert.get_or_none(open_key=low_stock_key(level.product_id, level.warehouse_id))
    if alert is None:
        return None
    closed = await Alert.filter(id=alert.id, status="open").update(status="resolved", open_key=None,
                                                                     resolved_at=utcnow())
    if not closed:
        return None
    alert = await Alert.get(id=alert.id)
    work.record(alert_event("alert.resolved", alert))
    return alert


async def low_stock_review_due(*, product_id: int, warehouse_id: int, available: int | None,
                               safety_stock: int | None) -> bool:
    """Whether a level change needs the full (locking) review: it went under safety stock, or an alert is open.

    Every change records its own event, so a change that left stock at or above safety stock with
    no alert open has nothing to do; the change that crosses the line is reviewed by its own event.
    """
    if available is None or safety_stock is None or available < safety_stock:
        return True
    return await Alert.exists(open_key=low_stock_key(product_id, warehouse_id))


async def review_low_stock(work: UnitOfWork, *, product_id: int, warehouse_id: int) -> Alert | None:
    """Open an alert when available < safety stock, resolve the open one when back at or above it.

    Returns the alert raised or resolved, None when nothing changed.
    """
    level = await locked_level(product_id, warehouse_id)
    if level is None:
        return None
    if level.available < level.safety_stock:
        return await _raise_low_stock(work, level)
    return await _resolve_low_stock(work, level)
