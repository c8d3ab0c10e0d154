"""Automatic replenishment: a draft purchase order when stock falls to the reorder point.

At most one open automatic order per product and warehouse: the order holds the unique
``open_key`` until it is received or cancelled, so repeated triggers (or two workers at once)
create one order. Like low-stock alerts, this runs from ``inventory.level_changed`` events and
re-reads the level under a lock rather than trusting the event.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.actor import Actor
from domain.catalog.models import Product
from domain.events import UnitOfWork
from domain.inventory.alerts import locked_level
from domain.inventory.models import PurchaseOrder, ReplenishmentRule
from domain.inventory.purchasing import open_purchase_order


def replenishment_key(product_id: int, warehouse_id: int) -> str:
    return f"replenish:{product_id}:{warehouse_id}"


def replenishment_due(*, available: int | None, reorder_point: int | None) -> bool:
    """Whether a level change needs the full check (unknown levels always do; rule changes carry none)."""
    return available is None or reorder_point is None or available <= reorder_point


async def replenish_if_needed(work: UnitOfWork, actor: Actor, *, product_id: int,
                              warehouse_id: int) -> PurchaseOrder | None:
    """Order the reorder quantity from the rule's supplier when available ≤ reorder point.

    Returns the new draft order, or None when none is due (or one is already open).
    """
    level = await locked_level(product_id, warehouse_id)
    if level is None or level.reorder_quantity <= 0 or level.available > level.reorder_point:
        return None
    rule = await ReplenishmentRule.get_or_none(product_id=product_id, warehouse_id=warehouse_id, enabled=True)
    if rule is None:
        return None
    key = replenishment_key(product_id, warehouse_id)
    if await PurchaseOrder.exists(open_key=key):
        return None
    product = await Product.get_or_none(id=product_id, active=True)
    if product is None:
        return None  # discontinued: never reorder it
    try:
        async with in_transaction():  # a savepoint: a concurrent twin only loses this order
            return await open_purchase_order(work, actor, supplier_id=rule.supplier_id, warehouse_id=warehouse_id,
                                             lines=[(product, level.reorder_quantity, product.cost_price)],
                                             automatic=True, open_key=key)
    except IntegrityError:
        return None
