"""CRM resolvers: parse input, call one domain service or query."""

from __future__ import annotations

from typing import Any

from domain.crm import contacts, custom_fields, merge, queries, services
from domain.crm.contacts import ContactData, InteractionData
from domain.crm.queries import CustomerFilter
from domain.crm.services import CustomerData
from domain.pagination import Sort
from policies.scope import data_scope
from resolvers.ids import parse_id
from settings import get_settings


async def _scope(ctx: Any):
    return await data_scope(ctx.actor, "Customer")


def _limit() -> int:
    return get_settings().max_page_size


async def customers(ctx: Any, *, filter: CustomerFilter, sort: Sort, first: int, after: str | None):
    return await queries.list_customers(scope=await _scope(ctx), filter=filter, first=first, after=after,
                                        limit=_limit(), sort=sort)


async def customer_pool(ctx: Any, *, filter: CustomerFilter, first: int, after: str | None):
    filter.in_pool = True
    return await queries.list_customers(scope=await _scope(ctx), filter=filter, first=first, after=after,
                                        limit=_limit())


async def customer(ctx: Any, *, id: str):
    return await queries.get_customer(scope=await _scope(ctx), customer_id=parse_id(id))


async def interactions(ctx: Any, *, customer_id: int, first: int, after: str | None):
    return await queries.interactions_page(customer_id=customer_id, first=first, after=after, limit=_limit())


async def orders(ctx: Any, *, customer_id: int, first: int, after: str | None):
    return await queries.orders_page(customer_id=customer_id, first=first, after=after, limit=_limit())


async def create_customer(ctx: Any, *, data: CustomerData, owner_id: str | None, to_pool: bool,
                          allow_duplicate: bool):
    owner = None if to_pool else (parse_id(owner_id, field="ownerId") or ctx.actor.user_id)
    return await services.create_customer(actor=ctx.actor, scope=await _scope(ctx), data=data, owner_id=owner,
                                          allow_duplicate=allow_duplicate)


async def update_customer(ctx: Any, *, id: str, data: CustomerData):
    return await services.update_customer(actor=ctx.actor, scope=await _scope(ctx), customer_id=parse_id(id),
                                          data=data)


async def assign_customers(ctx: Any, *, ids: list[str], owner_id: str, reason: str):
    return await services.assign_customers(actor=ctx.actor, scope=await _scope(ctx),
                                           ids=[parse_id(i, field="ids") for i in ids],
                                           owner_id=parse_id(owner_id, field="ownerId"), reason=reason)


async def claim_customer(ctx: Any, *, id: str):
    return await services.claim_customer(actor=ctx.actor, customer_id=parse_id(id))


async def release_customer(ctx: Any, *, id: str, reason: str):
    return await services.release_customer(actor=ctx.actor, scope=await _scope(ctx), customer_id=parse_id(id),
                                           reason=reason)


async def merge_customers(ctx: Any, *, survivor_id: str, merged_ids: list[str]):
    return await merge.merge_customers(actor=ctx.actor, scope=await _scope(ctx),
                                       survivor_id=parse_id(survivor_id, field="survivorId"),
                                       merged_ids=[parse_id(i, field="mergedIds") for i in merged_ids])


async def add_contact(ctx: Any, *, customer_id: str, data: ContactData):
    return await contacts.add_contact(actor=ctx.actor, scope=await _scope(ctx),
                                      customer_id=parse_id(customer_id, field="customerId"), data=data)


async def update_contact(ctx: Any, *, id: str, data: ContactData):
    return await contacts.update_contact(actor=ctx.actor, scope=await _scope(ctx), contact_id=parse_id(id),
                                         data=data)


async def log_interaction(ctx: Any, *, data: InteractionData):
    return await contacts.log_interaction(actor=ctx.actor, scope=await _scope(ctx), data=data)


async def define_custom_field(ctx: Any, **fields):
    return await custom_fields.define_custom_field(actor=ctx.actor, **fields)


async def list_custom_fields(ctx: Any):
    return await custom_fields.list_custom_fields()
