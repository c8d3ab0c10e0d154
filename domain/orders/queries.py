"""Order reads for lists, the order screen and loaders; lists are narrowed by the viewer's data scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import Q

from domain.errors import DomainError
from domain.identity.scope import DataScope
from domain.orders.models import ORDER_STATUSES, Order, OrderLine, OrderReturn, ReturnLine, Shipment, ShipmentLine
from domain.pagination import Page, Sort, paginate

NEWEST_FIRST = Sort("ordered_at", True)


@dataclass
class OrderFilter:
    statuses: list[str] | None = None
    customer_id: int | None = None
    owner_id: int | None = None
    warehouse_id: int | None = None
    contract_id: int | None = None
    search: str | None = None
    ordered_after: datetime | None = None
    ordered_before: datetime | None = None


def filtered_orders(scope: DataScope, f: OrderFilter):
    """The queryset of visible orders matching ``f``."""
    for status in f.statuses or ():
        if status not in ORDER_STATUSES:
            raise DomainError("INVALID_CHOICE", field="filter.statuses", allowed=" / ".join(ORDER_STATUSES))
    queryset = Order.filter(scope.q())
    if f.statuses:
        queryset = queryset.filter(status__in=f.statuses)
    for column, value in (("customer_id", f.customer_id), ("owner_id", f.owner_id),
                          ("warehouse_id", f.warehouse_id), ("contract_id", f.contract_id)):
        if value is not None:
            queryset = queryset.filter(**{column: value})
    if f.search and f.search.strip():
        term = f.search.strip()[:100]
        queryset = queryset.filter(Q(number__icontains=term) | Q(customer__name__icontains=term))
    if f.ordered_after is not None:
        queryset = queryset.filter(ordered_at__gte=f.ordered_after)
    if f.ordered_before is not None:
        queryset = queryset.filter(ordered_at__lt=f.ordered_before)
    return queryset


async def list_orders(*, scope: DataScope, filter: OrderFilter, first: int, after: str | None,
                      limit: int) -> Page[Order]:
    """Newest first."""
    return await paginate(filtered_orders(scope, filter), first=first, after=after, limit=limit, sort=NEWEST_FIRST)


async def get_order(*, scope: DataScope, order_id: int) -> Order | None:
    return await Order.filter(scope.q(), id=order_id).first()


def _grouped(rows: Iterable, key: str) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(getattr(row, key), []).append(row)
    return grouped


async def lines_by_order(order_ids: Iterable[int]) -> dict[int, list[OrderLine]]:
    rows = await OrderLine.filter(order_id__in=list(order_ids)).order_by("position", "id")
    return _grouped(rows, "order_id")


async def shipments_by_order(order_ids: Iterable[int]) -> dict[int, list[Shipment]]:
    return _grouped(await Shipment.filter(order_id__in=list(order_ids)).order_by("id"), "order_id")


async def returns_by_order(order_ids: Iterable[int]) -> dict[int, list[OrderReturn]]:
    return _grouped(await OrderReturn.filter(order_id__in=list(order_ids)).order_by("id"), "order_id")


async def lines_by_shipment(shipment_ids: Iterable[int]) -> dict[int, list[ShipmentLine]]:
    return _grouped(await ShipmentLine.filter(shipment_id__in=list(shipment_ids)).order_by("id"), "shipment_id")


async def lines_by_return(return_ids: Iterable[int]) -> dict[int, list[ReturnLine]]:
    return _grouped(await ReturnLine.filter(order_return_id__in=list(return_ids)).order_by("id"), "order_return_id")


async def order_lines_by_ids(ids: Iterable[int]) -> list[OrderLine]:
    return await OrderLine.filter(id__in=list(ids))
