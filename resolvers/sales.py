"""Quote and contract resolvers: parse input, call one domain service or query."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from domain.sales import attachments, contracts, execution, queries, quotes
from domain.sales.attachments import AttachmentData
from domain.sales.contracts import ContractData
from domain.sales.queries import ContractFilter, QuoteFilter
from domain.sales.quotes import QuoteData
from policies.scope import data_scope
from resolvers.ids import parse_id
from settings import get_settings

BELOW_FLOOR_PERMISSION = ("Permission", "priceBelowFloor")


async def _contracts(ctx: Any):
    return await data_scope(ctx.actor, "Contract")


async def _quotes(ctx: Any):
    return await data_scope(ctx.actor, "Quote")


async def _customers(ctx: Any):
    return await data_scope(ctx.actor, "Customer")


def _limit() -> int:
    return get_settings().max_page_size


def _may_price_below_floor(ctx: Any) -> bool:
    return ctx.decisions is not None and ctx.decisions.allowed(*BELOW_FLOOR_PERMISSION)


async def contract_list(ctx: Any, *, filter: ContractFilter, first: int, after: str | None):
    return await queries.list_contracts(scope=await _contracts(ctx), filter=filter, first=first, after=after,
                                        limit=_limit())


async def contract(ctx: Any, *, id: str):
    return await queries.get_contract(scope=await _contracts(ctx), contract_id=parse_id(id))


async def quote_list(ctx: Any, *, filter: QuoteFilter, first: int, after: str | None):
    return await queries.list_quotes(scope=await _quotes(ctx), filter=filter, first=first, after=after,
                                     limit=_limit())


async def quote(ctx: Any, *, id: str):
    return await queries.get_quote(scope=await _quotes(ctx), quote_id=parse_id(id))


async def create_contract(ctx: Any, *, data: ContractData):
    return await contracts.create_contract(actor=ctx.actor, customer_scope=await _customers(ctx), data=data)


async def submit_contract(ctx: Any, *, id: str, comment: str | None):
    return await contracts.submit_for_approval(actor=ctx.actor, scope=await _contracts(ctx), contract_id=parse_id(id),
                                               comment=comment)


async def approve_contract(ctx: Any, *, id: str, comment: str | None):
    return await contracts.approve_contract(actor=ctx.actor, scope=await _contracts(ctx), contract_id=parse_id(id),
                                            comment=comment)


async def reject_contract(ctx: Any, *, id: str, comment: str | None):
    return await contracts.reject_contract(actor=ctx.actor, scope=await _contracts(ctx), contract_id=parse_id(id),
                                           comment=comment)


async def sign_contract(ctx: Any, *, id: str, signed_date: date | None):
    return await contracts.sign_contract(actor=ctx.actor, scope=await _contracts(ctx), contract_id=parse_id(id),
                                         signed_date=signed_date)


async def start_contract_execution(ctx: Any, *, id: str):
    return await contracts.start_execution(actor=ctx.actor, scope=await _contracts(ctx), contract_id=parse_id(id))


async def complete_contract(ctx: Any, *, id: str):
    return await contracts.complete_contract(actor=ctx.actor, scope=await _contracts(ctx), contract_id=parse_id(id))


async def terminate_contract(ctx: Any, *, id: str, reason: str | None):
    return await contracts.terminate_contract(actor=ctx.actor, scope=await _contracts(ctx), contract_id=parse_id(id),
                                              reason=reason)


async def add_contract_attachment(ctx: Any, *, contract_id: str, data: AttachmentData):
    return await attachments.add_attachment(actor=ctx.actor, scope=await _contracts(ctx),
                                            contract_id=parse_id(contract_id, field="contractId"), data=data)


async def record_contract_invoice(ctx: Any, *, id: str, amount: Decimal):
    return await execution.record_invoice(actor=ctx.actor, scope=await _contracts(ctx), contract_id=parse_id(id),
                                          amount=amount)


async def record_contract_collection(ctx: Any, *, id: str, amount: Decimal):
    return await execution.record_collection(actor=ctx.actor, scope=await _contracts(ctx), contract_id=parse_id(id),
                                             amount=amount)


async def create_quote(ctx: Any, *, data: QuoteData):
    return await quotes.create_quote(actor=ctx.actor, customer_scope=await _customers(ctx), data=data,
                                     may_price_below_floor=_may_price_below_floor(ctx))


async def send_quote(ctx: Any, *, id: str):
    return await quotes.send_quote(actor=ctx.actor, scope=await _quotes(ctx), quote_id=parse_id(id))


async def accept_quote(ctx: Any, *, id: str):
    return await quotes.accept_quote(actor=ctx.actor, scope=await _quotes(ctx), quote_id=parse_id(id))


async def reject_quote(ctx: Any, *, id: str, reason: str | None):
    return await quotes.reject_quote(actor=ctx.actor, scope=await _quotes(ctx), quote_id=parse_id(id), reason=reason)


async def convert_quote(ctx: Any, *, id: str, title: str, start_date: date | None, end_date: date | None):
    return await quotes.convert_to_contract(actor=ctx.actor, scope=await _quotes(ctx), quote_id=parse_id(id),
                                            title=title, start_date=start_date, end_date=end_date)
