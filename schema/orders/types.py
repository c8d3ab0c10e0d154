"""GraphQL types for orders, their lines, shipments and returns, and the sales event stream."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from domain.orders.totals import gross_margin
from resolvers.catalog import product_loader
from resolvers.inventory import warehouse_loader
from schema.context import Info
from schema.identity.types import User, user_field
from schema.catalog.types import Product
from schema.inventory.types import Warehouse

if TYPE_CHECKING:
    from schema.crm.types import Customer


def _id(value: int | None) -> strawberry.ID | None:
    return None if value is None else strawberry.ID(str(value))


async def _warehouse(info: Info, warehouse_id: int | None) -> Warehouse | None:
    if warehouse_id is None:
        return None
    row = await warehouse_loader(info.context).load(warehouse_id)
    return Warehouse.from_model(row) if row else None


@strawberry.type
class OrderLine:
    model: strawberry.Private[Any]
    id: strawberry.ID
    position: int
    quantity: int
    unit_price: Decimal
    discount: Decimal = strawberry.field(description="Line discount as a fraction: 0.05 is 5 % off.")
    tax_rate: Decimal
    line_net: Decimal = strawberry.field(description="quantity × unitPrice × (1 - discount), to the cent.")
    line_tax: Decimal
    line_total: Decimal
    shipped_quantity: int
    returned_quantity: int

    @classmethod
    def from_model(cls, m: Any) -> OrderLine:
        return cls(model=m, id=strawberry.ID(str(m.id)), position=m.position, quantity=m.quantity,
                   unit_price=m.unit_price, discount=m.discount, tax_rate=m.tax_rate, line_net=m.line_net,
                   line_tax=m.line_tax, line_total=m.line_total, shipped_quantity=m.shipped_quantity,
                   returned_quantity=m.returned_quantity)

    @strawberry.field(description="Ordered and not shipped yet.")
    def outstanding_quantity(self) -> int:
        return self.model.quantity - self.model.shipped_quantity

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        row = await product_loader(info.context).load(self.model.product_id)
        return Product.from_model(row) if row else None


@strawberry.type(description="A quantity of one order line within a shipment or a return.")
class OrderLineQuantity:
    model: strawberry.Private[Any]
    line_id: strawberry.ID
    quantity: int

    @classmethod
    def from_model(cls, m: Any) -> OrderLineQuantity:
        return cls(model=m, line_id=strawberry.ID(str(m.order_line_id)), quantity=m.quantity)

    @strawberry.field
    async def line(self, info: Info) -> OrderLine | None:
        row = await info.context.loaders.orders.line_by_id.load(self.model.order_line_id)
        return OrderLine.from_model(row) if row else None


@strawberry.type
class Shipment:
    model: strawberry.Private[Any]
    id: strawberry.ID
    number: str
    carrier: str | None
    tracking_number: str | None
    shipped_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Shipment:
        return cls(model=m, id=strawberry.ID(str(m.id)), number=m.number, carrier=m.carrier,
                   tracking_number=m.tracking_number, shipped_at=m.shipped_at)

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await _warehouse(info, self.model.warehouse_id)

    @strawberry.field
    def shipped_by(self, info: Info) -> User | None:
        return user_field(info, self.model.shipped_by_id)

    @strawberry.field
    async def lines(self, info: Info) -> list[OrderLineQuantity]:
        rows = await info.context.loaders.orders.lines_by_shipment.load(self.model.id)
        return [OrderLineQuantity.from_model(r) for r in rows]


@strawberry.type
class OrderReturn:
    model: strawberry.Private[Any]
    id: strawberry.ID
    number: str
    reason: str
    amount: Decimal = strawberry.field(description="Refund due for the returned goods, tax included.")
    created_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> OrderReturn:
        return cls(model=m, id=strawberry.ID(str(m.id)), number=m.number, reason=m.reason, amount=m.amount,
                   created_at=m.created_at)

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await _warehouse(info, self.model.warehouse_id)

    @strawberry.field
    def created_by(self, info: Info) -> User | None:
        return user_field(info, self.model.created_by_id)

    @strawberry.field
    async def lines(self, info: Info) -> list[OrderLineQuantity]:
        rows = await info.context.loaders.orders.lines_by_return.load(self.model.id)
        return [OrderLineQuantity.from_model(r) for r in rows]


@strawberry.type
class Order:
    model: strawberry.Private[Any]
    id: strawberry.ID
    number: str
    status: str = strawberry.field(
        description="draft, confirmed, partially_shipped, shipped, completed or cancelled.")
    currency: str
    total_amount: Decimal
    ordered_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Order:
        return cls(model=m, id=strawberry.ID(str(m.id)), number=m.number, status=m.status, currency=m.currency,
                   total_amount=m.total_amount, ordered_at=m.ordered_at)

    @strawberry.field(description="Sum of quantity × unit price before discounts.")
    def subtotal(self) -> Decimal:
        return self.model.subtotal_amount

    @strawberry.field
    def discount_amount(self) -> Decimal:
        return self.model.discount_amount

    @strawberry.field
    def tax_amount(self) -> Decimal:
        return self.model.tax_amount

    @strawberry.field(description="Finance only: cost of the goods at the prices when ordered.")
    def cost_amount(self) -> Decimal | None:
        return self.model.cost_amount

    @strawberry.field(description="Finance only: net amount (subtotal - discounts) less cost.")
    def gross_margin(self) -> Decimal | None:
        return gross_margin(self.model)

    @strawberry.field
    def notes(self) -> str | None:
        return self.model.notes

    @strawberry.field
    def cancel_reason(self) -> str | None:
        return self.model.cancel_reason

    @strawberry.field
    def contract_id(self) -> strawberry.ID | None:
        return _id(self.model.contract_id)

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field
    def updated_at(self) -> datetime | None:
        return self.model.updated_at

    @strawberry.field
    def confirmed_at(self) -> datetime | None:
        return self.model.confirmed_at

    @strawberry.field
    def shipped_at(self) -> datetime | None:
        return self.model.shipped_at

    @strawberry.field
    def completed_at(self) -> datetime | None:
        return self.model.completed_at

    @strawberry.field
    def cancelled_at(self) -> datetime | None:
        return self.model.cancelled_at

    @strawberry.field
    async def customer(self, info: Info) -> Annotated["Customer", strawberry.lazy("schema.crm.types")] | None:
        from schema.crm.types import Customer

        row = await info.context.loaders.orders.customer_by_id.load(self.model.customer_id)
        return Customer.from_model(row) if row else None

    @strawberry.field
    def owner(self, info: Info) -> User | None:
        return user_field(info, self.model.owner_id)

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await _warehouse(info, self.model.warehouse_id)

    @strawberry.field
    async def lines(self, info: Info) -> list[OrderLine]:
        rows = await info.context.loaders.orders.lines_by_order.load(self.model.id)
        return [OrderLine.from_model(r) for r in rows]

    @strawberry.field
    async def shipments(self, info: Info) -> list[Shipment]:
        rows = await info.context.loaders.orders.shipments_by_order.load(self.model.id)
        return [Shipment.from_model(r) for r in rows]

    @strawberry.field
    async def returns(self, info: Info) -> list[OrderReturn]:
        rows = await info.context.loaders.orders.returns_by_order.load(self.model.id)
        return [OrderReturn.from_model(r) for r in rows]


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def readable_payload(info: Info, aggregate_type: str, payload: dict) -> dict | None:
    """The payload without values of fields the viewer may not read; None when the viewer may not
    read the aggregate's type at all. Keys that are not fields of the type pass unchanged."""
    definition = info.schema.get_type_by_name(aggregate_type)
    if definition is None or not hasattr(definition, "fields"):
        return payload
    decisions = info.context.decisions
    if not decisions.allowed(aggregate_type, "id"):
        return None
    fields = {f.python_name for f in definition.fields}
    return {key: value for key, value in payload.items()
            if _snake(key) not in fields or decisions.allowed(aggregate_type, key)}


@strawberry.type(description="An order or contract event within the viewer's data scope and field permissions.")
class SalesEvent:
    id: strawberry.ID
    type: str
    aggregate_type: str
    aggregate_id: str
    payload: JSON
    occurred_at: datetime

    @classmethod
    def from_event(cls, event: Any, payload: dict) -> SalesEvent:
        return cls(id=strawberry.ID(str(event.id)), type=event.type, aggregate_type=event.aggregate_type,
                   aggregate_id=event.aggregate_id, payload=payload, occurred_at=event.occurred_at)
