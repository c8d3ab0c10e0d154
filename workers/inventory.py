"""Inventory automation: low-stock alerts and automatic purchase orders, from stock level events.

Each consumer runs at most once per event (``handle_once``) and re-reads the stock level, so a
duplicate or late delivery changes nothing; a failure is retried by ``dispatch_event``. Changes
that leave stock comfortably high (most reservations) are let go without opening a transaction.
"""

from __future__ import annotations

from workers.broker import broker  # noqa: F401 - the broker must exist before actors
from domain.actor import SYSTEM
from domain.events.consumers import handle_once
from domain.events.envelope import DomainEvent
from domain.inventory.alerts import low_stock_review_due, review_low_stock
from domain.inventory.replenishment import replenish_if_needed, replenishment_due
from workers.events import consumes

LOW_STOCK_CONSUMER = "inventory.low-stock"
REPLENISH_CONSUMER = "inventory.replenish"


def _key(event: DomainEvent) -> dict[str, int]:
    return {"product_id": int(event.payload["productId"]), "warehouse_id": int(event.payload["warehouseId"])}


@consumes("inventory.level_changed", LOW_STOCK_CONSUMER)
async def watch_low_stock(event: DomainEvent) -> None:
    """Raise or resolve the low-stock alert of the level that changed."""
    key = _key(event)
    if not await low_stock_review_due(**key, available=event.payload.get("available"),
                                      safety_stock=event.payload.get("safetyStock")):
        return
    async with handle_once(consumer=LOW_STOCK_CONSUMER, event_id=event.id) as work:
        if work is not None:
            await review_low_stock(work, **key)


@consumes("inventory.level_changed", REPLENISH_CONSUMER)
@consumes("replenishment_rule.set", REPLENISH_CONSUMER)
async def replenish(event: DomainEvent) -> None:
    """Draft a purchase order when the level is at or below its reorder point and a rule is enabled."""
    if not replenishment_due(available=event.payload.get("available"),
                             reorder_point=event.payload.get("reorderPoint")):
        return
    async with handle_once(consumer=REPLENISH_CONSUMER, event_id=event.id) as work:
        if work is not None:
            await replenish_if_needed(work, SYSTEM, **_key(event))
