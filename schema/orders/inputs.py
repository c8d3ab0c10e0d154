"""Inputs, filters and payloads of the order API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from domain.orders.queries import OrderFilter
from domain.orders.validation import LineInput, LineQuantity, OrderInput
from resolvers.ids import parse_id
from schema.common import UserError
from schema.orders.types import Order, OrderReturn, Shipment


@strawberry.input
class OrderLineInput:
    product_id: strawberry.ID
    quantity: int
    unit_price: Decimal | None = strawberry.field(
        default=None, description="Defaults to the customer's price (price list and level discount).")
    discount: Decimal | None = strawberry.field(default=None, description="A fraction from 0 to 1: 0.05 is 5 % off.")


@strawberry.input
class CreateOrderInput:
    customer_id: strawberry.ID
    lines: list[OrderLineInput]
    warehouse_id: strawberry.ID | None = strawberry.field(
        default=None, description="Defaults to the configured default warehouse, else the first active one.")
    contract_id: strawberry.ID | None = None
    notes: str | None = None

    def to_data(self) -> OrderInput:
        return OrderInput(
            customer_id=parse_id(self.customer_id, field="customerId"),
            lines=[LineInput(product_id=parse_id(line.product_id, field=f"lines.{i}.productId"),
                             quantity=line.quantity, unit_price=line.unit_price, discount=line.discount)
                   for i, line in enumerate(self.lines)],
            warehouse_id=parse_id(self.warehouse_id, field="warehouseId"),
            contract_id=parse_id(self.contract_id, field="contractId"), notes=self.notes,
        )


@strawberry.input(description="A quantity of one order line, for partial shipments and returns.")
class OrderLineQuantityInput:
    line_id: strawberry.ID
    quantity: int


def line_quantities(lines: list[OrderLineQuantityInput] | None) -> list[LineQuantity] | None:
    if lines is None:
        return None
    return [LineQuantity(line_id=parse_id(line.line_id, field=f"lines.{i}.lineId"), quantity=line.quantity)
            for i, line in enumerate(lines)]


@strawberry.input
class OrderFilterInput:
    statuses: list[str] | None = None
    customer_id: strawberry.ID | None = None
    owner_id: strawberry.ID | None = None
    warehouse_id: strawberry.ID | None = None
    contract_id: strawberry.ID | None = None
    search: str | None = strawberry.field(default=None, description="Order number or customer name.")
    ordered_after: datetime | None = None
    ordered_before: datetime | None = None

    def to_filter(self) -> OrderFilter:
        return OrderFilter(
            statuses=self.statuses, customer_id=parse_id(self.customer_id, field="filter.customerId"),
            owner_id=parse_id(self.owner_id, field="filter.ownerId"),
            warehouse_id=parse_id(self.warehouse_id, field="filter.warehouseId"),
            contract_id=parse_id(self.contract_id, field="filter.contractId"), search=self.search,
            ordered_after=self.ordered_after, ordered_before=self.ordered_before,
        )


@strawberry.type
class OrderPayload:
    order: Order | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ShipOrderPayload:
    order: Order | None = None
    shipment: Shipment | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CreateReturnPayload:
    order: Order | None = None
    order_return: OrderReturn | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
