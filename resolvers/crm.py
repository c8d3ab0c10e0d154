"""CRM resolvers."""

from __future__ import annotations

from typing import Any

from domain.crm import queries
from domain.crm.models import Customer
from domain.pagination import Page
from policies.scope import data_scope
from resolvers.ids import parse_id
from settings import get_settings


async def customers(ctx: Any, *, first: int, after: str | None, search: str | None,
                    level: str | None) -> Page[Customer]:
    scope = await data_scope(ctx.actor, "Customer")
    return await queries.list_customers(scope=scope, first=first, after=after, search=search,
                                        level=level, limit=get_settings().max_page_size)


async def customer(ctx: Any, *, id: str) -> Customer | None:
    scope = await data_scope(ctx.actor, "Customer")
    return await queries.get_customer(scope=scope, customer_id=parse_id(id))
