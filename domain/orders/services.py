"""Order actions: create a draft, confirm it (reserve stock), cancel it (release stock), complete it.

Every action is one unit of work: a refused stock reservation rolls back the whole order.
Status changes are conditional UPDATEs (``WHERE status = <expected>``), so two people acting on
the same order at once cannot both succeed. Stock rows are always touched in product order,
after the order row, so concurrent orders never deadlock on PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import uuid4
from zoneinfo import ZoneInfo

from domain.actor import Actor
from domain.catalog.models import Product
from domain.catalog.pricing import below_floor, price_for
from domain.crm.models import Customer
from domain.errors import DomainError, NotFound
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.identity.scope import DataScope
from domain.inventory.models import Warehouse
from domain.inventory.stock import StockRef, release_stock, reserve_stock
from domain.orders import validation as check
from domain.orders.models import Order, OrderLine
from domain.orders.totals import LineAmounts, line_amounts, order_totals
from domain.errors import Problems
from domain.orders.validation import LineInput, OrderInput
from domain.sales.models import Contract
from settings import get_settings


def order_event(kind: str, order: Order, actor: Actor, **payload) -> DomainEvent:
    """An ``order.<kind>`` event; it carries no cost or margin (every subscriber may read it)."""
    return DomainEvent(type=f"order.{kind}", aggregate_type="Order", aggregate_id=str(order.id),
                       payload={"number": order.number, "status": order.status, "customerId": order.customer_id,
                                "totalAmount": str(order.total_amount), "currency": order.currency, **payload},
                       owner_id=order.owner_id, team_id=order.team_id, actor_id=actor.user_id)


def refusal(action: str, status: str) -> str:
    """The error code for attempting ``action`` on an order in ``status``."""
    if status == "cancelled":
        return "ORDER_CANCELLED"
    if action == "confirm":
        return "ORDER_ALREADY_CONFIRMED"
    if action == "cancel":
        return "ORDER_ALREADY_SHIPPED"
    if status == "draft":
        return "ORDER_NOT_CONFIRMED"
    if action == "ship":
        return "ORDER_FULLY_SHIPPED"
    if action == "complete":
        return "ORDER_COMPLETED" if status == "completed" else "ORDER_NOT_SHIPPED"
    return "NOTHING_SHIPPED"


def document_number(prefix: str, row_id: int, at: datetime) -> str:
    """SO/SH/RT + local date + the row id: unique without a counter to contend on."""
    day = at.astimezone(ZoneInfo(get_settings().display_timezone))
    return f"{prefix}{day:%Y%m%d}{row_id:06d}"


def placeholder_number() -> str:
    """A unique number for the instant between INSERT and the real number (same transaction)."""
    return "~" + uuid4().hex[:30]


async def visible_order(scope: DataScope, order_id: int, *, field: str = "id") -> Order:
    order = await Order.filter(scope.q(), id=order_id).first()
    if order is None:
        raise NotFound(field=field)
    return order


async def lock_order(order: Order, action: str, allowed: tuple[str, ...], *, field: str = "id") -> Order:
    """Take the order's row lock (held until commit) while its status is one of ``allowed``.

    Returns the order as it is now, re-read after the lock, so a concurrent change is seen.
    """
    if order.status not in allowed:
        raise DomainError(refusal(action, order.status), field=field)
    if not await Order.filter(id=order.id, status__in=allowed).update(updated_at=utcnow()):
        current = await Order.get(id=order.id)
        raise DomainError(refusal(action, current.status), field=field)
    return await Order.get(id=order.id)


async def set_status(order: Order, status: str, **changes) -> None:
    """Write the new status (the caller holds the row lock) and keep ``order`` in step."""
    changes["status"] = status
    await Order.filter(id=order.id).update(**changes)
    for name, value in changes.items():
        setattr(order, name, value)


@dataclass
class PricedLine:
    product: Product
    quantity: int
    unit_price: Decimal
    discount: Decimal
    amounts: LineAmounts


async def price_lines(lines: list[LineInput], *, customer_level: str | None,
                      allow_below_floor: bool) -> list[PricedLine]:
    """Known, active products at the customer's price (or the one given), never under the floor unless allowed."""
    products = {p.id: p for p in await Product.filter(id__in={line.product_id for line in lines})}
    problems, priced, quotes = Problems(), [], {}
    for index, line in enumerate(lines):
        where = f"lines.{index}"
        product = products.get(line.product_id)
        if product is None:
            problems.add("UNKNOWN_PRODUCT", field=f"{where}.productId")
            continue
        if not product.active:
            problems.add("PRODUCT_INACTIVE", field=f"{where}.productId", sku=product.sku)
            continue
        if product.id not in quotes:
            quotes[product.id] = await price_for(product=product, customer_level=customer_level)
        quote = quotes[product.id]
        unit_price = (quote.unit_price if line.unit_price is None else line.unit_price).quantize(check.CENTS)
        discount = (line.discount or Decimal("0")).quantize(check.RATE_STEP)
        if not allow_below_floor and below_floor(quote=quote, unit_price=unit_price, discount=discount):
            problems.add("PRICE_BELOW_FLOOR", field=f"{where}.unitPrice", sku=product.sku)
            continue
        amounts = line_amounts(quantity=line.quantity, unit_price=unit_price, discount=discount,
                               tax_rate=product.tax_rate, unit_cost=product.cost_price)
        priced.append(PricedLine(product, line.quantity, unit_price, discount, amounts))
    problems.raise_if_any(one_as_itself=True)
    return priced


