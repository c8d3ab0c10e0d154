"""Per-request DataLoaders, named <Target>By<Key>Loader."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from resolvers.batching import by_id, grouped

from domain.crm import queries as crm_queries
from domain.identity import queries as identity_queries
from resolvers.automation import AutomationRuleByIdLoader
from resolvers.funnel_loaders import FunnelLoaders
from resolvers.orders import OrderLoaders
from resolvers.sales_loaders import SalesLoaders


def UserByIdLoader() -> DataLoader:  # noqa: N802 - named after what it loads
    return DataLoader(load_fn=by_id(identity_queries.users_by_ids))


def TeamByIdLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=by_id(identity_queries.teams_by_ids))


def ContactsByCustomerLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(crm_queries.contacts_by_customer, []))


def PurchaseSummaryByCustomerLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(crm_queries.purchase_summaries))


@dataclass
class Loaders:
    user_by_id: DataLoader = field(default_factory=UserByIdLoader)
    team_by_id: DataLoader = field(default_factory=TeamByIdLoader)
    contacts_by_customer: DataLoader = field(default_factory=ContactsByCustomerLoader)
    purchase_summary_by_customer: DataLoader = field(default_factory=PurchaseSummaryByCustomerLoader)
    orders: OrderLoaders = field(default_factory=OrderLoaders)
    sales: SalesLoaders = field(default_factory=SalesLoaders)
    funnel: FunnelLoaders = field(default_factory=FunnelLoaders)
    automation_rule_by_id: DataLoader = field(default_factory=AutomationRuleByIdLoader)
