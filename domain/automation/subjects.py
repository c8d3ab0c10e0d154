"""What a rule can look at: the records it fires on, their fields (camelCase, as the API names them)
and the events that can trigger it.

Records are read in batches into plain dicts (``values``): conditions compare them and templates
print them, so neither ever touches the ORM.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tortoise.functions import Max

from domain.crm.models import Contact, Customer, Interaction
from domain.orders.models import Order
from domain.protection import decrypt
from domain.sales.pipeline_models import Lead, Opportunity, Stage, Task
from settings import get_settings

FIELD_KINDS = ("text", "number", "int", "bool", "date", "datetime")


@dataclass(frozen=True)
class Subject:
    """A kind of record rules act on, the fields conditions may name, and how to read them."""

    name: str
    model: type
    fields: dict[str, str]  # field -> kind
    load: Callable[[list[int], datetime], Awaitable[dict[int, dict]]]
    owner_field: str = "owner_id"


def _days(since: datetime | None, now: datetime) -> int | None:
    return None if since is None else max(0, (now - since).days)


def local_today(now: datetime) -> date:
    return now.astimezone(ZoneInfo(get_settings().display_timezone)).date()


async def _customer_names(ids) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    return dict(await Customer.filter(id__in=ids).values_list("id", "name")) if ids else {}


async def _load_leads(ids: list[int], now: datetime) -> dict[int, dict]:
    return {lead.id: {"id": lead.id, "name": lead.name, "contactName": lead.contact_name, "source": lead.source,
                      "campaign": lead.campaign, "status": lead.status, "ownerId": lead.owner_id,
                      "teamId": lead.team_id, "ageDays": _days(lead.created_at, now)}
            for lead in await Lead.filter(id__in=ids)}


async def _last_activity(opps: list[Opportunity]) -> dict[int, datetime]:
    """Latest sign of work on each opportunity: its own change, a completed task or an interaction."""
    latest = {o.id: o.updated_at for o in opps}
    ids = list(latest)
    tasks = await (Task.filter(opportunity_id__in=ids, completed_at__isnull=False).annotate(at=Max("completed_at"))
                   .group_by("opportunity_id").values_list("opportunity_id", "at"))
    talks = await (Interaction.filter(opportunity_id__in=ids).annotate(at=Max("occurred_at"))
                   .group_by("opportunity_id").values_list("opportunity_id", "at"))
    for opp_id, at in [*tasks, *talks]:
        if at is not None and (latest[opp_id] is None or at > latest[opp_id]):
            latest[opp_id] = at
    return latest


async def _load_opportunities(ids: list[int], now: datetime) -> dict[int, dict]:
    opps = await Opportunity.filter(id__in=ids)
    stages = {s.id: s for s in await Stage.filter(id__in={o.stage_id for o in opps})}
    names = await _customer_names(o.customer_id for o in opps)
    activity = await _last_activity(opps) if opps else {}
    values = {}
    for o in opps:
        stage = stages[o.stage_id]
        values[o.id] = {
            "id": o.id, "title": o.title, "amount": o.amount, "currency": o.currency, "status": o.status,
            "stageId": o.stage_id, "stageNameZh": stage.name_zh, "stageNameEn": stage.name_en,
            "stageProbability": stage.probability, "pipelineId": o.pipeline_id, "ownerId": o.owner_id,
            "teamId": o.team_id, "customerId": o.customer_id, "customerName": names.get(o.customer_id),
            "expectedCloseDate": o.expected_close_date, "daysInStage": _days(o.stage_entered_at, now),
            "daysSinceActivity": _days(activity.get(o.id), now)}
    return values


async def _load_customers(ids: list[int], now: datetime) -> dict[int, dict]:
    return {c.id: {"id": c.id, "name": c.name, "code": c.code, "kind": c.kind, "industry": c.industry,
                   "province": c.province, "city": c.city, "level": c.level, "source": c.source, "stage": c.stage,
                   "ownerId": c.owner_id, "teamId": c.team_id, "birthday": c.birthday,
                   "daysSinceInteraction": _days(c.last_interaction_at, now), "customerId": c.id,
                   "customerName": c.name, "email": decrypt(c.email_encrypted)}
            for c in await Customer.filter(id__in=ids, merged_into_id=None)}


async def _load_contacts(ids: list[int], now: datetime) -> dict[int, dict]:
    contacts = await Contact.filter(id__in=ids)
    customers = {c.id: c for c in await Customer.filter(id__in={c.customer_id for c in contacts})}
    values = {}
    for c in contacts:
        customer = customers[c.customer_id]
        values[c.id] = {"id": c.id, "name": c.name, "title": c.title, "birthday": c.birthday,
                        "isPrimary": c.is_primary, "marketingConsent": c.marketing_consent,
                        "hasEmail": c.email_encrypted is not None, "email": decrypt(c.email_encrypted),
                        "customerId": c.customer_id, "customerName": customer.name,
                        "customerLevel": customer.level, "ownerId": customer.owner_id, "teamId": customer.team_id}
    return values


async def _load_tasks(ids: list[int], now: datetime) -> dict[int, dict]:
    tasks = await Task.filter(id__in=ids)
    names = await _customer_names(t.customer_id for t in tasks)
    return {t.id: {"id": t.id, "title": t.title, "kind": t.kind, "priority": t.priority, "status": t.status,
                   "assigneeId": t.assignee_id, "ownerId": t.assignee_id, "teamId": t.team_id, "dueAt": t.due_at,
                   "customerId": t.customer_id, "customerName": names.get(t.customer_id),
                   "opportunityId": t.opportunity_id, "orderId": t.order_id,
                   "overdueDays": _days(t.due_at, now) if t.due_at < now else 0}
            for t in tasks}


async def _load_orders(ids: list[int], now: datetime) -> dict[int, dict]:
    orders = await Order.filter(id__in=ids)
    names = await _customer_names(o.customer_id for o in orders)
    return {o.id: {"id": o.id, "number": o.number, "status": o.status, "totalAmount": o.total_amount,
                   "currency": o.currency, "customerId": o.customer_id, "customerName": names.get(o.customer_id),
                   "ownerId": o.owner_id, "teamId": o.team_id, "orderedAt": o.ordered_at}
            for o in orders}


_COMMON = {"id": "int", "ownerId": "int", "teamId": "int"}
SUBJECTS: dict[str, Subject] = {s.name: s for s in (
    Subject("Lead", Lead, {**_COMMON, "name": "text", "contactName": "text", "source": "text", "campaign": "text",
                           "status": "text", "ageDays": "int"}, _load_leads),
    Subject("Opportunity", Opportunity, {
        **_COMMON, "title": "text", "amount": "number", "currency": "text", "status": "text", "stageId": "int",
        "stageNameZh": "text", "stageNameEn": "text", "stageProbability": "number", "pipelineId": "int",
        "customerId": "int", "customerName": "text", "expectedCloseDate": "date", "daysInStage": "int",
        "daysSinceActivity": "int"}, _load_opportunities),
    Subject("Customer", Customer, {
        **_COMMON, "name": "text", "code": "text", "kind": "text", "industry": "text", "province": "text",
        "city": "text", "level": "text", "source": "text", "stage": "text", "birthday": "date",
        "daysSinceInteraction": "int", "customerId": "int", "customerName": "text"}, _load_customers),
    Subject("Contact", Contact, {
        **_COMMON, "name": "text", "title": "text", "birthday": "date", "isPrimary": "bool",
        "marketingConsent": "bool", "hasEmail": "bool", "customerId": "int", "customerName": "text",
        "customerLevel": "text"}, _load_contacts),
    Subject("Task", Task, {
        **_COMMON, "title": "text", "kind": "text", "priority": "text", "status": "text", "assigneeId": "int",
        "dueAt": "datetime", "customerId": "int", "customerName": "text", "opportunityId": "int", "orderId": "int",
        "overdueDays": "int"}, _load_tasks, owner_field="assignee_id"),
    Subject("Order", Order, {
        **_COMMON, "number": "text", "status": "text", "totalAmount": "number", "currency": "text",
        "customerId": "int", "customerName": "text", "orderedAt": "datetime"}, _load_orders),
)}

# Domain events a rule can be triggered by, and the record each one is about.
TRIGGER_EVENTS: dict[str, str] = {
    "lead.created": "Lead", "lead.assigned": "Lead", "lead.converted": "Lead",
    "opportunity.created": "Opportunity", "opportunity.stage_entered": "Opportunity",
    "opportunity.won": "Opportunity", "opportunity.lost": "Opportunity", "opportunity.assigned": "Opportunity",
    "customer.created": "Customer", "customer.updated": "Customer", "customer.claimed": "Customer",
    "task.created": "Task", "task.completed": "Task", "task.overdue": "Task", "task.updated": "Task",
    "order.created": "Order", "order.confirmed": "Order", "order.shipped": "Order", "order.completed": "Order",
    "order.cancelled": "Order",
}

# Date fields a rule can fire on: yearly ones (birthdays) match month and day.
DATE_FIELDS: dict[str, tuple[str, str, bool]] = {
    # name: (subject, column, yearly)
    "Contact.birthday": ("Contact", "birthday", True),
    "Customer.birthday": ("Customer", "birthday", True),
    "Opportunity.expectedCloseDate": ("Opportunity", "expected_close_date", False),
}


async def load_values(subject: str, ids: list[int], now: datetime) -> dict[int, dict]:
    """Field values of the given records (those that still exist)."""
    return await SUBJECTS[subject].load(ids, now) if ids else {}
