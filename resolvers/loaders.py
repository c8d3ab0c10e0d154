"""Per-request DataLoaders, named <Target>By<Key>Loader."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from domain.crm import queries as crm_queries
from domain.identity import queries as identity_queries
from resolvers.funnel_loaders import FunnelLoaders
from resolvers.orders import OrderLoaders
from resolvers.sales_loaders import SalesLoaders


def _by_id(fetch):
    async def load(ids: list[int]):
        found = {row.id: row for row in await fetch(ids)}
        return [found.get(i) for i in ids]

    return load


def UserByIdLoader() -> DataLoader:  # noqa: N802 - named after what it loads
    return DataLoader(load_fn=_by_id(identity_queries.users_by_ids))


def TeamByIdLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=_by_id(identity_queries.teams_by_ids))


def _grouped(fetch, default):
    async def load(keys: list[int]):
        found = await fetch(keys)
        return [found.get(k, default) for k in keys]

    return load


def ContactsByCustomerLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=_grouped(crm_queries.contacts_by_customer, []))


def PurchaseSummaryByCustomerLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=_grouped(crm_queries.purchase_summaries, None))


@dataclass
class Loaders:
    user_by_id: DataLoader = field(default_factory=UserByIdLoader)
    team_by_id: DataLoader = field(default_factory=TeamByIdLoader)
    contacts_by_customer: DataLoader = field(default_factory=ContactsByCustomerLoader)
    purchase_summary_by_customer: DataLoader = field(default_factory=PurchaseSummaryByCustomerLoader)
    orders: OrderLoaders = field(default_factory=OrderLoaders)
    sales: SalesLoaders = field(default_factory=SalesLoaders)
    funnel: FunnelLoaders = field(default_factory=FunnelLoaders)
