"""Inventory entry points: warehouses, stock, the ledger, alerts, suppliers, purchase orders, live streams."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from resolvers import inventory as resolve
from schema.authorization import live
from schema.catalog.fields import deferred
from schema.common import Connection, connection, mutation_payload
from schema.context import Info
from schema.inventory.inputs import (
    AdjustStockInput, AlertFilterInput, PurchaseOrderFilterInput, PurchaseOrderInput, PurchaseOrderPayload,
    ReceiveStockInput, ReplenishmentRuleInput, ReplenishmentRulePayload, StockLevelFilterInput, StockLevelPayload,
    StockMovementFilterInput, StockThresholdsInput, StockTransferPayload, SupplierInput, SupplierPayload,
    TransferStockInput, WarehouseInput, WarehousePayload,
)
from schema.inventory.types import (
    Alert, PurchaseOrder, ReplenishmentRule, StockLevel, StockLevelChange, StockMovement, Supplier, Warehouse,
)


def _level(row) -> StockLevelPayload:
    return StockLevelPayload(stock_level=StockLevel.from_model(row))


def _order(row) -> PurchaseOrderPayload:
    return PurchaseOrderPayload(purchase_order=PurchaseOrder.from_model(row))


def _transferred(levels) -> StockTransferPayload:
    return StockTransferPayload(source=StockLevel.from_model(levels[0]), destination=StockLevel.from_model(levels[1]))


@strawberry.type
class InventoryQuery:
    @strawberry.field
    async def warehouses(self, info: Info, first: int = 50, after: str | None = None) -> Connection[Warehouse] | None:
        return connection(await resolve.warehouses(info.context, first=first, after=after), Warehouse.from_model)

    @strawberry.field(description="Stock per product and warehouse.")
    async def stock_levels(self, info: Info, filter: StockLevelFilterInput | None = None, first: int = 50,
                           after: str | None = None) -> Connection[StockLevel] | None:
        page = await resolve.stock_levels(info.context, filter=(filter or StockLevelFilterInput()).to_filter(),
                                          first=first, after=after)
        return connection(page, StockLevel.from_model)

    @strawberry.field(description="The stock ledger, newest first.")
    async def stock_movements(self, info: Info, filter: StockMovementFilterInput | None = None, first: int = 50,
                              after: str | None = None) -> Connection[StockMovement] | None:
        page = await resolve.stock_movements(info.context, filter=(filter or StockMovementFilterInput()).to_filter(),
                                             first=first, after=after)
        return connection(page, StockMovement.from_model)

    @strawberry.field(description="Alerts, newest first.")
    async def alerts(self, info: Info, filter: AlertFilterInput | None = None, first: int = 50,
                     after: str | None = None) -> Connection[Alert] | None:
        page = await resolve.alerts(info.context, filter=(filter or AlertFilterInput()).to_filter(), first=first,
                                    after=after)
        return connection(page, Alert.from_model)

    @strawberry.field
    async def suppliers(self, info: Info, search: str | None = None, first: int = 50,
                        after: str | None = None) -> Connection[Supplier] | None:
        page = await resolve.suppliers(info.context, search=search, first=first, after=after)
        return connection(page, Supplier.from_model)

    @strawberry.field(description="Purchase orders, newest first.")
    async def purchase_orders(self, info: Info, filter: PurchaseOrderFilterInput | None = None, first: int = 50,
                              after: str | None = None) -> Connection[PurchaseOrder] | None:
        page = await resolve.purchase_orders(info.context, filter=(filter or PurchaseOrderFilterInput()).to_filter(),
                                             first=first, after=after)
        return connection(page, PurchaseOrder.from_model)

    @strawberry.field
    async def purchase_order(self, info: Info, id: strawberry.ID) -> PurchaseOrder | None:
        row = await resolve.purchase_order(info.context, id=id)
        return PurchaseOrder.from_model(row) if row else None


@strawberry.type
class InventoryMutation:
    @strawberry.mutation
    async def create_warehouse(self, info: Info, input: WarehouseInput) -> WarehousePayload | None:
        call = resolve.create_warehouse(info.context, code=input.code, name=input.name, city=input.city)
        return await mutation_payload(info, call, WarehousePayload,
                                      lambda w: WarehousePayload(warehouse=Warehouse.from_model(w)))

    @strawberry.mutation(description="A counted correction; a reason is required.")
    async def adjust_stock(self, info: Info, input: AdjustStockInput) -> StockLevelPayload | None:
        call = deferred(lambda: resolve.adjust_stock(info.context, product_id=input.product_id,
                                                     warehouse_id=input.warehouse_id, delta=input.delta,
                                                     reason=input.reason))
        return await mutation_payload(info, call, StockLevelPayload, _level)

    @strawberry.mutation(description="Goods received without a purchase order.")
    async def receive_stock(self, info: Info, input: ReceiveStockInput) -> StockLevelPayload | None:
        call = deferred(lambda: resolve.receive_stock(info.context, product_id=input.product_id,
                                                      warehouse_id=input.warehouse_id, quantity=input.quantity,
                                                      note=input.note))
        return await mutation_payload(info, call, StockLevelPayload, _level)

    @strawberry.mutation(description="Move available stock from one warehouse to another, all or nothing.")
    async def transfer_stock(self, info: Info, input: TransferStockInput) -> StockTransferPayload | None:
        call = deferred(lambda: resolve.transfer_stock(
            info.context, product_id=input.product_id, from_warehouse_id=input.from_warehouse_id,
            to_warehouse_id=input.to_warehouse_id, quantity=input.quantity, note=input.note))
        return await mutation_payload(info, call, StockTransferPayload, _transferred)

    @strawberry.mutation
    async def set_stock_thresholds(self, info: Info, input: StockThresholdsInput) -> StockLevelPayload | None:
        call = deferred(lambda: resolve.set_stock_thresholds(
            info.context, product_id=input.product_id, warehouse_id=input.warehouse_id,
            safety_stock=input.safety_stock, reorder_point=input.reorder_point,
            reorder_quantity=input.reorder_quantity))
        return await mutation_payload(info, call, StockLevelPayload, _level)

    @strawberry.mutation
    async def create_supplier(self, info: Info, input: SupplierInput) -> SupplierPayload | None:
        call = resolve.create_supplier(info.context, code=input.code, name=input.name,
                                       contact_name=input.contact_name, phone=input.phone, email=input.email)
        return await mutation_payload(info, call, SupplierPayload,
                                      lambda s: SupplierPayload(supplier=Supplier.from_model(s)))

    @strawberry.mutation(description="Which supplier restocks a product in a warehouse at its reorder point.")
    async def set_replenishment_rule(self, info: Info,
                                     input: ReplenishmentRuleInput) -> ReplenishmentRulePayload | None:
        call = deferred(lambda: resolve.set_replenishment_rule(
            info.context, product_id=input.product_id, warehouse_id=input.warehouse_id,
            supplier_id=input.supplier_id, enabled=input.enabled))
        return await mutation_payload(info, call, ReplenishmentRulePayload,
                                      lambda r: ReplenishmentRulePayload(rule=ReplenishmentRule.from_model(r)))

    @strawberry.mutation(description="A draft purchase order entered by hand.")
    async def create_purchase_order(self, info: Info, input: PurchaseOrderInput) -> PurchaseOrderPayload | None:
        call = deferred(lambda: resolve.create_purchase_order(
            info.context, supplier_id=input.supplier_id, warehouse_id=input.warehouse_id, lines=input.to_lines()))
        return await mutation_payload(info, call, PurchaseOrderPayload, _order)

    @strawberry.mutation(description="Book the goods into stock; an order is received once.")
    async def receive_purchase_order(self, info: Info, id: strawberry.ID) -> PurchaseOrderPayload | None:
        return await mutation_payload(info, resolve.receive_purchase_order(info.context, id=id),
                                      PurchaseOrderPayload, _order)

    @strawberry.mutation
    async def cancel_purchase_order(self, info: Info, id: strawberry.ID, reason: str) -> PurchaseOrderPayload | None:
        return await mutation_payload(info, resolve.cancel_purchase_order(info.context, id=id, reason=reason),
                                      PurchaseOrderPayload, _order)


@strawberry.type
class InventorySubscription:
    @strawberry.subscription(description="Stock level changes as they happen, optionally for some products "
                                         "and warehouses only.")
    @live
    async def inventory_events(self, info: Info, product_ids: list[strawberry.ID] | None = None,
                               warehouse_ids: list[strawberry.ID] | None = None,
                               ) -> AsyncGenerator[StockLevelChange | None, None]:
        async for event in resolve.inventory_events(info.context, product_ids=product_ids,
                                                    warehouse_ids=warehouse_ids):
            yield StockLevelChange.from_event(event)

    @strawberry.subscription(description="Alerts as they are raised and resolved.")
    @live
    async def alerts(self, info: Info) -> AsyncGenerator[Alert | None, None]:
        async for alert in resolve.alert_stream(info.context):
            yield Alert.from_model(alert)
