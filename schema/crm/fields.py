"""CRM entry points."""

from __future__ import annotations

import strawberry

from resolvers import crm as resolve
from schema.context import Info
from resolvers.identity import preload_users
from schema.common import Connection, connection, selects
from schema.crm.types import Customer


@strawberry.type
class CrmQuery:
    @strawberry.field(description="Customers the viewer may see, newest cursor last.")
    async def customers(self, info: Info, first: int = 50, after: str | None = None,
                        search: str | None = None, level: str | None = None) -> Connection[Customer] | None:
        page = await resolve.customers(info.context, first=first, after=after, search=search, level=level)
        if selects(info, "edges", "node", "owner"):
            await preload_users(info.context, [row.owner_id for row in page.rows])
        return connection(page, Customer.from_model)

    @strawberry.field
    async def customer(self, info: Info, id: strawberry.ID) -> Customer | None:
        row = await resolve.customer(info.context, id=id)
        return Customer.from_model(row) if row else None
