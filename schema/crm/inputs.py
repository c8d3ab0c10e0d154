"""Inputs, filters, sort and payloads of the CRM API."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from domain.crm.contacts import ContactData, InteractionData
from domain.crm.queries import CustomerFilter
from domain.crm.services import CustomerData
from domain.pagination import Sort
from resolvers.ids import parse_id
from schema.common import UserError
from schema.crm.types import Contact, CustomFieldDefinition, Customer, Interaction


@strawberry.input
class CustomerInput:
    name: str | None = None
    code: str | None = None
    kind: str | None = None
    industry: str | None = None
    province: str | None = None
    city: str | None = None
    level: str | None = None
    source: str | None = None
    stage: str | None = None
    tags: list[str] | None = None
    birthday: date | None = None
    notes: str | None = None
    phone: str | None = None
    email: str | None = None
    id_number: str | None = None
    custom_fields: JSON | None = None

    def to_data(self) -> CustomerData:
        return CustomerData(**{k: getattr(self, k) for k in CustomerData.__dataclass_fields__ if k != "extra"})


@strawberry.input
class CustomerFilterInput:
    search: str | None = None
    tags: list[str] | None = None
    levels: list[str] | None = None
    stages: list[str] | None = None
    province: str | None = None
    city: str | None = None
    owner_id: strawberry.ID | None = None
    last_interaction_before: datetime | None = None
    last_interaction_after: datetime | None = None

    def to_filter(self) -> CustomerFilter:
        return CustomerFilter(
            search=self.search, tags=self.tags, levels=self.levels, stages=self.stages, province=self.province,
            city=self.city, owner_id=parse_id(self.owner_id, field="ownerId"),
            last_interaction_before=self.last_interaction_before, last_interaction_after=self.last_interaction_after,
        )


@strawberry.enum
class CustomerSortField(Enum):
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    NAME = "name"
    CODE = "code"
    LEVEL = "level"


@strawberry.input
class CustomerSort:
    field: CustomerSortField = CustomerSortField.CREATED_AT
    descending: bool = True

    def to_sort(self) -> Sort:
        return Sort(self.field.value, self.descending)


@strawberry.input
class ContactInput:
    name: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    wechat_id: str | None = None
    birthday: date | None = None
    is_primary: bool | None = None
    marketing_consent: bool | None = None
    consent_source: str | None = None

    def to_data(self) -> ContactData:
        return ContactData(**{k: getattr(self, k) for k in ContactData.__dataclass_fields__})


@strawberry.input
class InteractionInput:
    customer_id: strawberry.ID
    kind: str
    summary: str
    occurred_at: datetime | None = None
    contact_id: strawberry.ID | None = None
    outcome: str | None = None
    next_step: str | None = None
    next_step_at: datetime | None = None
    opportunity_id: strawberry.ID | None = None
    order_id: strawberry.ID | None = None

    def to_data(self) -> InteractionData:
        return InteractionData(
            customer_id=parse_id(self.customer_id, field="customerId"), kind=self.kind, summary=self.summary,
            occurred_at=self.occurred_at, contact_id=parse_id(self.contact_id, field="contactId"),
            outcome=self.outcome, next_step=self.next_step, next_step_at=self.next_step_at,
            opportunity_id=parse_id(self.opportunity_id, field="opportunityId"),
            order_id=parse_id(self.order_id, field="orderId"),
        )


@strawberry.input
class CustomFieldInput:
    key: str
    label_zh: str
    label_en: str
    field_type: str
    choices: list[str] | None = None
    required: bool = False


@strawberry.type
class CustomerPayload:
    customer: Customer | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CustomersPayload:
    customers: list[Customer] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ContactPayload:
    contact: Contact | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class InteractionPayload:
    interaction: Interaction | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CustomFieldPayload:
    custom_field: CustomFieldDefinition | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
