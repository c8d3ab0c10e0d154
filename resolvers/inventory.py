"""Inventory resolvers: parse input, call one domain service or query; live stock and alert streams."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any

from strawberry.dataloader import DataLoader

from domain.errors import DomainError
from domain.events.envelope import DomainEvent
from domain.inventory import purchasing, queries, services
from domain.inventory.models import Alert
from domain.inventory.purchasing import PurchaseLineData
from domain.inventory.queries import AlertFilter, MovementFilter, PurchaseOrderFilter, StockLevelFilter
from resolvers.batching import by_id, grouped
from resolvers.catalog import request_loader
from resolvers.ids import parse_id
from settings import get_settings

LEVEL_CHANGED = "inventory.level_changed"
ALERT_EVENTS = frozenset({"alert.raised", "alert.resolved"})
_SEEN_LIMIT = 1024


def _limit() -> int:
    return get_settings().max_page_size


def WarehouseByIdLoader() -> DataLoader:  # noqa: N802 - named after what it loads
    return DataLoader(load_fn=by_id(queries.warehouses_by_ids))


def SupplierByIdLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=by_id(queries.suppliers_by_ids))


def LinesByPurchaseOrderLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(queries.lines_by_purchase_order, []))


def StockLevelsByProductLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(queries.levels_by_product, []))


def warehouse_loader(ctx: Any) -> DataLoader:
    return request_loader(ctx, "warehouse_by_id", WarehouseByIdLoader)


def supplier_loader(ctx: Any) -> DataLoader:
    return request_loader(ctx, "supplier_by_id", SupplierByIdLoader)


def lines_loader(ctx: Any) -> DataLoader:
    return request_loader(ctx, "lines_by_purchase_order", LinesByPurchaseOrderLoader)


def levels_loader(ctx: Any) -> DataLoader:
    return request_loader(ctx, "stock_levels_by_product", StockLevelsByProductLoader)


def _ids(values: list[str] | None, field: str) -> list[int] | None:
    return None if values is None else [parse_id(v, field=field) for v in values]


async def warehouses(ctx: Any, *, first: int, after: str | None):
    return await queries.list_warehouses(first=first, after=after, limit=_limit())


async def stock_levels(ctx: Any, *, filter: StockLevelFilter, first: int, after: str | None):
    return await queries.list_stock_levels(filter=filter, first=first, after=after, limit=_limit())


async def stock_movements(ctx: Any, *, filter: MovementFilter, first: int, after: str | None):
    return await queries.list_movements(filter=filter, first=first, after=after, limit=_limit())


async def alerts(ctx: Any, *, filter: AlertFilter, first: int, after: str | None):
    return await queries.list_alerts(filter=filter, first=first, after=after, limit=_limit())


async def suppliers(ctx: Any, *, search: str | None, first: int, after: str | None):
    return await queries.list_suppliers(search=search, first=first, after=after, limit=_limit())


async def purchase_orders(ctx: Any, *, filter: PurchaseOrderFilter, first: int, after: str | None):
    return await queries.list_purchase_orders(filter=filter, first=first, after=after, limit=_limit())


async def purchase_order(ctx: Any, *, id: str):
    return await queries.get_purchase_order(parse_id(id))


async def create_warehouse(ctx: Any, *, code: str, name: str, city: str | None):
    return await services.create_warehouse(actor=ctx.actor, code=code, name=name, city=city)


async def create_supplier(ctx: Any, *, code: str, name: str, contact_name: str | None, phone: str | None,
                          email: str | None):
    return await services.create_supplier(actor=ctx.actor, code=code, name=name, contact_name=contact_name,
                                          phone=phone, email=email)


async def adjust_stock(ctx: Any, *, product_id: str, warehouse_id: str, delta: int, reason: str):
    return await services.adjust_stock(actor=ctx.actor, product_id=parse_id(product_id, field="productId"),
                                       warehouse_id=parse_id(warehouse_id, field="warehouseId"), delta=delta,
                                       reason=reason)


async def receive_stock(ctx: Any, *, product_id: str, warehouse_id: str, quantity: int, note: str | None):
    return await services.receive_stock(actor=ctx.actor, product_id=parse_id(product_id, field="productId"),
                                        warehouse_id=parse_id(warehouse_id, field="warehouseId"),
                                        quantity=quantity, note=note)


async def transfer_stock(ctx: Any, *, product_id: str, from_warehouse_id: str, to_warehouse_id: str,
                         quantity: int, note: str | None):
    return await services.transfer_stock(
        actor=ctx.actor, product_id=parse_id(product_id, field="productId"),
        from_warehouse_id=parse_id(from_warehouse_id, field="fromWarehouseId"),
        to_warehouse_id=parse_id(to_warehouse_id, field="toWarehouseId"), quantity=quantity, note=note)


async def set_stock_thresholds(ctx: Any, *, product_id: str, warehouse_id: str, safety_stock: int,
                               reorder_point: int, reorder_quantity: int):
    return await services.set_stock_thresholds(
        actor=ctx.actor, product_id=parse_id(product_id, field="productId"),
        warehouse_id=parse_id(warehouse_id, field="warehouseId"), safety_stock=safety_stock,
        reorder_point=reorder_point, reorder_quantity=reorder_quantity)


async def set_replenishment_rule(ctx: Any, *, product_id: str, warehouse_id: str, supplier_id: str, enabled: bool):
    return await services.set_replenishment_rule(
        actor=ctx.actor, product_id=parse_id(product_id, field="productId"),
        warehouse_id=parse_id(warehouse_id, field="warehouseId"),
        supplier_id=parse_id(supplier_id, field="supplierId"), enabled=enabled)


async def create_purchase_order(ctx: Any, *, supplier_id: str, warehouse_id: str, lines: list[PurchaseLineData]):
    return await purchasing.create_purchase_order(
        actor=ctx.actor, supplier_id=parse_id(supplier_id, field="supplierId"),
        warehouse_id=parse_id(warehouse_id, field="warehouseId"), lines=lines)


async def receive_purchase_order(ctx: Any, *, id: str):
    return await purchasing.receive_purchase_order(actor=ctx.actor, purchase_order_id=parse_id(id))


async def cancel_purchase_order(ctx: Any, *, id: str, reason: str):
    return await purchasing.cancel_purchase_order(actor=ctx.actor, purchase_order_id=parse_id(id), reason=reason)


def _require_sign_in(ctx: Any) -> None:
    if not ctx.actor.is_authenticated:
        raise DomainError("UNAUTHENTICATED")


async def _events(ctx: Any, types: frozenset[str]) -> AsyncIterator[DomainEvent]:
    """Events of ``types`` on the bus, each once (a sweeper may publish an event again)."""
    seen: OrderedDict[str, None] = OrderedDict()
    async with ctx.bus.subscribe() as messages:
        async for raw in messages:
            event = DomainEvent.from_json(raw)
            key = str(event.id)
            if event.type not in types or key in seen:
                continue
            seen[key] = None
            if len(seen) > _SEEN_LIMIT:
                seen.popitem(last=False)
            yield event


async def inventory_events(ctx: Any, *, product_ids: list[str] | None,
                           warehouse_ids: list[str] | None) -> AsyncIterator[DomainEvent]:
    """Stock level changes, optionally only for some products and warehouses."""
    _require_sign_in(ctx)
    products = set(_ids(product_ids, "productIds") or ())
    stores = set(_ids(warehouse_ids, "warehouseIds") or ())
    async for event in _events(ctx, frozenset({LEVEL_CHANGED})):
        if products and event.payload.get("productId") not in products:
            continue
        if stores and event.payload.get("warehouseId") not in stores:
            continue
        yield event


async def alert_stream(ctx: Any) -> AsyncIterator[Alert]:
    """Alerts as they are raised and resolved, re-read so they show their current state."""
    _require_sign_in(ctx)
    async for event in _events(ctx, ALERT_EVENTS):
        alert = await queries.get_alert(int(event.aggregate_id))
        if alert is not None:
            yield alert
