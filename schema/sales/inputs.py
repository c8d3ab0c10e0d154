"""Inputs, filters and payloads of the quote and contract API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from domain.sales.attachments import AttachmentData
from domain.sales.contracts import ContractData
from domain.sales.queries import ContractFilter, QuoteFilter
from domain.sales.quotes import QuoteData, QuoteLineData
from resolvers.ids import parse_id
from schema.common import UserError
from schema.sales.types import Contract, ContractAttachment, Quote


@strawberry.input
class ContractInput:
    title: str
    customer_id: strawberry.ID
    amount: Decimal
    start_date: date
    end_date: date

    def to_data(self) -> ContractData:
        return ContractData(title=self.title, customer_id=parse_id(self.customer_id, field="customerId"),
                            amount=self.amount, start_date=self.start_date, end_date=self.end_date)


@strawberry.input
class ContractFilterInput:
    statuses: list[str] | None = None
    customer_id: strawberry.ID | None = None
    owner_id: strawberry.ID | None = None
    search: str | None = strawberry.field(default=None, description="Part of the number or title.")

    def to_filter(self) -> ContractFilter:
        return ContractFilter(statuses=self.statuses, customer_id=parse_id(self.customer_id, field="customerId"),
                              owner_id=parse_id(self.owner_id, field="ownerId"), search=self.search)


@strawberry.input(description="Metadata of a file already uploaded to object storage.")
class ContractAttachmentInput:
    file_name: str
    content_type: str
    size_bytes: int
    sha256: str = strawberry.field(description="Hex SHA-256 of the file's bytes (64 characters).")
    storage_key: str

    def to_data(self) -> AttachmentData:
        return AttachmentData(file_name=self.file_name, content_type=self.content_type, size_bytes=self.size_bytes,
                              sha256=self.sha256, storage_key=self.storage_key)


@strawberry.input
class QuoteLineInput:
    product_id: strawberry.ID
    quantity: int
    unit_price: Decimal | None = strawberry.field(default=None, description="Defaults to the customer's price.")
    discount: Decimal | None = strawberry.field(default=None, description="A fraction: 0.05 is 5% off.")


@strawberry.input
class QuoteInput:
    customer_id: strawberry.ID
    lines: list[QuoteLineInput]
    valid_until: date
    notes: str | None = None

    def to_data(self) -> QuoteData:
        lines = [QuoteLineData(product_id=parse_id(line.product_id, field=f"lines.{n}.productId"),
                               quantity=line.quantity, unit_price=line.unit_price, discount=line.discount)
                 for n, line in enumerate(self.lines)]
        return QuoteData(customer_id=parse_id(self.customer_id, field="customerId"), valid_until=self.valid_until,
                         notes=self.notes, lines=lines)


@strawberry.input
class QuoteFilterInput:
    statuses: list[str] | None = None
    customer_id: strawberry.ID | None = None
    search: str | None = strawberry.field(default=None, description="Part of the quote number.")

    def to_filter(self) -> QuoteFilter:
        return QuoteFilter(statuses=self.statuses, customer_id=parse_id(self.customer_id, field="customerId"),
                           search=self.search)


@strawberry.type
class ContractPayload:
    contract: Contract | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ContractAttachmentPayload:
    attachment: ContractAttachment | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class QuotePayload:
    quote: Quote | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
