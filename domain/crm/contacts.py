"""Contacts at customers, and the interaction log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.actor import Actor
from domain.crm import validation as check
from domain.crm.models import INTERACTION_KINDS, Contact, Interaction
from domain.crm.services import customer_event, get_visible
from domain.errors import DomainError, NotFound, ValidationFailed
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.identity.scope import DataScope
from domain.protection import blind_index, encrypt


@dataclass
class ContactData:
    name: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    wechat_id: str | None = None
    birthday: date | None = None
    is_primary: bool | None = None
    marketing_consent: bool | None = None
    consent_source: str | None = None


def checked_contact_values(data: ContactData, *, creating: bool) -> dict:
    """Column values for a contact row, or ``ValidationFailed`` listing every bad field."""
    problems: list[DomainError] = []
    values: dict = {}
    for name, limit in (("name", 100), ("title", 100), ("wechat_id", 64), ("consent_source", 50)):
        try:
            check.check_text(getattr(data, name), name, max_length=limit, required=creating and name == "name")
        except DomainError as error:
            problems.append(error)
    normalised = {}
    for name, fn in (("phone", check.normalise_phone), ("email", check.normalise_email)):
        try:
            normalised[name] = fn(getattr(data, name))
        except DomainError as error:
            problems.append(error)
    if problems:
        raise ValidationFailed(problems)
    for name in ("name", "title", "wechat_id", "birthday", "is_primary"):
        value = getattr(data, name)
        if value is not None:
            values[name] = value.strip() if isinstance(value, str) else value
    for name in ("phone", "email"):
        if getattr(data, name) is not None:
            values[f"{name}_encrypted"] = encrypt(normalised[name])
            values[f"{name}_index"] = blind_index(name, normalised[name])
    if data.marketing_consent is not None:
        values["marketing_consent"] = data.marketing_consent
        values["consent_at"] = utcnow()
        values["consent_source"] = (data.consent_source or "manual").strip()
    return values


async def add_contact(*, actor: Actor, scope: DataScope, customer_id: int, data: ContactData) -> Contact:
    values = checked_contact_values(data, creating=True)
    async with unit_of_work() as work:
        customer = await get_visible(scope, customer_id)
        if values.get("is_primary"):
            await Contact.filter(customer_id=customer.id).update(is_primary=False)
        contact = await Contact.create(customer=customer, **values)
        work.record(customer_event("customer.contact_added", customer, actor, contactId=contact.id))
    return contact


async def update_contact(*, actor: Actor, scope: DataScope, contact_id: int, data: ContactData) -> Contact:
    values = checked_contact_values(data, creating=False)
    async with unit_of_work() as work:
        contact = await Contact.get_or_none(id=contact_id)
        if contact is None:
            raise NotFound()
        customer = await get_visible(scope, contact.customer_id)
        if values.get("is_primary"):
            await Contact.filter(customer_id=customer.id).exclude(id=contact.id).update(is_primary=False)
        await Contact.filter(id=contact.id).update(**values)
        await contact.refresh_from_db()
        work.record(customer_event("customer.contact_updated", customer, actor, contactId=contact.id))
    return contact


@dataclass
class InteractionData:
    customer_id: int
    kind: str
    summary: str
    occurred_at: datetime | None = None
    contact_id: int | None = None
    outcome: str | None = None
    next_step: str | None = None
    next_step_at: datetime | None = None
    opportunity_id: int | None = None
    order_id: int | None = None


def _check_interaction(data: InteractionData) -> None:
    problems: list[DomainError] = []
    for name, value, limit, required in (("summary", data.summary, 5000, True), ("outcome", data.outcome, 200, False),
                                         ("nextStep", data.next_step, 200, False)):
        try:
            check.check_text(value, name, max_length=limit, required=required)
        except DomainError as error:
            problems.append(error)
    if data.kind not in INTERACTION_KINDS:
        problems.append(DomainError("INVALID_CHOICE", field="kind", allowed=" / ".join(INTERACTION_KINDS)))
    for name, moment in (("occurredAt", data.occurred_at), ("nextStepAt", data.next_step_at)):
        if moment is not None and moment.tzinfo is None:
            problems.append(DomainError("INVALID_DATE", field=name))
    if problems:
        raise ValidationFailed(problems)


async def log_interaction(*, actor: Actor, scope: DataScope, data: InteractionData) -> Interaction:
    """Record a call, visit, meeting, e-mail, WeChat or note; it also refreshes the customer's last contact."""
    _check_interaction(data)
    async with unit_of_work() as work:
        customer = await get_visible(scope, data.customer_id)
        if data.contact_id is not None and not await Contact.exists(id=data.contact_id, customer_id=customer.id):
            raise NotFound(field="contactId")
        if data.order_id is not None:
            from domain.orders.models import Order

            if not await Order.exists(id=data.order_id, customer_id=customer.id):
                raise NotFound(field="orderId")
        occurred = data.occurred_at or utcnow()
        interaction = await Interaction.create(
            customer=customer, contact_id=data.contact_id, user_id=actor.user_id, kind=data.kind,
            occurred_at=occurred, summary=data.summary.strip(), outcome=data.outcome, next_step=data.next_step,
            next_step_at=data.next_step_at, opportunity_id=data.opportunity_id, order_id=data.order_id,
        )
        if customer.last_interaction_at is None or occurred > customer.last_interaction_at:
            customer.last_interaction_at = occurred
            await customer.save(update_fields=["last_interaction_at", "updated_at"])
        work.record(DomainEvent(type="interaction.logged", aggregate_type="Interaction",
                                aggregate_id=str(interaction.id),
                                payload={"customerId": customer.id, "kind": data.kind},
                                owner_id=customer.owner_id, team_id=customer.team_id, actor_id=actor.user_id))
    return interaction
