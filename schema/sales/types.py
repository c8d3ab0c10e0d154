"""GraphQL types for quotes and contracts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry

from domain.sales import contracts as contract_rules
from domain.sales import queries
from domain.sales.quotes import line_amounts
from domain.sales.validation import today
from schema.catalog.types import Product
from schema.context import Info
from schema.crm.types import Customer
from schema.identity.types import User, user_field


async def _customer(info: Info, customer_id: int) -> Customer | None:
    row = await info.context.loaders.sales.customer_by_id.load(customer_id)
    return Customer.from_model(row) if row else None


@strawberry.type(description="Execution progress: ordered, invoiced and collected against the contract amount.")
class ContractProgress:
    contract_amount: Decimal
    ordered_amount: Decimal = strawberry.field(
        description="Orders placed against the contract, cancelled ones excluded.")
    invoiced_amount: Decimal
    collected_amount: Decimal
    ordered_ratio: Decimal = strawberry.field(description="orderedAmount / contractAmount, four decimals.")
    invoiced_ratio: Decimal
    collected_ratio: Decimal

    @classmethod
    def from_progress(cls, p: queries.Progress) -> ContractProgress:
        return cls(contract_amount=p.contract_amount, ordered_amount=p.ordered_amount,
                   invoiced_amount=p.invoiced_amount, collected_amount=p.collected_amount,
                   ordered_ratio=p.ordered_ratio, invoiced_ratio=p.invoiced_ratio, collected_ratio=p.collected_ratio)


@strawberry.type(description="One step of a contract's approval trail.")
class ContractApproval:
    model: strawberry.Private[Any]
    id: strawberry.ID
    action: str = strawberry.field(description="submitted / approved / rejected")
    comment: str | None
    created_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> ContractApproval:
        return cls(model=m, id=strawberry.ID(str(m.id)), action=m.action, comment=m.comment, created_at=m.created_at)

    @strawberry.field
    def actor(self, info: Info) -> User | None:
        return user_field(info, self.model.actor_id)


@strawberry.type(description="A file attached to a contract (metadata; the file lives in object storage).")
class ContractAttachment:
    model: strawberry.Private[Any]
    id: strawberry.ID
    file_name: str
    content_type: str
    size_bytes: int
    sha256: str
    storage_key: str
    uploaded_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> ContractAttachment:
        return cls(model=m, id=strawberry.ID(str(m.id)), file_name=m.file_name, content_type=m.content_type,
                   size_bytes=m.size_bytes, sha256=m.sha256, storage_key=m.storage_key, uploaded_at=m.uploaded_at)

    @strawberry.field
    def uploaded_by(self, info: Info) -> User | None:
        return user_field(info, self.model.uploaded_by_id)


@strawberry.type
class QuoteLine:
    model: strawberry.Private[Any]
    id: strawberry.ID
    product_id: strawberry.ID
    quantity: int
    unit_price: Decimal
    discount: Decimal = strawberry.field(description="A fraction: 0.05 is 5% off.")
    tax_rate: Decimal
    line_total: Decimal = strawberry.field(description="Net of discount, with tax.")

    @classmethod
    def from_model(cls, m: Any) -> QuoteLine:
        return cls(model=m, id=strawberry.ID(str(m.id)), product_id=strawberry.ID(str(m.product_id)),
                   quantity=m.quantity, unit_price=m.unit_price, discount=m.discount, tax_rate=m.tax_rate,
                   line_total=m.line_total)

    @strawberry.field
    def product(self) -> Product | None:
        return Product.from_model(self.model.product)

    @strawberry.field
    def sku(self) -> str:
        return self.model.product.sku

    @strawberry.field
    def product_name(self) -> str:
        return self.model.product.name

    @strawberry.field(description="quantity × unit price × (1 − discount), before tax.")
    def line_net(self) -> Decimal:
        m = self.model
        return line_amounts(quantity=m.quantity, unit_price=m.unit_price, discount=m.discount, tax_rate=m.tax_rate).net


@strawberry.type
class Quote:
    model: strawberry.Private[Any]
    id: strawberry.ID
    number: str
    status: str = strawberry.field(description="draft / sent / accepted / rejected / expired")
    currency: str
    valid_until: date | None
    total_amount: Decimal
    notes: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Quote:
        return cls(model=m, id=strawberry.ID(str(m.id)), number=m.number, status=m.status, currency=m.currency,
                   valid_until=m.valid_until, total_amount=m.total_amount, notes=m.notes, created_at=m.created_at,
                   updated_at=m.updated_at)

    @strawberry.field(description="True when a draft or sent quote is past its validity date (no longer acceptable).")
    def is_expired(self) -> bool:
        m = self.model
        return m.status in ("draft", "sent") and m.valid_until is not None and m.valid_until < today()

    @strawberry.field
    def owner(self, info: Info) -> User | None:
        return user_field(info, self.model.owner_id)

    @strawberry.field
    async def customer(self, info: Info) -> Customer | None:
        return await _customer(info, self.model.customer_id)

    @strawberry.field
    async def lines(self, info: Info) -> list[QuoteLine]:
        rows = await info.context.loaders.sales.lines_by_quote.load(self.model.id)
        return [QuoteLine.from_model(r) for r in rows]


@strawberry.type
class Contract:
    model: strawberry.Private[Any]
    id: strawberry.ID
    number: str
    title: str
    status: str = strawberry.field(
        description="draft / pending_approval / signed / executing / completed / terminated")
    currency: str
    amount: Decimal
    signed_date: date | None
    start_date: date | None
    end_date: date | None
    invoiced_amount: Decimal
    collected_amount: Decimal
    terminated_reason: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Contract:
        return cls(model=m, id=strawberry.ID(str(m.id)), number=m.number, title=m.title, status=m.status,
                   currency=m.currency, amount=m.amount, signed_date=m.signed_date, start_date=m.start_date,
                   end_date=m.end_date, invoiced_amount=m.invoiced_amount, collected_amount=m.collected_amount,
                   terminated_reason=m.terminated_reason, created_at=m.created_at, updated_at=m.updated_at)

    @strawberry.field(description="True when the amount is above the approval threshold.")
    def approval_required(self) -> bool:
        return contract_rules.approval_required(self.model)

    @strawberry.field(description="not_required / required / pending / approved / rejected")
    async def approval_status(self, info: Info) -> str:
        steps = await info.context.loaders.sales.approvals_by_contract.load(self.model.id)
        return queries.approval_state(self.model, steps)

    @strawberry.field
    def owner(self, info: Info) -> User | None:
        return user_field(info, self.model.owner_id)

    @strawberry.field
    async def customer(self, info: Info) -> Customer | None:
        return await _customer(info, self.model.customer_id)

    @strawberry.field(description="The quote this contract was made from, if any.")
    async def quote(self, info: Info) -> Quote | None:
        if self.model.quote_id is None:
            return None
        row = await info.context.loaders.sales.quote_by_id.load(self.model.quote_id)
        return Quote.from_model(row) if row else None

    @strawberry.field
    async def approvals(self, info: Info) -> list[ContractApproval]:
        rows = await info.context.loaders.sales.approvals_by_contract.load(self.model.id)
        return [ContractApproval.from_model(r) for r in rows]

    @strawberry.field
    async def attachments(self, info: Info) -> list[ContractAttachment]:
        rows = await info.context.loaders.sales.attachments_by_contract.load(self.model.id)
        return [ContractAttachment.from_model(r) for r in rows]

    @strawberry.field
    async def progress(self, info: Info) -> ContractProgress:
        ordered = await info.context.loaders.sales.ordered_amount_by_contract.load(self.model.id)
        return ContractProgress.from_progress(queries.progress_of(self.model, ordered))
