"""Inputs, filters and payloads of the inventory API."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from domain.inventory.purchasing import PurchaseLineData
from domain.inventory.queries import AlertFilter, MovementFilter, PurchaseOrderFilter, StockLevelFilter
from resolvers.ids import parse_id
from schema.common import UserError
from schema.inventory.types import PurchaseOrder, ReplenishmentRule, StockLevel, Supplier, Warehouse


def _ids(values: list[strawberry.ID] | None, field: str) -> list[int] | None:
    return None if values is None else [parse_id(v, field=field) for v in values]


@strawberry.input
class StockLevelFilterInput:
    product_ids: list[strawberry.ID] | None = None
    warehouse_ids: list[strawberry.ID] | None = None
    below_safety_stock: bool | None = strawberry.field(default=None, description="Available under safety stock.")

    def to_filter(self) -> StockLevelFilter:
        return StockLevelFilter(product_ids=_ids(self.product_ids, "productIds"),
                                warehouse_ids=_ids(self.warehouse_ids, "warehouseIds"),
                                below_safety_stock=self.below_safety_stock)


@strawberry.input
class StockMovementFilterInput:
    product_id: strawberry.ID | None = None
    warehouse_id: strawberry.ID | None = None
    kinds: list[str] | None = strawberry.field(default=None, description="receipt, shipment, reservation, release, "
                                                                        "adjustment, transfer_in, transfer_out, return")
    reference_type: str | None = None
    reference_id: strawberry.ID | None = None

    def to_filter(self) -> MovementFilter:
        return MovementFilter(product_id=parse_id(self.product_id, field="productId"),
                              warehouse_id=parse_id(self.warehouse_id, field="warehouseId"), kinds=self.kinds,
                              reference_type=self.reference_type,
                              reference_id=parse_id(self.reference_id, field="referenceId"))


@strawberry.input
class PurchaseOrderFilterInput:
    status: str | None = None
    supplier_id: strawberry.ID | None = None
    warehouse_id: strawberry.ID | None = None

    def to_filter(self) -> PurchaseOrderFilter:
        return PurchaseOrderFilter(status=self.status, supplier_id=parse_id(self.supplier_id, field="supplierId"),
                                   warehouse_id=parse_id(self.warehouse_id, field="warehouseId"))


@strawberry.input
class AlertFilterInput:
    status: str | None = strawberry.field(default=None, description="open or resolved.")
    kind: str | None = None
    product_id: strawberry.ID | None = None
    warehouse_id: strawberry.ID | None = None

    def to_filter(self) -> AlertFilter:
        return AlertFilter(status=self.status, kind=self.kind, product_id=parse_id(self.product_id, field="productId"),
                           warehouse_id=parse_id(self.warehouse_id, field="warehouseId"))


@strawberry.input
class AdjustStockInput:
    product_id: strawberry.ID
    warehouse_id: strawberry.ID
    delta: int = strawberry.field(description="Counted difference: positive adds, negative removes.")
    reason: str


@strawberry.input
class ReceiveStockInput:
    product_id: strawberry.ID
    warehouse_id: strawberry.ID
    quantity: int
    note: str | None = None


@strawberry.input
class TransferStockInput:
    product_id: strawberry.ID
    from_warehouse_id: strawberry.ID
    to_warehouse_id: strawberry.ID
    quantity: int
    note: str | None = None


@strawberry.input
class StockThresholdsInput:
    product_id: strawberry.ID
    warehouse_id: strawberry.ID
    safety_stock: int = strawberry.field(description="Below this available quantity a low-stock alert opens.")
    reorder_point: int = strawberry.field(description="At or below this, replenishment orders more.")
    reorder_quantity: int = strawberry.field(description="How much an automatic purchase order asks for.")


@strawberry.input
class WarehouseInput:
    code: str
    name: str
    city: str | None = None


@strawberry.input
class SupplierInput:
    code: str
    name: str
    contact_name: str | None = None
    phone: str | None = None
    email: str | None = None


@strawberry.input
class ReplenishmentRuleInput:
    product_id: strawberry.ID
    warehouse_id: strawberry.ID
    supplier_id: strawberry.ID
    enabled: bool = True


@strawberry.input
class PurchaseOrderLineInput:
    product_id: strawberry.ID
    quantity: int
    unit_cost: Decimal | None = strawberry.field(default=None, description="Defaults to the product's cost price.")


@strawberry.input
class PurchaseOrderInput:
    supplier_id: strawberry.ID
    warehouse_id: strawberry.ID
    lines: list[PurchaseOrderLineInput]

    def to_lines(self) -> list[PurchaseLineData]:
        return [PurchaseLineData(product_id=parse_id(line.product_id, field=f"lines.{i}.productId"),
                                 quantity=line.quantity, unit_cost=line.unit_cost)
                for i, line in enumerate(self.lines)]


@strawberry.type
class WarehousePayload:
    warehouse: Warehouse | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SupplierPayload:
    supplier: Supplier | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class StockLevelPayload:
    stock_level: StockLevel | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class StockTransferPayload:
    source: StockLevel | None = None
    destination: StockLevel | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ReplenishmentRulePayload:
    rule: ReplenishmentRule | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PurchaseOrderPayload:
    purchase_order: PurchaseOrder | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
