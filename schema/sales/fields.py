"""Quote and contract entry points: lists, one record, and the workflow mutations."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

import strawberry

from resolvers import sales as resolve
from resolvers.identity import preload_users
from schema.common import Connection, connection, mutation_payload, selects
from schema.context import Info
from schema.sales.inputs import (
    ContractAttachmentInput, ContractAttachmentPayload, ContractFilterInput, ContractInput, ContractPayload,
    QuoteFilterInput, QuoteInput, QuotePayload,
)
from schema.sales.types import Contract, ContractAttachment, Quote

T = TypeVar("T")


async def _deferred(start: Callable[[], Awaitable[T]]) -> T:
    """Await ``start()``, so that problems found while reading the input become payload errors too."""
    return await start()


def _contract(row) -> ContractPayload:
    return ContractPayload(contract=Contract.from_model(row))


def _quote(row) -> QuotePayload:
    return QuotePayload(quote=Quote.from_model(row))


async def _contract_call(info: Info, call) -> ContractPayload:
    return await mutation_payload(info, _deferred(call), ContractPayload, _contract)


async def _quote_call(info: Info, call) -> QuotePayload:
    return await mutation_payload(info, _deferred(call), QuotePayload, _quote)


@strawberry.type
class SalesQuery:
    @strawberry.field(description="Contracts the viewer may see (reps their own, managers their teams), newest first.")
    async def contracts(self, info: Info, filter: ContractFilterInput | None = None, first: int = 50,
                        after: str | None = None) -> Connection[Contract] | None:
        page = await resolve.contract_list(info.context, filter=(filter or ContractFilterInput()).to_filter(),
                                           first=first, after=after)
        if selects(info, "edges", "node", "owner"):
            await preload_users(info.context, [row.owner_id for row in page.rows])
        return connection(page, Contract.from_model)

    @strawberry.field
    async def contract(self, info: Info, id: strawberry.ID) -> Contract | None:
        row = await resolve.contract(info.context, id=id)
        return Contract.from_model(row) if row else None

    @strawberry.field(description="Quotes the viewer may see, newest first.")
    async def quotes(self, info: Info, filter: QuoteFilterInput | None = None, first: int = 50,
                     after: str | None = None) -> Connection[Quote] | None:
        page = await resolve.quote_list(info.context, filter=(filter or QuoteFilterInput()).to_filter(),
                                        first=first, after=after)
        if selects(info, "edges", "node", "owner"):
            await preload_users(info.context, [row.owner_id for row in page.rows])
        return connection(page, Quote.from_model)

    @strawberry.field
    async def quote(self, info: Info, id: strawberry.ID) -> Quote | None:
        row = await resolve.quote(info.context, id=id)
        return Quote.from_model(row) if row else None


@strawberry.type
class SalesMutation:
    @strawberry.mutation(description="A draft contract owned by the caller.")
    async def create_contract(self, info: Info, input: ContractInput) -> ContractPayload | None:
        return await _contract_call(info, lambda: resolve.create_contract(info.context, data=input.to_data()))

    @strawberry.mutation(description="Draft → pending approval (required above the approval threshold).")
    async def submit_contract_for_approval(self, info: Info, id: strawberry.ID,
                                           comment: str | None = None) -> ContractPayload | None:
        return await _contract_call(info, lambda: resolve.submit_contract(info.context, id=id, comment=comment))

    @strawberry.mutation(description="A manager above the owner approves a pending contract; it may then be signed.")
    async def approve_contract(self, info: Info, id: strawberry.ID,
                               comment: str | None = None) -> ContractPayload | None:
        return await _contract_call(info, lambda: resolve.approve_contract(info.context, id=id, comment=comment))

    @strawberry.mutation(description="Send a pending contract back to draft, with the reason.")
    async def reject_contract(self, info: Info, id: strawberry.ID, comment: str) -> ContractPayload | None:
        return await _contract_call(info, lambda: resolve.reject_contract(info.context, id=id, comment=comment))

    @strawberry.mutation(description="Record the signature: from draft at or below the threshold, else once approved.")
    async def sign_contract(self, info: Info, id: strawberry.ID, signed_date: date) -> ContractPayload | None:
        return await _contract_call(info, lambda: resolve.sign_contract(info.context, id=id, signed_date=signed_date))

    @strawberry.mutation
    async def start_contract_execution(self, info: Info, id: strawberry.ID) -> ContractPayload | None:
        return await _contract_call(info, lambda: resolve.start_contract_execution(info.context, id=id))

    @strawberry.mutation
    async def complete_contract(self, info: Info, id: strawberry.ID) -> ContractPayload | None:
        return await _contract_call(info, lambda: resolve.complete_contract(info.context, id=id))

    @strawberry.mutation
    async def terminate_contract(self, info: Info, id: strawberry.ID, reason: str) -> ContractPayload | None:
        return await _contract_call(info, lambda: resolve.terminate_contract(info.context, id=id, reason=reason))

    @strawberry.mutation(description="Attach a file's metadata (type, size and checksum are checked).")
    async def add_contract_attachment(self, info: Info, contract_id: strawberry.ID,
                                      input: ContractAttachmentInput) -> ContractAttachmentPayload | None:
        call = _deferred(lambda: resolve.add_contract_attachment(info.context, contract_id=contract_id,
                                                                 data=input.to_data()))
        return await mutation_payload(info, call, ContractAttachmentPayload,
                                      lambda a: ContractAttachmentPayload(attachment=ContractAttachment.from_model(a)))

    @strawberry.mutation(description="Finance: add an invoice to the contract's invoiced total.")
    async def record_contract_invoice(self, info: Info, id: strawberry.ID, amount: Decimal) -> ContractPayload | None:
        return await _contract_call(info, lambda: resolve.record_contract_invoice(info.context, id=id, amount=amount))

    @strawberry.mutation(description="Finance: add a payment to the contract's collected total.")
    async def record_contract_collection(self, info: Info, id: strawberry.ID,
                                         amount: Decimal) -> ContractPayload | None:
        return await _contract_call(info, lambda: resolve.record_contract_collection(info.context, id=id,
                                                                                     amount=amount))

    @strawberry.mutation(description="A draft quote; unit prices default to the customer's price.")
    async def create_quote(self, info: Info, input: QuoteInput) -> QuotePayload | None:
        return await _quote_call(info, lambda: resolve.create_quote(info.context, data=input.to_data()))

    @strawberry.mutation
    async def send_quote(self, info: Info, id: strawberry.ID) -> QuotePayload | None:
        return await _quote_call(info, lambda: resolve.send_quote(info.context, id=id))

    @strawberry.mutation
    async def accept_quote(self, info: Info, id: strawberry.ID) -> QuotePayload | None:
        return await _quote_call(info, lambda: resolve.accept_quote(info.context, id=id))

    @strawberry.mutation
    async def reject_quote(self, info: Info, id: strawberry.ID, reason: str | None = None) -> QuotePayload | None:
        return await _quote_call(info, lambda: resolve.reject_quote(info.context, id=id, reason=reason))

    @strawberry.mutation(description="A draft contract for an accepted quote's customer and total.")
    async def convert_quote_to_contract(self, info: Info, id: strawberry.ID, title: str, start_date: date,
                                        end_date: date) -> ContractPayload | None:
        return await _contract_call(info, lambda: resolve.convert_quote(info.context, id=id, title=title,
                                                                        start_date=start_date, end_date=end_date))
