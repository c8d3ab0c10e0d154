"""Goods leaving and coming back: shipments consume reserved stock, returns put stock back.

Both hold the order's row lock for the whole unit of work, so two shipments of one order
cannot both take the same outstanding quantity; quantities are re-read after the lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.actor import Actor
from domain.errors import DomainError
from domain.events import unit_of_work
from domain.events.envelope import utcnow
from domain.identity.scope import DataScope
from domain.inventory.stock import StockRef, receive_stock, ship_reserved_stock
from domain.orders import validation as check
from domain.orders.models import Order, OrderLine, OrderReturn, ReturnLine, Shipment, ShipmentLine
from domain.orders.services import (
    document_number, lock_order, order_event, placeholder_number, set_status, visible_order,
)
from domain.orders.totals import refund_for
from domain.errors import Problems
from domain.orders.validation import LineQuantity

SHIPPABLE = ("confirmed", "partially_shipped")
RETURNABLE = ("partially_shipped", "shipped", "completed")


@dataclass
class Shipped:
    order: Order
    shipment: Shipment


@dataclass
class Returned:
    order: Order
    order_return: OrderReturn


def _chosen(lines: dict[int, OrderLine], wanted: list[LineQuantity], *, limit_of, code: str) -> list[tuple]:
    """(order line, quantity) pairs, each quantity within ``limit_of(line)``; errors name the input line."""
    problems, chosen = Problems(), []
    for index, item in enumerate(wanted):
        line = lines.get(item.line_id)
        if line is None:
            problems.add("NOT_FOUND", field=f"lines.{index}.lineId")
        elif item.quantity > limit_of(line):
            problems.add(code, field=f"lines.{index}.quantity", available=limit_of(line))
        else:
            chosen.append((line, item.quantity))
    problems.raise_if_any(one_as_itself=True)
    return sorted(chosen, key=lambda pair: (pair[0].product_id, pair[0].id))


def _outstanding(line: OrderLine) -> int:
    return line.quantity - line.shipped_quantity


async def ship_order(*, actor: Actor, scope: DataScope, order_id: int,
                     lines: list[LineQuantity] | None = None) -> Shipped:
    """Ship the given quantities (omitted: everything outstanding) from the order's warehouse."""
    if lines is not None:
        check.check_line_quantities(lines)
    async with unit_of_work() as work:
        order = await lock_order(await visible_order(scope, order_id), "ship", SHIPPABLE)
        order_lines = {line.id: line for line in await OrderLine.filter(order_id=order.id)}
        if lines is None:
            chosen = sorted(((line, _outstanding(line)) for line in order_lines.values() if _outstanding(line)),
                            key=lambda pair: (pair[0].product_id, pair[0].id))
            if not chosen:
                raise DomainError("ORDER_FULLY_SHIPPED", field="id")
        else:
            chosen = _chosen(order_lines, lines, limit_of=_outstanding, code="EXCEEDS_OUTSTANDING")
        shipment = await Shipment.create(order_id=order.id, number=placeholder_number(),
                                         warehouse_id=order.warehouse_id, shipped_by_id=actor.user_id)
        shipment.number = document_number("SH", shipment.id, utcnow())
        await shipment.save(update_fields=["number"])
        ref = StockRef("Shipment", shipment.id, shipment.number)
        for line, quantity in chosen:
            await ship_reserved_stock(work, actor, product_id=line.product_id, warehouse_id=order.warehouse_id,
                                      quantity=quantity, ref=ref)
            line.shipped_quantity += quantity
            await OrderLine.filter(id=line.id).update(shipped_quantity=line.shipped_quantity)
        await ShipmentLine.bulk_create([ShipmentLine(shipment_id=shipment.id, order_line_id=line.id, quantity=q)
                                        for line, q in chosen])
        complete = all(_outstanding(line) == 0 for line in order_lines.values())
        if complete:
            await set_status(order, "shipped", shipped_at=utcnow())
        else:
            await set_status(order, "partially_shipped")
        work.record(order_event("shipped", order, actor, shipmentId=shipment.id, shipmentNumber=shipment.number,
                                complete=complete))
    return Shipped(order=order, shipment=shipment)


def _returnable(line: OrderLine) -> int:
    return line.shipped_quantity - line.returned_quantity


async def create_return(*, actor: Actor, scope: DataScope, order_id: int, lines: list[LineQuantity],
                        reason: str) -> Returned:
    """Take shipped goods back into the order's warehouse (``return`` movements) and record the refund amount."""
    problems = Problems()
    problems.attempt(lambda: check.check_line_quantities(lines))
    problems.attempt(lambda: check.check_text(reason, "reason", limit=check.REASON_LIMIT, missing="REASON_REQUIRED"))
    problems.raise_if_any(one_as_itself=True)
    async with unit_of_work() as work:
        order = await visible_order(scope, order_id, field="orderId")
        order = await lock_order(order, "return", RETURNABLE, field="orderId")
        order_lines = {line.id: line for line in await OrderLine.filter(order_id=order.id)}
        chosen = _chosen(order_lines, lines, limit_of=_returnable, code="EXCEEDS_RETURNABLE")
        refunds = [refund_for(line=line, quantity=quantity) for line, quantity in chosen]
        order_return = await OrderReturn.create(order_id=order.id, number=placeholder_number(),
                                                warehouse_id=order.warehouse_id, reason=reason.strip(),
                                                amount=sum(refunds), created_by_id=actor.user_id)
        order_return.number = document_number("RT", order_return.id, utcnow())
        await order_return.save(update_fields=["number"])
        ref = StockRef("OrderReturn", order_return.id, order_return.number)
        for line, quantity in chosen:
            await receive_stock(work, actor, product_id=line.product_id, warehouse_id=order.warehouse_id,
                                quantity=quantity, kind="return", ref=ref)
            line.returned_quantity += quantity
            await OrderLine.filter(id=line.id).update(returned_quantity=line.returned_quantity)
        await ReturnLine.bulk_create([ReturnLine(order_return_id=order_return.id, order_line_id=line.id, quantity=q)
                                      for line, q in chosen])
        work.record(order_event("returned", order, actor, returnId=order_return.id, returnNumber=order_return.number,
                                amount=str(order_return.amount)))
    return Returned(order=order, order_return=order_return)

