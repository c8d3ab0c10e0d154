"""CRM reads for lists and screens, always narrowed by the viewer's data scope."""

from __future__ import annotations

from domain.crm.models import Customer
from domain.identity.scope import DataScope
from domain.pagination import Page, paginate


async def list_customers(*, scope: DataScope, first: int, after: str | None, limit: int,
                         search: str | None = None, level: str | None = None) -> Page[Customer]:
    queryset = Customer.filter(scope.q())
    if search:
        queryset = queryset.filter(name__icontains=search.strip()[:100])
    if level:
        queryset = queryset.filter(level=level)
    return await paginate(queryset, first=first, after=after, limit=limit)


async def get_customer(*, scope: DataScope, customer_id: int) -> Customer | None:
    return await Customer.filter(scope.q(), id=customer_id).first()
