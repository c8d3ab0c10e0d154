"""Quotes: priced lines for a customer, sent, accepted or rejected, and turned into a contract.

Line money follows the order lines: net = quantity × unit price × (1 − discount), tax on top,
each rounded to cents; the quote total is the sum of the lines with tax.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import uuid4

from domain.actor import Actor
from domain.catalog import pricing
from domain.catalog.models import Product
from domain.errors import DomainError, NotFound, Problems
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.identity.scope import DataScope
from domain.sales import validation as check
from domain.sales.contracts import open_contract, owner_team, visible_customer
from domain.sales.models import Contract, Quote, QuoteLine
from settings import get_settings


@dataclass
class QuoteLineData:
    product_id: int | None = None
    quantity: int | None = None
    unit_price: Decimal | None = None
    discount: Decimal | None = None


@dataclass
class QuoteData:
    customer_id: int | None = None
    valid_until: date | None = None
    notes: str | None = None
    lines: list[QuoteLineData] = field(default_factory=list)


@dataclass(frozen=True)
class LineAmounts:
    net: Decimal
    tax: Decimal
    total: Decimal


def line_amounts(*, quantity: int, unit_price: Decimal, discount: Decimal, tax_rate: Decimal) -> LineAmounts:
    net = pricing.money(quantity * unit_price * (1 - discount))
    tax = pricing.money(net * tax_rate)
    return LineAmounts(net=net, tax=tax, total=net + tax)


def quote_event(kind: str, quote: Quote, actor: Actor, **payload) -> DomainEvent:
    return DomainEvent(type=kind, aggregate_type="Quote", aggregate_id=str(quote.id),
                       payload={"number": quote.number, "status": quote.status, "totalAmount": str(quote.total_amount),
                                "customerId": quote.customer_id, **payload},
                       owner_id=quote.owner_id, team_id=quote.team_id, actor_id=actor.user_id)


def _checked_header(problems: Problems, data: QuoteData) -> str | None:
    if data.valid_until is None:
        problems.add(DomainError("REQUIRED", field="validUntil"))
    elif data.valid_until < check.today():
        problems.add(DomainError("DATE_IN_PAST", field="validUntil"))
    if data.customer_id is None:
        problems.add(DomainError("REQUIRED", field="customerId"))
    limit = get_settings().quote_max_lines
    if not data.lines:
        problems.add(DomainError("REQUIRED", field="lines"))
    elif len(data.lines) > limit:
        problems.add(DomainError("TOO_MANY_ROWS", field="lines", limit=limit))
    return problems.attempt(lambda: check.check_text(data.notes, "notes", max_length=5000))


async def _priced_lines(problems: Problems, data: QuoteData, level: str | None,
                        may_price_below_floor: bool) -> list[QuoteLine]:
    """Unsaved lines with prices (the customer's price unless given) and totals; problems per line."""
    wanted = {line.product_id for line in data.lines if line.product_id is not None}
    products = {p.id: p for p in await Product.filter(id__in=list(wanted), active=True)}
    rows = []
    for n, line in enumerate(data.lines):
        prefix = f"lines.{n}"
        quantity = problems.attempt(lambda: check.check_quantity(line.quantity, f"{prefix}.quantity"))
        discount = problems.attempt(lambda: check.check_discount(line.discount, f"{prefix}.discount"))
        given = None if line.unit_price is None else problems.attempt(
            lambda: check.check_unit_price(line.unit_price, f"{prefix}.unitPrice"))
        product = products.get(line.product_id)
        if product is None:
            problems.add(DomainError("UNKNOWN_PRODUCT", field=f"{prefix}.productId"))
            continue
        price = await pricing.price_for(product=product, customer_level=level)
        unit_price = price.unit_price if line.unit_price is None else given
        if quantity is None or discount is None or (line.unit_price is not None and given is None):
            continue
        if not may_price_below_floor and pricing.below_floor(quote=price, unit_price=unit_price, discount=discount):
            problems.add(DomainError("PRICE_BELOW_FLOOR", field=f"{prefix}.unitPrice", sku=product.sku))
            continue
        amounts = line_amounts(quantity=quantity, unit_price=unit_price, discount=discount, tax_rate=product.tax_rate)
        rows.append(QuoteLine(product_id=product.id, quantity=quantity, unit_price=unit_price, discount=discount,
                              tax_rate=product.tax_rate, line_total=amounts.total))
    return rows


async def create_quote(*, actor: Actor, customer_scope: DataScope, data: QuoteData,
                       may_price_below_floor: bool = False) -> Quote:
    """A draft quote for a customer the actor may see; every bad field and line is reported at once."""
    problems = Problems()
    notes = _checked_header(problems, data)
    customer = None
    if data.customer_id is not None:
        customer = await problems.attempt_async(visible_customer(customer_scope, data.customer_id))
    lines = []
    if data.lines and len(data.lines) <= get_settings().quote_max_lines:
        lines = await _priced_lines(problems, data, customer.level if customer else None, may_price_below_floor)
    problems.raise_if_any()
    async with unit_of_work() as work:
        quote = await Quote.create(number=uuid4().hex, customer=customer, owner_id=actor.user_id,
                                   team_id=await owner_team(actor), currency=get_settings().default_currency,
                                   valid_until=data.valid_until, notes=notes,
                                   total_amount=sum((line.line_total for line in lines), Decimal("0")))
        quote.number = f"QT{quote.id:08d}"
        await quote.save(update_fields=["number"])
        for line in lines:
            line.quote_id = quote.id
        await QuoteLine.bulk_create(lines)
        work.record(quote_event("quote.created", quote, actor, lines=len(lines)))
    return quote


async def get_visible(scope: DataScope, quote_id: int) -> Quote:
    quote = await Quote.filter(scope.q(), id=quote_id).first()
    if quote is None:
        raise NotFound()
    return quote


async def _move(quote: Quote, *, allowed: tuple[str, ...], to: str) -> None:
    """Change status only if nobody changed it meanwhile; ``INVALID_TRANSITION`` names the status found."""
    if quote.status not in allowed:
        raise DomainError("INVALID_TRANSITION", status=quote.status)
    now = utcnow()
    if not await Quote.filter(id=quote.id, status=quote.status).update(status=to, updated_at=now):
        raise DomainError("INVALID_TRANSITION", status=(await Quote.get(id=quote.id)).status)
    quote.status, quote.updated_at = to, now


def _check_still_valid(quote: Quote) -> None:
    if quote.valid_until is not None and quote.valid_until < check.today():
        raise DomainError("QUOTE_EXPIRED", validUntil=quote.valid_until.isoformat())


async def _advance(actor: Actor, scope: DataScope, quote_id: int, *, allowed: tuple[str, ...], to: str,
                   event: str, require_valid: bool, **payload) -> Quote:
    async with unit_of_work() as work:
        quote = await get_visible(scope, quote_id)
        if require_valid and quote.status in allowed:
            _check_still_valid(quote)
        await _move(quote, allowed=allowed, to=to)
        work.record(quote_event(event, quote, actor, **payload))
    return quote


async def send_quote(*, actor: Actor, scope: DataScope, quote_id: int) -> Quote:
    return await _advance(actor, scope, quote_id, allowed=("draft",), to="sent", event="quote.sent",
                          require_valid=True)


async def accept_quote(*, actor: Actor, scope: DataScope, quote_id: int) -> Quote:
    """The customer accepted a sent quote while it was still valid."""
    return await _advance(actor, scope, quote_id, allowed=("sent",), to="accepted", event="quote.accepted",
                          require_valid=True)


async def reject_quote(*, actor: Actor, scope: DataScope, quote_id: int, reason: str | None = None) -> Quote:
    reason = check.check_text(reason, "reason", max_length=500)
    return await _advance(actor, scope, quote_id, allowed=("sent",), to="rejected", event="quote.rejected",
                          require_valid=False, reason=reason)


async def convert_to_contract(*, actor: Actor, scope: DataScope, quote_id: int, title: str | None,
                              start_date: date | None, end_date: date | None) -> Contract:
    """A draft contract for the accepted quote's customer and total; a quote becomes one live contract."""
    problems = Problems()
    title = problems.attempt(lambda: check.check_text(title, "title", max_length=200, required=True))
    check.check_term(problems, start_date, end_date)
    problems.raise_if_any()
    async with unit_of_work() as work:
        quote = await get_visible(scope, quote_id)
        # Touch the accepted quote first: a concurrent conversion waits here, then sees this contract.
        await _move(quote, allowed=("accepted",), to="accepted")
        existing = await Contract.filter(quote_id=quote.id).exclude(status="terminated").first()
        if existing is not None:
            raise DomainError("QUOTE_ALREADY_CONVERTED", number=existing.number)
        amount = check.check_amount(quote.total_amount, "totalAmount")
        customer = await quote.customer
        contract = await open_contract(work, actor=actor, customer=customer, title=title,
                                       amount=amount, start_date=start_date, end_date=end_date,
                                       quote_id=quote.id)
        work.record(quote_event("quote.converted", quote, actor, contractId=contract.id,
                                contractNumber=contract.number))
    return contract
