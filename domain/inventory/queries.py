"""Inventory reads: warehouses, stock levels, the movement ledger, alerts, suppliers, purchase orders."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tortoise.expressions import F, Q

from domain.inventory.models import (
    Alert, PurchaseOrder, PurchaseOrderLine, StockLevel, StockMovement, Supplier, Warehouse,
)
from domain.pagination import Page, Sort, paginate


@dataclass
class StockLevelFilter:
    product_ids: list[int] | None = None
    warehouse_ids: list[int] | None = None
    below_safety_stock: bool | None = None


@dataclass
class MovementFilter:
    product_id: int | None = None
    warehouse_id: int | None = None
    kinds: list[str] | None = None
    reference_type: str | None = None
    reference_id: int | None = None


@dataclass
class PurchaseOrderFilter:
    status: str | None = None
    supplier_id: int | None = None
    warehouse_id: int | None = None


@dataclass
class AlertFilter:
    status: str | None = None
    kind: str | None = None
    product_id: int | None = None
    warehouse_id: int | None = None


async def list_warehouses(*, first: int, after: str | None, limit: int) -> Page[Warehouse]:
    return await paginate(Warehouse.all(), first=first, after=after, limit=limit, sort=Sort("code"))


async def list_stock_levels(*, filter: StockLevelFilter, first: int, after: str | None,
                            limit: int) -> Page[StockLevel]:
    queryset = StockLevel.all()
    if filter.product_ids:
        queryset = queryset.filter(product_id__in=filter.product_ids)
    if filter.warehouse_ids:
        queryset = queryset.filter(warehouse_id__in=filter.warehouse_ids)
    if filter.below_safety_stock is True:
        queryset = queryset.filter(available__lt=F("safety_stock"))
    elif filter.below_safety_stock is False:
        queryset = queryset.filter(available__gte=F("safety_stock"))
    return await paginate(queryset, first=first, after=after, limit=limit)


async def list_movements(*, filter: MovementFilter, first: int, after: str | None,
                         limit: int) -> Page[StockMovement]:
    """Ledger lines, newest first."""
    queryset = StockMovement.all()
    if filter.product_id is not None:
        queryset = queryset.filter(product_id=filter.product_id)
    if filter.warehouse_id is not None:
        queryset = queryset.filter(warehouse_id=filter.warehouse_id)
    if filter.kinds:
        queryset = queryset.filter(kind__in=filter.kinds)
    if filter.reference_type:
        queryset = queryset.filter(reference_type=filter.reference_type)
    if filter.reference_id is not None:
        queryset = queryset.filter(reference_id=filter.reference_id)
    return await paginate(queryset, first=first, after=after, limit=limit, sort=Sort("id", descending=True))


async def list_alerts(*, filter: AlertFilter, first: int, after: str | None, limit: int) -> Page[Alert]:
    """Alerts, newest first."""
    queryset = Alert.all()
    if filter.status:
        queryset = queryset.filter(status=filter.status)
    if filter.kind:
        queryset = queryset.filter(kind=filter.kind)
    if filter.product_id is not None:
        queryset = queryset.filter(product_id=filter.product_id)
    if filter.warehouse_id is not None:
        queryset = queryset.filter(warehouse_id=filter.warehouse_id)
    return await paginate(queryset, first=first, after=after, limit=limit, sort=Sort("id", descending=True))


async def list_suppliers(*, search: str | None, first: int, after: str | None, limit: int) -> Page[Supplier]:
    queryset = Supplier.all()
    if search and search.strip():
        term = search.strip()[:100]
        queryset = queryset.filter(Q(name__icontains=term) | Q(code__icontains=term))
    return await paginate(queryset, first=first, after=after, limit=limit, sort=Sort("code"))


async def list_purchase_orders(*, filter: PurchaseOrderFilter, first: int, after: str | None,
                               limit: int) -> Page[PurchaseOrder]:
    """Purchase orders, newest first."""
    queryset = PurchaseOrder.all()
    if filter.status:
        queryset = queryset.filter(status=filter.status)
    if filter.supplier_id is not None:
        queryset = queryset.filter(supplier_id=filter.supplier_id)
    if filter.warehouse_id is not None:
        queryset = queryset.filter(warehouse_id=filter.warehouse_id)
    return await paginate(queryset, first=first, after=after, limit=limit, sort=Sort("id", descending=True))


async def get_purchase_order(purchase_order_id: int) -> PurchaseOrder | None:
    return await PurchaseOrder.get_or_none(id=purchase_order_id)


async def get_alert(alert_id: int) -> Alert | None:
    return await Alert.get_or_none(id=alert_id)


async def warehouses_by_ids(ids: Iterable[int]) -> list[Warehouse]:
    return await Warehouse.filter(id__in=list(ids))


async def suppliers_by_ids(ids: Iterable[int]) -> list[Supplier]:
    return await Supplier.filter(id__in=list(ids))


async def lines_by_purchase_order(ids: Iterable[int]) -> dict[int, list[PurchaseOrderLine]]:
    grouped: dict[int, list[PurchaseOrderLine]] = {}
    for line in await PurchaseOrderLine.filter(purchase_order_id__in=list(ids)).order_by("id"):
        grouped.setdefault(line.purchase_order_id, []).append(line)
    return grouped


async def levels_by_product(ids: Iterable[int]) -> dict[int, list[StockLevel]]:
    """Each product's level in every warehouse that has one (a handful per product)."""
    grouped: dict[int, list[StockLevel]] = {}
    for level in await StockLevel.filter(product_id__in=list(ids)).order_by("warehouse_id"):
        grouped.setdefault(level.product_id, []).append(level)
    return grouped
