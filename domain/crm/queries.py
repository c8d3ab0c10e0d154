"""CRM reads for lists and screens, always narrowed by the viewer's data scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from types import SimpleNamespace

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count, Max, Sum

from domain.crm.models import Contact, Customer, Interaction
from domain.errors import DomainError
from domain.identity.scope import DataScope
from domain.orders.models import Order
from domain.pagination import Page, Sort, paginate

SORTABLE = {"id", "name", "code", "created_at", "updated_at", "level"}
PURCHASE_STATUSES = ("confirmed", "partially_shipped", "shipped", "completed")


@dataclass
class CustomerFilter:
    search: str | None = None
    tags: list[str] | None = None
    levels: list[str] | None = None
    stages: list[str] | None = None
    province: str | None = None
    city: str | None = None
    owner_id: int | None = None
    last_interaction_before: datetime | None = None
    last_interaction_after: datetime | None = None
    in_pool: bool | None = None


def filtered_customers(scope: DataScope, f: CustomerFilter):
    """The queryset of visible, unmerged customers matching ``f`` (shared by lists and exports)."""
    queryset = Customer.filter(scope.q(), merged_into_id=None)
    if f.in_pool:
        queryset = Customer.filter(owner_id=None, merged_into_id=None)
    if f.search and f.search.strip():
        term = f.search.strip()[:100]
        by_contact = Subquery(Contact.filter(name__icontains=term).values("customer_id"))
        queryset = queryset.filter(Q(name__icontains=term) | Q(code__icontains=term) | Q(id__in=by_contact))
    if f.levels:
        queryset = queryset.filter(level__in=f.levels)
    if f.stages:
        queryset = queryset.filter(stage__in=f.stages)
    if f.province:
        queryset = queryset.filter(province=f.province)
    if f.city:
        queryset = queryset.filter(city=f.city)
    if f.owner_id is not None:
        queryset = queryset.filter(owner_id=f.owner_id)
    if f.last_interaction_before is not None:
        queryset = queryset.filter(last_interaction_at__lt=f.last_interaction_before)
    if f.last_interaction_after is not None:
        queryset = queryset.filter(last_interaction_at__gte=f.last_interaction_after)
    return queryset


async def list_customers(*, scope: DataScope, filter: CustomerFilter, first: int, after: str | None, limit: int,
                         sort: Sort = Sort()) -> Page[Customer]:
    if sort.column not in SORTABLE:
        raise DomainError("INVALID_CHOICE", field="sort", allowed=" / ".join(sorted(SORTABLE)))
    queryset = filtered_customers(scope, filter)
    if filter.tags:
        queryset = queryset.filter(id__in=await _ids_with_tags(queryset, filter.tags))
    return await paginate(queryset, first=first, after=after, limit=limit, sort=sort, rows_as=CustomerRow)


class CustomerRow(SimpleNamespace):
    """A customer as list screens read it: the model's attributes, built from the row's values without
    constructing a model (about half the cost per row); read-only, no ORM methods."""


async def _ids_with_tags(queryset, tags: list[str]) -> list[int]:
    """Customers carrying every tag in ``tags`` (JSON lists: matched portably in Python)."""
    wanted = set(tags)
    rows = await queryset.values_list("id", "tags")
    return [row_id for row_id, row_tags in rows if wanted <= set(row_tags or [])]


async def get_customer(*, scope: DataScope, customer_id: int) -> Customer | None:
    return await Customer.filter(scope.q(), id=customer_id, merged_into_id=None).first()


async def customers_by_ids(ids: Iterable[int]) -> list[Customer]:
    """Customers by id, whatever their scope (loaders of rows the viewer already may see)."""
    return await Customer.filter(id__in=list(ids))


async def contacts_by_customer(customer_ids: Iterable[int]) -> dict[int, list[Contact]]:
    grouped: dict[int, list[Contact]] = {}
    for contact in await Contact.filter(customer_id__in=list(customer_ids)).order_by("-is_primary", "id"):
        grouped.setdefault(contact.customer_id, []).append(contact)
    return grouped


async def interactions_page(*, customer_id: int, first: int, after: str | None, limit: int) -> Page[Interaction]:
    queryset = Interaction.filter(customer_id=customer_id)
    return await paginate(queryset, first=first, after=after, limit=limit, sort=Sort("occurred_at", True))


async def orders_page(*, customer_id: int, first: int, after: str | None, limit: int) -> Page[Order]:
    queryset = Order.filter(customer_id=customer_id)
    return await paginate(queryset, first=first, after=after, limit=limit, sort=Sort("ordered_at", True))


@dataclass(frozen=True)
class PurchaseSummary:
    lifetime_value: Decimal
    order_count: int
    last_purchase_at: datetime | None


async def purchase_summaries(customer_ids: Iterable[int]) -> dict[int, PurchaseSummary]:
    """Lifetime value, order count and last purchase per customer, in one grouped query."""
    ids = list(customer_ids)
    rows = await (Order.filter(customer_id__in=ids, status__in=PURCHASE_STATUSES)
                  .annotate(total=Sum("total_amount"), orders=Count("id"), last=Max("ordered_at"))
                  .group_by("customer_id").values("customer_id", "total", "orders", "last"))
    found = {r["customer_id"]: PurchaseSummary(Decimal(str(r["total"] or 0)).quantize(Decimal("0.01")), r["orders"],
                                               _as_datetime(r["last"])) for r in rows}
    empty = PurchaseSummary(Decimal("0"), 0, None)
    return {i: found.get(i, empty) for i in ids}


def _as_datetime(value) -> datetime | None:
    """Aggregates come back as text on SQLite and as datetimes on PostgreSQL."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
