"""GraphQL types for warehouses, stock levels, the ledger, alerts, suppliers and purchase orders."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry

from resolvers import catalog as catalog_resolve
from resolvers import inventory as resolve
from schema.catalog.types import Product
from schema.context import Info
from schema.identity.types import User, user_field


async def _product(info: Info, product_id: int | None) -> Product | None:
    if product_id is None:
        return None
    row = await catalog_resolve.product_loader(info.context).load(product_id)
    return Product.from_model(row) if row else None


async def _warehouse(info: Info, warehouse_id: int | None) -> Warehouse | None:
    if warehouse_id is None:
        return None
    row = await resolve.warehouse_loader(info.context).load(warehouse_id)
    return Warehouse.from_model(row) if row else None


async def _supplier(info: Info, supplier_id: int | None) -> Supplier | None:
    if supplier_id is None:
        return None
    row = await resolve.supplier_loader(info.context).load(supplier_id)
    return Supplier.from_model(row) if row else None


@strawberry.type
class Warehouse:
    model: strawberry.Private[Any]
    id: strawberry.ID
    code: str
    name: str
    city: str | None
    active: bool
    created_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Warehouse:
        return cls(model=m, id=strawberry.ID(str(m.id)), code=m.code, name=m.name, city=m.city, active=m.active,
                   created_at=m.created_at)


@strawberry.type
class Supplier:
    model: strawberry.Private[Any]
    id: strawberry.ID
    code: str
    name: str
    contact_name: str | None
    phone: str | None
    email: str | None
    created_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Supplier:
        return cls(model=m, id=strawberry.ID(str(m.id)), code=m.code, name=m.name, contact_name=m.contact_name,
                   phone=m.phone, email=m.email, created_at=m.created_at)


@strawberry.type(description="Stock of one product in one warehouse, in whole base units.")
class StockLevel:
    model: strawberry.Private[Any]
    id: strawberry.ID
    on_hand: int
    reserved: int
    available: int = strawberry.field(description="On hand less reserved.")
    safety_stock: int
    reorder_point: int
    reorder_quantity: int
    updated_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> StockLevel:
        return cls(model=m, id=strawberry.ID(str(m.id)), on_hand=m.on_hand, reserved=m.reserved,
                   available=m.available, safety_stock=m.safety_stock, reorder_point=m.reorder_point,
                   reorder_quantity=m.reorder_quantity, updated_at=m.updated_at)

    @strawberry.field
    def below_safety_stock(self) -> bool:
        return self.model.available < self.model.safety_stock

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        return await _product(info, self.model.product_id)

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await _warehouse(info, self.model.warehouse_id)


@strawberry.type(description="One ledger line: how on hand and reserved changed, and why.")
class StockMovement:
    model: strawberry.Private[Any]
    id: strawberry.ID
    kind: str
    on_hand_delta: int
    reserved_delta: int
    reference_type: str | None
    reference_id: strawberry.ID | None
    note: str | None
    created_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> StockMovement:
        ref = strawberry.ID(str(m.reference_id)) if m.reference_id is not None else None
        return cls(model=m, id=strawberry.ID(str(m.id)), kind=m.kind, on_hand_delta=m.on_hand_delta,
                   reserved_delta=m.reserved_delta, reference_type=m.reference_type, reference_id=ref, note=m.note,
                   created_at=m.created_at)

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        return await _product(info, self.model.product_id)

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await _warehouse(info, self.model.warehouse_id)

    @strawberry.field(description="Who made the change (null for automatic ones).")
    def actor(self, info: Info) -> User | None:
        return user_field(info, self.model.actor_id)


@strawberry.type(description="A stock level change as it happens.")
class StockLevelChange:
    event: strawberry.Private[Any]
    id: strawberry.ID
    kind: str = strawberry.field(description="The movement kind, or 'thresholds' when limits changed.")
    product_id: strawberry.ID
    warehouse_id: strawberry.ID
    on_hand: int
    reserved: int
    available: int
    safety_stock: int
    reorder_point: int
    occurred_at: datetime

    @classmethod
    def from_event(cls, e: Any) -> StockLevelChange:
        p = e.payload
        return cls(event=e, id=strawberry.ID(str(e.id)), kind=p["kind"],
                   product_id=strawberry.ID(str(p["productId"])), warehouse_id=strawberry.ID(str(p["warehouseId"])),
                   on_hand=p["onHand"], reserved=p["reserved"], available=p["available"],
                   safety_stock=p.get("safetyStock", 0), reorder_point=p.get("reorderPoint", 0),
                   occurred_at=e.occurred_at)

    @strawberry.field
    def below_safety_stock(self) -> bool:
        return self.available < self.safety_stock

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        return await _product(info, self.event.payload["productId"])

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await _warehouse(info, self.event.payload["warehouseId"])


@strawberry.type
class Alert:
    model: strawberry.Private[Any]
    id: strawberry.ID
    kind: str
    severity: str
    status: str = strawberry.field(description="open or resolved.")
    message_zh: str
    message_en: str
    created_at: datetime
    resolved_at: datetime | None

    @classmethod
    def from_model(cls, m: Any) -> Alert:
        return cls(model=m, id=strawberry.ID(str(m.id)), kind=m.kind, severity=m.severity, status=m.status,
                   message_zh=m.message_zh, message_en=m.message_en, created_at=m.created_at,
                   resolved_at=m.resolved_at)

    @strawberry.field(description="The message in the viewer's language.")
    def message(self, info: Info) -> str:
        return self.model.message_en if info.context.locale == "en" else self.model.message_zh

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        return await _product(info, self.model.product_id)

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await _warehouse(info, self.model.warehouse_id)


@strawberry.type
class ReplenishmentRule:
    model: strawberry.Private[Any]
    id: strawberry.ID
    enabled: bool

    @classmethod
    def from_model(cls, m: Any) -> ReplenishmentRule:
        return cls(model=m, id=strawberry.ID(str(m.id)), enabled=m.enabled)

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        return await _product(info, self.model.product_id)

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await _warehouse(info, self.model.warehouse_id)

    @strawberry.field
    async def supplier(self, info: Info) -> Supplier | None:
        return await _supplier(info, self.model.supplier_id)


@strawberry.type
class PurchaseOrderLine:
    model: strawberry.Private[Any]
    id: strawberry.ID
    quantity: int
    unit_cost: Decimal

    @classmethod
    def from_model(cls, m: Any) -> PurchaseOrderLine:
        return cls(model=m, id=strawberry.ID(str(m.id)), quantity=m.quantity, unit_cost=m.unit_cost)

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        return await _product(info, self.model.product_id)


@strawberry.type(description="An order to a supplier; automatic ones come from replenishment rules.")
class PurchaseOrder:
    model: strawberry.Private[Any]
    id: strawberry.ID
    number: str
    status: str = strawberry.field(description="draft, ordered, received or cancelled.")
    automatic: bool
    total_amount: Decimal
    created_at: datetime
    received_at: datetime | None

    @classmethod
    def from_model(cls, m: Any) -> PurchaseOrder:
        return cls(model=m, id=strawberry.ID(str(m.id)), number=m.number, status=m.status, automatic=m.automatic,
                   total_amount=m.total_amount, created_at=m.created_at, received_at=m.received_at)

    @strawberry.field
    async def supplier(self, info: Info) -> Supplier | None:
        return await _supplier(info, self.model.supplier_id)

    @strawberry.field
    async def warehouse(self, info: Info) -> Warehouse | None:
        return await _warehouse(info, self.model.warehouse_id)

    @strawberry.field(description="Every line (an order has at most 200).")
    async def lines(self, info: Info) -> list[PurchaseOrderLine]:
        rows = await resolve.lines_loader(info.context).load(self.model.id)
        return [PurchaseOrderLine.from_model(r) for r in rows]

    @strawberry.field
    def created_by(self, info: Info) -> User | None:
        return user_field(info, self.model.created_by_id)
