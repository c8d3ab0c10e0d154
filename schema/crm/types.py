"""GraphQL types for customers, contacts and interactions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.scalars import JSON

from domain.protection import mask_email, mask_id_number, mask_phone
from resolvers import crm as resolve
from schema.common import Connection, connection
from schema.context import Info
from schema.identity.types import User, user_field
from schema.orders.types import Order
from schema.sensitive import reveal


@strawberry.type
class Contact:
    model: strawberry.Private[Any]
    id: strawberry.ID
    name: str
    title: str | None
    wechat_id: str | None
    birthday: date | None
    is_primary: bool
    marketing_consent: bool
    consent_at: datetime | None
    consent_source: str | None

    @classmethod
    def from_model(cls, m: Any) -> Contact:
        return cls(model=m, id=strawberry.ID(str(m.id)), name=m.name, title=m.title, wechat_id=m.wechat_id,
                   birthday=m.birthday, is_primary=m.is_primary, marketing_consent=m.marketing_consent,
                   consent_at=m.consent_at, consent_source=m.consent_source)

    @strawberry.field(description="Masked (138****5678) unless the viewer may see it in full.")
    def phone(self, info: Info) -> str | None:
        return reveal(info, "Contact.phone", self.model.id, self.model.phone_encrypted, mask_phone)

    @strawberry.field
    def email(self, info: Info) -> str | None:
        return reveal(info, "Contact.email", self.model.id, self.model.email_encrypted, mask_email)


@strawberry.type
class Interaction:
    model: strawberry.Private[Any]
    id: strawberry.ID
    kind: str
    occurred_at: datetime
    summary: str
    outcome: str | None
    next_step: str | None
    next_step_at: datetime | None

    @classmethod
    def from_model(cls, m: Any) -> Interaction:
        return cls(model=m, id=strawberry.ID(str(m.id)), kind=m.kind, occurred_at=m.occurred_at, summary=m.summary,
                   outcome=m.outcome, next_step=m.next_step, next_step_at=m.next_step_at)

    @strawberry.field
    def user(self, info: Info) -> User | None:
        return user_field(info, self.model.user_id)


@strawberry.type
class PurchaseSummary:
    lifetime_value: Decimal
    order_count: int
    last_purchase_at: datetime | None


@strawberry.type
class Customer:
    model: strawberry.Private[Any]
    id: strawberry.ID
    code: str
    name: str
    kind: str
    industry: str | None
    province: str | None
    city: str | None
    level: str
    source: str | None
    stage: str
    tags: list[str]
    birthday: date | None
    notes: str | None
    custom_fields: JSON
    last_interaction_at: datetime | None
    assigned_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Customer:
        return cls(
            model=m, id=strawberry.ID(str(m.id)), code=m.code, name=m.name, kind=m.kind, industry=m.industry,
            province=m.province, city=m.city, level=m.level, source=m.source, stage=m.stage, tags=m.tags or [],
            birthday=m.birthday, notes=m.notes, custom_fields=m.custom_fields or {},
            last_interaction_at=m.last_interaction_at, assigned_at=m.assigned_at, created_at=m.created_at,
            updated_at=m.updated_at,
        )

    @strawberry.field(description="True while the customer sits in the public pool (公海).")
    def in_pool(self) -> bool:
        return self.model.owner_id is None

    @strawberry.field
    def owner(self, info: Info) -> User | None:
        return user_field(info, self.model.owner_id)

    @strawberry.field(description="Masked (138****5678) unless the viewer may see it in full.")
    def phone(self, info: Info) -> str | None:
        return reveal(info, "Customer.phone", self.model.id, self.model.phone_encrypted, mask_phone)

    @strawberry.field
    def email(self, info: Info) -> str | None:
        return reveal(info, "Customer.email", self.model.id, self.model.email_encrypted, mask_email)

    @strawberry.field
    def id_number(self, info: Info) -> str | None:
        return reveal(info, "Customer.idNumber", self.model.id, self.model.id_number_encrypted, mask_id_number)

    @strawberry.field
    async def contacts(self, info: Info) -> list[Contact]:
        rows = await info.context.loaders.contacts_by_customer.load(self.model.id)
        return [Contact.from_model(r) for r in rows]

    @strawberry.field
    async def interactions(self, info: Info, first: int = 20, after: str | None = None) -> Connection[Interaction]:
        page = await resolve.interactions(info.context, customer_id=self.model.id, first=first, after=after)
        return connection(page, Interaction.from_model)

    @strawberry.field
    async def orders(self, info: Info, first: int = 20, after: str | None = None) -> Connection[Order]:
        page = await resolve.orders(info.context, customer_id=self.model.id, first=first, after=after)
        return connection(page, Order.from_model)

    @strawberry.field(description="Lifetime value, order count and last purchase (confirmed orders onward).")
    async def purchase_summary(self, info: Info) -> PurchaseSummary:
        s = await info.context.loaders.purchase_summary_by_customer.load(self.model.id)
        return PurchaseSummary(lifetime_value=s.lifetime_value, order_count=s.order_count,
                               last_purchase_at=s.last_purchase_at)


@strawberry.type
class CustomFieldDefinition:
    key: str
    label_zh: str
    label_en: str
    field_type: str
    choices: list[str]
    required: bool

    @classmethod
    def from_model(cls, m: Any) -> CustomFieldDefinition:
        return cls(key=m.key, label_zh=m.label_zh, label_en=m.label_en, field_type=m.field_type,
                   choices=list(m.choices or []), required=m.required)