async def default_warehouse_id() -> int | None:
    """The configured default warehouse (by code) if active, else the first active one."""
    code = get_settings().default_warehouse_code
    if code:
        found = await Warehouse.get_or_none(code=code, active=True)
        if found is not None:
            return found.id
    first = await Warehouse.filter(active=True).order_by("id").first()
    return first.id if first else None


async def _warehouse_for(warehouse_id: int | None) -> int:
    if warehouse_id is None:
        chosen = await default_warehouse_id()
        if chosen is None:
            raise DomainError("NO_WAREHOUSE", field="warehouseId")
        return chosen
    if not await Warehouse.exists(id=warehouse_id, active=True):
        raise DomainError("UNKNOWN_WAREHOUSE", field="warehouseId")
    return warehouse_id


async def _check_contract(contract_id: int | None, customer_id: int) -> None:
    if contract_id is None:
        return
    if not await Contract.filter(id=contract_id, customer_id=customer_id).exclude(status="terminated").exists():
        raise DomainError("UNKNOWN_CONTRACT", field="contractId")


async def create_order(*, actor: Actor, scope: DataScope, data: OrderInput,
                       allow_below_floor: bool = False) -> Order:
    """A draft order for a customer the actor may see; prices and totals are computed here."""
    check.check_order_input(data)
    async with unit_of_work() as work:
        customer = await Customer.filter(scope.q(), id=data.customer_id, merged_into_id=None).first()
        if customer is None:
            raise NotFound(field="customerId")
        warehouse_id = await _warehouse_for(data.warehouse_id)
        await _check_contract(data.contract_id, customer.id)
        priced = await price_lines(data.lines, customer_level=customer.level, allow_below_floor=allow_below_floor)
        totals = order_totals(p.amounts for p in priced)
        if totals.total > check.MAX_ORDER_TOTAL:
            raise DomainError("AMOUNT_TOO_LARGE", field="lines")
        now = utcnow()
        order = await Order.create(
            number=placeholder_number(), customer_id=customer.id, owner_id=customer.owner_id,
            team_id=customer.team_id, status="draft", currency=get_settings().default_currency,
            ordered_at=now, warehouse_id=warehouse_id, contract_id=data.contract_id,
            notes=data.notes.strip() if data.notes and data.notes.strip() else None, created_by_id=actor.user_id,
            subtotal_amount=totals.subtotal, discount_amount=totals.discount, tax_amount=totals.tax,
            total_amount=totals.total, cost_amount=totals.cost,
        )
        order.number = document_number("SO", order.id, now)
        await order.save(update_fields=["number"])
        await OrderLine.bulk_create([
            OrderLine(order_id=order.id, product_id=p.product.id, position=position, quantity=p.quantity,
                      unit_price=p.unit_price, discount=p.discount, tax_rate=p.product.tax_rate,
                      line_net=p.amounts.net, line_tax=p.amounts.tax, line_total=p.amounts.total,
                      unit_cost=p.product.cost_price)
            for position, p in enumerate(priced)
        ])
        work.record(order_event("created", order, actor))
    return order


async def _check_still_sellable(lines: list[OrderLine]) -> None:
    inactive = await Product.filter(id__in={line.product_id for line in lines}, active=False)
    if inactive:
        by_product = {line.product_id: line.position for line in lines}
        raise DomainError("PRODUCT_INACTIVE", field=f"lines.{by_product[inactive[0].id]}.productId",
                          sku=inactive[0].sku)


async def confirm_order(*, actor: Actor, scope: DataScope, order_id: int) -> Order:
    """Draft → confirmed, reserving every line's stock; all or nothing."""
    async with unit_of_work() as work:
        order = await lock_order(await visible_order(scope, order_id), "confirm", ("draft",))
        await set_status(order, "confirmed", confirmed_at=utcnow())
        lines = await OrderLine.filter(order_id=order.id).order_by("product_id", "id")
        await _check_still_sellable(lines)
        ref = StockRef("Order", order.id, order.number)
        for line in lines:
            try:
                await reserve_stock(work, actor, product_id=line.product_id, warehouse_id=order.warehouse_id,
                                    quantity=line.quantity, ref=ref)
            except DomainError as error:
                raise DomainError(error.code, field=f"lines.{line.position}.quantity", **error.params) from None
        work.record(order_event("confirmed", order, actor))
    return order


async def cancel_order(*, actor: Actor, scope: DataScope, order_id: int, reason: str) -> Order:
    """Draft or confirmed → cancelled, releasing what confirmation reserved. Shipped orders take returns."""
    check.check_text(reason, "reason", limit=check.REASON_LIMIT, missing="REASON_REQUIRED")
    async with unit_of_work() as work:
        order = await lock_order(await visible_order(scope, order_id), "cancel", ("draft", "confirmed"))
        before = order.status
        await set_status(order, "cancelled", cancelled_at=utcnow(), cancel_reason=reason.strip())
        if before == "confirmed":
            ref = StockRef("Order", order.id, order.number)
            for line in await OrderLine.filter(order_id=order.id).order_by("product_id", "id"):
                await release_stock(work, actor, product_id=line.product_id, warehouse_id=order.warehouse_id,
                                    quantity=line.quantity, ref=ref)
        work.record(order_event("cancelled", order, actor, reason=order.cancel_reason))
    return order


async def complete_order(*, actor: Actor, scope: DataScope, order_id: int) -> Order:
    """Shipped → completed (the customer has everything)."""
    async with unit_of_work() as work:
        order = await lock_order(await visible_order(scope, order_id), "complete", ("shipped",))
        await set_status(order, "completed", completed_at=utcnow())
        work.record(order_event("completed", order, actor))
    return order
