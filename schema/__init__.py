"""The assembled GraphQL schema: Query, Mutation and Subscription of every area."""

from __future__ import annotations

import strawberry
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.tools import merge_types

from schema.audit.fields import AuditQuery
from schema.audit_trail import AuditTrail
from schema.automation.fields import AutomationMutation, AutomationQuery
from schema.authorization import FieldAuthorization
from schema.catalog.fields import CatalogMutation, CatalogQuery
from schema.crm.fields import CrmMutation, CrmQuery
from schema.crm.transfer import CrmTransferMutation, CrmTransferQuery, CrmTransferSubscription
from schema.errors import ErrorPresentation
from schema.funnel.fields import FunnelMutation, FunnelQuery, FunnelSubscription
from schema.identity.admin import IdentityAdminMutation, IdentityAdminQuery
from schema.identity.fields import IdentityMutation, IdentityQuery
from schema.inventory.fields import InventoryMutation, InventoryQuery, InventorySubscription
from schema.limits import limit_extensions
from schema.orders.fields import OrdersMutation, OrdersQuery, OrdersSubscription
from schema.sales.fields import SalesMutation, SalesQuery
from schema.system.fields import SystemQuery, SystemSubscription
from settings import Settings, get_settings

Query = merge_types("Query", (SystemQuery, IdentityQuery, IdentityAdminQuery, CrmQuery, CrmTransferQuery, AuditQuery,
                                  OrdersQuery, SalesQuery, FunnelQuery, CatalogQuery, InventoryQuery,
                                  AutomationQuery))
Mutation = merge_types("Mutation", (IdentityMutation, IdentityAdminMutation, CrmMutation, CrmTransferMutation,
                                        OrdersMutation, SalesMutation, FunnelMutation, CatalogMutation,
                                        InventoryMutation, AutomationMutation))
Subscription = merge_types("Subscription", (SystemSubscription, CrmTransferSubscription,
                                             OrdersSubscription, FunnelSubscription, InventorySubscription))


class DocumentCache(ParserCache):
    def __init__(self) -> None:
        super().__init__(maxsize=512)


class ValidatedDocumentCache(ValidationCache):
    def __init__(self) -> None:
        super().__init__(maxsize=512)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    settings = settings or get_settings()
    extensions = [
        *limit_extensions(settings),
        DocumentCache,
        ValidatedDocumentCache,
        ErrorPresentation,
        FieldAuthorization,
        AuditTrail,  # last: it wraps FieldAuthorization, so refused mutations are recorded too
    ]
    return strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription,
                             extensions=extensions)
