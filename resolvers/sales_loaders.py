"""Per-request DataLoaders for quotes and contracts, named <Target>By<Key>Loader."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from strawberry.dataloader import DataLoader

from resolvers.batching import by_id, grouped

from domain.crm import queries as crm_queries
from domain.sales import queries


def CustomerByIdLoader() -> DataLoader:  # noqa: N802 - named after what it loads
    return DataLoader(load_fn=by_id(crm_queries.customers_by_ids))


def QuoteByIdLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=by_id(queries.quotes_by_ids))


def ApprovalsByContractLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(queries.approvals_by_contract, []))


def AttachmentsByContractLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(queries.attachments_by_contract, []))


def OrderedAmountByContractLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(queries.ordered_amounts, Decimal("0")))


def LinesByQuoteLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(queries.lines_by_quote, []))


@dataclass
class SalesLoaders:
    customer_by_id: DataLoader = field(default_factory=CustomerByIdLoader)
    quote_by_id: DataLoader = field(default_factory=QuoteByIdLoader)
    approvals_by_contract: DataLoader = field(default_factory=ApprovalsByContractLoader)
    attachments_by_contract: DataLoader = field(default_factory=AttachmentsByContractLoader)
    ordered_amount_by_contract: DataLoader = field(default_factory=OrderedAmountByContractLoader)
    lines_by_quote: DataLoader = field(default_factory=LinesByQuoteLoader)
