"""Purchase orders to suppliers: create (by hand or automatically), receive into stock, cancel."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import uuid4

from domain.actor import Actor
from domain.catalog import validation as check
from domain.catalog.models import Product
from domain.catalog.pricing import money
from domain.catalog.services import active_product
from domain.errors import DomainError, NotFound
from domain.events import UnitOfWork, unit_of_work
from domain.events.envelope import utcnow
from domain.inventory import stock
from domain.inventory.models import PurchaseOrder, PurchaseOrderLine, Supplier
from domain.inventory.services import inventory_event, known_warehouse
from domain.inventory.stock import StockRef

OPEN_STATUSES = ("draft", "ordered")
MAX_LINES = 200


@dataclass(frozen=True)
class PurchaseLineData:
    product_id: int
    quantity: int
    unit_cost: Decimal | None = None  # None: the product's cost price


async def open_purchase_order(work: UnitOfWork, actor: Actor, *, supplier_id: int, warehouse_id: int,
                              lines: list[tuple[Product, int, Decimal]], automatic: bool = False,
                              open_key: str | None = None) -> PurchaseOrder:
    """Write a draft order with its lines; ``open_key`` (unique) keeps automatic orders to one while open."""
    total = money(sum((unit_cost * quantity for _, quantity, unit_cost in lines), Decimal("0")))
    order = await PurchaseOrder.create(number=f"PO-{uuid4().hex[:24]}", supplier_id=supplier_id,
                                       warehouse_id=warehouse_id, automatic=automatic, open_key=open_key,
                                       total_amount=total, created_by_id=actor.user_id)
    order.number = f"PO{order.id:08d}"
    await order.save(update_fields=["number"])
    await PurchaseOrderLine.bulk_create([
        PurchaseOrderLine(purchase_order_id=order.id, product_id=product.id, quantity=quantity, unit_cost=unit_cost)
        for product, quantity, unit_cost in lines
    ])
    work.record(inventory_event("purchase_order.created", order, actor, number=order.number,
                                supplierId=supplier_id, warehouseId=warehouse_id, automatic=automatic,
                                productIds=[product.id for product, _, _ in lines]))
    return order


def _checked_lines(lines: list[PurchaseLineData]) -> list[tuple[int, int, Decimal | None]]:
    if not lines:
        raise DomainError("REQUIRED", field="lines")
    if len(lines) > MAX_LINES:
        raise DomainError("TOO_MANY_LINES", field="lines", limit=MAX_LINES)
    seen: set[int] = set()
    checks = []
    for index, line in enumerate(lines):
        def duplicate(i=index, product_id=line.product_id) -> None:
            if product_id in seen:
                raise DomainError("DUPLICATE_LINE", field=f"lines.{i}.productId")
            seen.add(product_id)

        checks += [duplicate, lambda i=index, q=line.quantity: check.check_quantity(q, f"lines.{i}.quantity"),
                   lambda i=index, c=line.unit_cost: check.check_money(c, f"lines.{i}.unitCost")]
    values = check.gather(*checks)
    return [(line.product_id, values[3 * i + 1], values[3 * i + 2]) for i, line in enumerate(lines)]


async def create_purchase_order(*, actor: Actor, supplier_id: int, warehouse_id: int,
                                lines: list[PurchaseLineData]) -> PurchaseOrder:
    """A draft purchase order entered by hand."""
    wanted = _checked_lines(lines)
    async with unit_of_work() as work:
        if not await Supplier.exists(id=supplier_id):
            raise DomainError("UNKNOWN_SUPPLIER", field="supplierId")
        await known_warehouse(warehouse_id)
        priced = []
        for index, (product_id, quantity, unit_cost) in enumerate(wanted):
            product = await active_product(product_id, field=f"lines.{index}.productId")
            priced.append((product, quantity, product.cost_price if unit_cost is None else unit_cost))
        return await open_purchase_order(work, actor, supplier_id=supplier_id, warehouse_id=warehouse_id,
                                         lines=priced)


async def _refusal(purchase_order_id: int) -> DomainError:
    """Why an order could not leave its open state."""
    order = await PurchaseOrder.get_or_none(id=purchase_order_id)
    if order is None:
        return NotFound()
    if order.status == "received":
        return DomainError("PO_ALREADY_RECEIVED", field="id", number=order.number)
    return DomainError("PO_NOT_OPEN", field="id", number=order.number, status=order.status)


async def receive_purchase_order(*, actor: Actor, purchase_order_id: int) -> PurchaseOrder:
    """Book every line into stock (receipt movements), mark the order received and free its open key.

    The status change is one conditional UPDATE, so two receipts at once book the goods once.
    """
    async with unit_of_work() as work:
        taken = await PurchaseOrder.filter(id=purchase_order_id, status__in=OPEN_STATUSES).update(
            status="received", open_key=None, received_at=utcnow())
        if not taken:
            raise await _refusal(purchase_order_id)
        order = await PurchaseOrder.get(id=purchase_order_id)
        for line in await PurchaseOrderLine.filter(purchase_order_id=order.id).order_by("id"):
            await stock.receive_stock(work, actor, product_id=line.product_id, warehouse_id=order.warehouse_id,
                                      quantity=line.quantity,
                                      ref=StockRef(type="PurchaseOrder", id=order.id, note=order.number))
        work.record(inventory_event("purchase_order.received", order, actor, number=order.number,
                                    warehouseId=order.warehouse_id))
    return order


async def cancel_purchase_order(*, actor: Actor, purchase_order_id: int, reason: str) -> PurchaseOrder:
    """Cancel an open order; an automatic one frees its slot so replenishment can order again."""
    if reason is None or not reason.strip():
        raise DomainError("REASON_REQUIRED", field="reason")
    note = check.check_text(reason, "reason", max_length=500)
    async with unit_of_work() as work:
        taken = await PurchaseOrder.filter(id=purchase_order_id, status__in=OPEN_STATUSES).update(
            status="cancelled", open_key=None)
        if not taken:
            raise await _refusal(purchase_order_id)
        order = await PurchaseOrder.get(id=purchase_order_id)
        work.record(inventory_event("purchase_order.cancelled", order, actor, number=order.number, reason=note))
    return order
