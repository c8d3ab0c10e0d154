"""Funnel test helpers: demo people as actors, their scopes, customers, opportunities and tasks."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from domain.actor import Actor
from domain.crm.models import Customer
from domain.events.models import OutboxEvent
from domain.identity.models import User
from domain.sales.funnel import OpportunityData, create_opportunity
from domain.sales.pipeline_models import Pipeline, Stage
from domain.sales.tasks import RelatedScopes, TaskData, create_task
from policies.scope import data_scope

T0 = datetime(2030, 3, 4, 1, 0, tzinfo=timezone.utc)  # a fixed "now" far from the real clock: time travel


def later(**delta) -> datetime:
    return T0 + timedelta(**delta)


async def actor(username: str) -> Actor:
    user = await User.get(username=username)
    return Actor(user_id=user.id, username=user.username, roles=frozenset(user.roles), team_id=user.team_id)


async def scope(who: Actor, resource: str = "Opportunity"):
    return await data_scope(who, resource)


async def customer_of(who: Actor) -> Customer:
    return await Customer.filter(owner_id=who.user_id).order_by("id").first()


async def default_stages() -> list[Stage]:
    pipeline = await Pipeline.get(is_default=True)
    return await Stage.filter(pipeline_id=pipeline.id).order_by("position")


async def opportunity(who: Actor, *, amount: str | None = "1000.00", stage: Stage | None = None,
                      title: str = "年度采购 Annual supply", now: datetime = T0):
    customer = await customer_of(who)
    data = OpportunityData(customer_id=customer.id, title=title, amount=Decimal(amount) if amount else None,
                           stage_id=stage.id if stage else None)
    return await create_opportunity(actor=who, scope=await scope(who), customers=await scope(who, "Customer"),
                                    data=data, now=now)


async def task(who: Actor, *, due_at: datetime, remind_at: datetime | None = None, recurrence: str | None = None,
               title: str = "回访客户 Follow-up call", assignee_id: int | None = None):
    related = RelatedScopes(customers=await scope(who, "Customer"), opportunities=await scope(who),
                            orders=await scope(who, "Order"))
    data = TaskData(title=title, kind="call", due_at=due_at, remind_at=remind_at, recurrence=recurrence,
                    assignee_id=assignee_id)
    return await create_task(actor=who, scope=await scope(who, "Task"), related=related, data=data)


async def events(kind: str, aggregate_id: int | None = None) -> list[OutboxEvent]:
    rows = OutboxEvent.filter(type=kind)
    if aggregate_id is not None:
        rows = rows.filter(aggregate_id=str(aggregate_id))
    return await rows.order_by("occurred_at")
