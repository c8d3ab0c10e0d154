"""Leads: unqualified interest (with its source and campaign) and its conversion into a customer and an opportunity."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.actor import Actor
from domain.crm import validation as crm_check
from domain.crm.contacts import ContactData, add_contact
from domain.crm.models import Customer
from domain.crm.services import CustomerData, checked_customer_values, create_customer, find_duplicate
from domain.errors import DomainError, NotFound, Problems
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.identity.scope import DataScope
from domain.protection import blind_index, decrypt, encrypt
from domain.sales import funnel_checks as check
from domain.sales.funnel import OpportunityData, create_opportunity
from domain.sales.pipeline_models import Lead, Opportunity


@dataclass
class LeadData:
    name: str | None = None
    contact_name: str | None = None
    phone: str | None = None
    email: str | None = None
    source: str | None = None
    campaign: str | None = None
    notes: str | None = None
    owner_id: int | None = None  # None: the actor
    auto_assign: bool = False  # no owner yet: the assignment rules give it one


@dataclass
class Conversion:
    """How to convert: link ``customer_id``, or create a customer (linking a visible duplicate when asked)."""

    customer_id: int | None = None
    link_duplicate: bool = False
    allow_duplicate: bool = False
    opportunity: OpportunityData = field(default_factory=OpportunityData)


@dataclass
class Converted:
    lead: Lead
    customer: Customer
    opportunity: Opportunity
    customer_created: bool


def lead_event(kind: str, lead: Lead, actor: Actor, **payload) -> DomainEvent:
    return DomainEvent(type=kind, aggregate_type="Lead", aggregate_id=str(lead.id),
                       payload={"name": lead.name, "source": lead.source, "campaign": lead.campaign, **payload},
                       owner_id=lead.owner_id, team_id=lead.team_id, actor_id=actor.user_id)


def _checked(data: LeadData, problems: Problems) -> dict:
    values = {
        "name": problems.attempt(lambda: check.text(data.name, "name", max_length=200, required=True)),
        "contact_name": problems.attempt(lambda: check.text(data.contact_name, "contactName", max_length=100)),
        "source": problems.attempt(lambda: check.text(data.source, "source", max_length=30)),
        "campaign": problems.attempt(lambda: check.text(data.campaign, "campaign", max_length=100)),
        "notes": problems.attempt(lambda: check.text(data.notes, "notes", max_length=5000)),
    }
    for column, normalise in (("phone", crm_check.normalise_phone), ("email", crm_check.normalise_email)):
        value = problems.attempt(lambda fn=normalise, c=column: fn(getattr(data, c)))
        if value is not None:
            values[f"{column}_encrypted"] = encrypt(value)
            values[f"{column}_index"] = blind_index(column, value)
    return values


async def create_lead(*, actor: Actor, scope: DataScope, data: LeadData) -> Lead:
    problems = Problems()
    values = _checked(data, problems)
    owner_id = data.owner_id if data.owner_id is not None else actor.user_id
    if data.auto_assign:
        if data.owner_id is not None:
            problems.add("OWNER_OR_AUTO_ASSIGN", field="autoAssign")
        owner_id = None
    async with unit_of_work() as work:
        team_id = await problems.attempt_async(
            check.person_team(owner_id, scope, field="ownerId", code="UNKNOWN_OWNER"))
        problems.raise_if_any()
        lead = await Lead.create(**values, owner_id=owner_id, team_id=team_id)
        work.record(lead_event("lead.created", lead, actor))
    return lead


async def get_visible(scope: DataScope, lead_id: int) -> Lead:
    lead = await Lead.filter(scope.q(), id=lead_id).first()
    if lead is None:
        raise NotFound()
    return lead


async def convert_lead(*, actor: Actor, scope: DataScope, customers: DataScope, opportunities: DataScope,
                       lead_id: int, conversion: Conversion, now: datetime | None = None) -> Converted:
    """Create (or link) the customer and create the opportunity, all or nothing."""
    now = now or utcnow()
    async with unit_of_work() as work:
        lead = await get_visible(scope, lead_id)
        if lead.status != "open":
            raise DomainError("INVALID_TRANSITION", field="id", status=lead.status)
        customer, created = await _customer_for(actor, customers, lead, conversion)
        wanted = conversion.opportunity
        wanted.customer_id = customer.id
        wanted.title = wanted.title if wanted.title is not None else lead.name
        if wanted.owner_id is None:
            wanted.owner_id = lead.owner_id
        opportunity = await create_opportunity(actor=actor, scope=opportunities, customers=customers, data=wanted,
                                               now=now, lead_id=lead.id)
        updated = await Lead.filter(id=lead.id, status="open").update(
            status="converted", customer_id=customer.id, opportunity_id=opportunity.id, converted_at=now,
            updated_at=now)
        if not updated:
            raise DomainError("CONCURRENT_CHANGE", field="id")
        lead.status, lead.customer_id, lead.opportunity_id, lead.converted_at = (
            "converted", customer.id, opportunity.id, now)
        work.record(lead_event("lead.converted", lead, actor, customerId=customer.id, opportunityId=opportunity.id,
                               customerCreated=created))
    return Converted(lead=lead, customer=customer, opportunity=opportunity, customer_created=created)


async def _customer_for(actor: Actor, customers: DataScope, lead: Lead,
                        conversion: Conversion) -> tuple[Customer, bool]:
    if conversion.customer_id is not None:
        found = await Customer.filter(customers.q(), id=conversion.customer_id, merged_into_id=None).first()
        if found is None:
            raise DomainError("UNKNOWN_CUSTOMER", field="customerId")
        return found, False
    data = CustomerData(name=lead.name, source=lead.source, stage="prospect", phone=decrypt(lead.phone_encrypted),
                        email=decrypt(lead.email_encrypted))
    if conversion.link_duplicate:
        duplicate = await find_duplicate(checked_customer_values(data, creating=True, definitions={}))
        if duplicate is not None:
            existing, _ = duplicate
            if customers.allows(owner_id=existing.owner_id, team_id=existing.team_id):
                return existing, False
    customer = await create_customer(actor=actor, scope=customers, data=data, owner_id=lead.owner_id,
                                     allow_duplicate=conversion.allow_duplicate)
    if lead.contact_name:
        await add_contact(actor=actor, scope=customers, customer_id=customer.id,
                          data=ContactData(name=lead.contact_name, phone=data.phone, email=data.email,
                                           is_primary=True))
    return customer, True
