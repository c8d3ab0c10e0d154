"""Quote and contract reads for lists, screens and loaders, narrowed by the viewer's data scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tortoise.expressions import Q

from domain.errors import DomainError
from domain.identity.scope import DataScope
from domain.orders.models import Order
from domain.pagination import Page, Sort, paginate
from domain.sales.contracts import approval_required
from domain.sales.models import (
    CONTRACT_STATUSES, QUOTE_STATUSES, Contract, ContractApproval, ContractAttachment, Quote, QuoteLine,
)

NEWEST_FIRST = Sort("id", descending=True)
RATIO_STEP = Decimal("0.0001")


@dataclass
class ContractFilter:
    statuses: list[str] | None = None
    customer_id: int | None = None
    owner_id: int | None = None
    search: str | None = None


@dataclass
class QuoteFilter:
    statuses: list[str] | None = None
    customer_id: int | None = None
    search: str | None = None


def _check_statuses(statuses: list[str] | None, allowed: tuple[str, ...]) -> None:
    if statuses and not set(statuses) <= set(allowed):
        raise DomainError("INVALID_CHOICE", field="filter.statuses", allowed=" / ".join(allowed))


def filtered_contracts(scope: DataScope, f: ContractFilter):
    _check_statuses(f.statuses, CONTRACT_STATUSES)
    queryset = Contract.filter(scope.q())
    if f.statuses:
        queryset = queryset.filter(status__in=f.statuses)
    if f.customer_id is not None:
        queryset = queryset.filter(customer_id=f.customer_id)
    if f.owner_id is not None:
        queryset = queryset.filter(owner_id=f.owner_id)
    if f.search and f.search.strip():
        term = f.search.strip()[:100]
        queryset = queryset.filter(Q(number__icontains=term) | Q(title__icontains=term))
    return queryset


async def list_contracts(*, scope: DataScope, filter: ContractFilter, first: int, after: str | None,
                         limit: int) -> Page[Contract]:
    return await paginate(filtered_contracts(scope, filter), first=first, after=after, limit=limit,
                          sort=NEWEST_FIRST)


async def get_contract(*, scope: DataScope, contract_id: int) -> Contract | None:
    return await Contract.filter(scope.q(), id=contract_id).first()


async def list_quotes(*, scope: DataScope, filter: QuoteFilter, first: int, after: str | None,
                      limit: int) -> Page[Quote]:
    _check_statuses(filter.statuses, QUOTE_STATUSES)
    queryset = Quote.filter(scope.q())
    if filter.statuses:
        queryset = queryset.filter(status__in=filter.statuses)
    if filter.customer_id is not None:
        queryset = queryset.filter(customer_id=filter.customer_id)
    if filter.search and filter.search.strip():
        queryset = queryset.filter(number__icontains=filter.search.strip()[:100])
    return await paginate(queryset, first=first, after=after, limit=limit, sort=NEWEST_FIRST)


async def get_quote(*, scope: DataScope, quote_id: int) -> Quote | None:
    return await Quote.filter(scope.q(), id=quote_id).first()


# Loaders: one query per batch of keys.

async def quotes_by_ids(ids: Iterable[int]) -> list[Quote]:
    return await Quote.filter(id__in=list(ids))


def _grouped(rows, key: str) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(getattr(row, key), []).append(row)
    return grouped


async def approvals_by_contract(contract_ids: Iterable[int]) -> dict[int, list[ContractApproval]]:
    """The approval trail of each contract, oldest step first."""
    rows = await ContractApproval.filter(contract_id__in=list(contract_ids)).order_by("id")
    return _grouped(rows, "contract_id")


async def attachments_by_contract(contract_ids: Iterable[int]) -> dict[int, list[ContractAttachment]]:
    rows = await ContractAttachment.filter(contract_id__in=list(contract_ids)).order_by("id")
    return _grouped(rows, "contract_id")


async def lines_by_quote(quote_ids: Iterable[int]) -> dict[int, list[QuoteLine]]:
    rows = await QuoteLine.filter(quote_id__in=list(quote_ids)).select_related("product").order_by("id")
    return _grouped(rows, "quote_id")


async def ordered_amounts(contract_ids: Iterable[int]) -> dict[int, Decimal]:
    """Total of the orders placed against each contract, cancelled ones excluded.

    Added up here in Decimal: SQLite keeps decimals as text and would sum them as floats.
    """
    totals: dict[int, Decimal] = {}
    rows = await (Order.filter(contract_id__in=list(contract_ids)).exclude(status="cancelled")
                  .values_list("contract_id", "total_amount"))
    for contract_id, amount in rows:
        totals[contract_id] = totals.get(contract_id, Decimal("0")) + Decimal(amount)
    return totals


@dataclass(frozen=True)
class Progress:
    """How far a contract is executed: ordered, invoiced and collected against its amount."""

    contract_amount: Decimal
    ordered_amount: Decimal
    invoiced_amount: Decimal
    collected_amount: Decimal

    @staticmethod
    def ratio(part: Decimal, whole: Decimal) -> Decimal:
        """``part / whole`` to four places (0.4568 is 45.68%); 0 for an empty whole."""
        if not whole:
            return Decimal("0.0000")
        return (part / whole).quantize(RATIO_STEP, rounding=ROUND_HALF_UP)

    @property
    def ordered_ratio(self) -> Decimal:
        return self.ratio(self.ordered_amount, self.contract_amount)

    @property
    def invoiced_ratio(self) -> Decimal:
        return self.ratio(self.invoiced_amount, self.contract_amount)

    @property
    def collected_ratio(self) -> Decimal:
        return self.ratio(self.collected_amount, self.contract_amount)


def progress_of(contract: Contract, ordered: Decimal) -> Progress:
    cent = Decimal("0.01")
    return Progress(contract_amount=contract.amount, ordered_amount=ordered.quantize(cent),
                    invoiced_amount=contract.invoiced_amount, collected_amount=contract.collected_amount)


def approval_state(contract: Contract, steps: list[ContractApproval]) -> str:
    """``not_required`` / ``required`` / ``pending`` / ``approved`` / ``rejected``, from status and trail."""
    last = steps[-1].action if steps else None
    if contract.status == "pending_approval":
        return "approved" if last == "approved" else "pending"
    if contract.status == "draft":
        if last == "rejected":
            return "rejected"
        return "required" if approval_required(contract) else "not_required"
    return "approved" if any(step.action == "approved" for step in steps) else "not_required"
