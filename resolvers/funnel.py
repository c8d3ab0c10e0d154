"""Sales funnel resolvers: parse input, call one domain service or query; the live notification stream."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain.errors import DomainError
from domain.events.envelope import DomainEvent, utcnow
from domain.identity.scope import DataScope
from domain.sales import funnel, funnel_queries as queries, leads, notifications, pipelines, tasks
from domain.sales.funnel import OpportunityData
from domain.sales.funnel_queries import LeadFilter, OpportunityFilter, StageTotals, TaskFilter
from domain.sales.leads import Conversion, LeadData
from domain.sales.pipeline_models import Notification, Pipeline, Stage
from domain.sales.pipelines import StageData
from domain.sales.tasks import RelatedScopes, TaskData
from policies.scope import data_scope
from resolvers.ids import parse_id
from settings import get_settings

_SEEN_LIMIT = 1024


def _limit() -> int:
    return get_settings().max_page_size


async def _opportunities(ctx: Any) -> DataScope:
    return await data_scope(ctx.actor, "Opportunity")


async def _customers(ctx: Any) -> DataScope:
    return await data_scope(ctx.actor, "Customer")


async def _leads(ctx: Any) -> DataScope:
    return await data_scope(ctx.actor, "Lead")


async def _tasks(ctx: Any) -> DataScope:
    return await data_scope(ctx.actor, "Task")


# Pipelines and the board

async def list_pipelines(ctx: Any) -> list[Pipeline]:
    return await queries.list_pipelines()


@dataclass
class Board:
    pipeline: Pipeline
    stages: list[Stage]
    totals: dict[int, StageTotals]
    scope: DataScope


async def pipeline_board(ctx: Any, *, pipeline_id: str) -> Board | None:
    pipeline = await queries.get_pipeline(parse_id(pipeline_id, field="pipelineId"))
    if pipeline is None:
        return None
    scope = await _opportunities(ctx)
    stages = (await queries.stages_by_pipeline([pipeline.id])).get(pipeline.id, [])
    return Board(pipeline=pipeline, stages=stages, totals=await queries.board_totals(scope=scope, stages=stages),
                 scope=scope)


async def stage_cards(ctx: Any, *, scope: DataScope, stage_id: int, first: int, after: str | None):
    return await queries.stage_cards(scope=scope, stage_id=stage_id, first=first, after=after, limit=_limit())


async def create_pipeline(ctx: Any, *, name_zh: str, name_en: str, stages: list[StageData], is_default: bool):
    return await pipelines.create_pipeline(actor=ctx.actor, name_zh=name_zh, name_en=name_en, stages=stages,
                                           is_default=is_default)


async def add_stage(ctx: Any, *, pipeline_id: str, data: StageData, position: int | None):
    return await pipelines.add_stage(actor=ctx.actor, pipeline_id=parse_id(pipeline_id, field="pipelineId"),
                                     data=data, position=position)


async def update_stage(ctx: Any, *, id: str, data: StageData, position: int | None):
    return await pipelines.update_stage(actor=ctx.actor, stage_id=parse_id(id), data=data, position=position)


# Opportunities

async def opportunities(ctx: Any, *, filter: OpportunityFilter, first: int, after: str | None):
    return await queries.list_opportunities(scope=await _opportunities(ctx), filter=filter, first=first,
                                            after=after, limit=_limit())


async def opportunity(ctx: Any, *, id: str):
    return await queries.get_opportunity(scope=await _opportunities(ctx), opportunity_id=parse_id(id))


async def create_opportunity(ctx: Any, *, data: OpportunityData):
    return await funnel.create_opportunity(actor=ctx.actor, scope=await _opportunities(ctx),
                                           customers=await _customers(ctx), data=data)


async def move_opportunity(ctx: Any, *, id: str, stage_id: str, position: int | None):
    return await funnel.move_opportunity(actor=ctx.actor, scope=await _opportunities(ctx), opportunity_id=parse_id(id),
                                         stage_id=parse_id(stage_id, field="stageId"), position=position)


async def mark_opportunity_won(ctx: Any, *, id: str, amount: Decimal | None):
    return await funnel.mark_opportunity_won(actor=ctx.actor, scope=await _opportunities(ctx),
                                             opportunity_id=parse_id(id), amount=amount)


async def mark_opportunity_lost(ctx: Any, *, id: str, reason: str):
    return await funnel.mark_opportunity_lost(actor=ctx.actor, scope=await _opportunities(ctx),
                                              opportunity_id=parse_id(id), reason=reason)


# Leads

async def list_leads(ctx: Any, *, filter: LeadFilter, first: int, after: str | None):
    return await queries.list_leads(scope=await _leads(ctx), filter=filter, first=first, after=after,
                                    limit=_limit())


async def lead(ctx: Any, *, id: str):
    return await queries.get_lead(scope=await _leads(ctx), lead_id=parse_id(id))


async def create_lead(ctx: Any, *, data: LeadData):
    return await leads.create_lead(actor=ctx.actor, scope=await _leads(ctx), data=data)


async def convert_lead(ctx: Any, *, id: str, conversion: Conversion):
    return await leads.convert_lead(actor=ctx.actor, scope=await _leads(ctx), customers=await _customers(ctx),
                                    opportunities=await _opportunities(ctx), lead_id=parse_id(id),
                                    conversion=conversion)


# Tasks

async def list_tasks(ctx: Any, *, filter: TaskFilter, first: int, after: str | None):
    return await queries.list_tasks(scope=await _tasks(ctx), filter=filter, first=first, after=after,
                                    limit=_limit(), now=utcnow())


async def create_task(ctx: Any, *, data: TaskData):
    related = RelatedScopes(customers=await _customers(ctx), opportunities=await _opportunities(ctx),
                            orders=await data_scope(ctx.actor, "Order"))
    return await tasks.create_task(actor=ctx.actor, scope=await _tasks(ctx), related=related, data=data)


async def complete_task(ctx: Any, *, id: str):
    return await tasks.complete_task(actor=ctx.actor, scope=await _tasks(ctx), task_id=parse_id(id))


# Notifications

def _me(ctx: Any) -> int:
    if ctx.actor.user_id is None:
        raise DomainError("UNAUTHENTICATED")
    return ctx.actor.user_id


async def list_notifications(ctx: Any, *, unread_only: bool, first: int, after: str | None):
    return await notifications.list_notifications(user_id=_me(ctx), unread_only=unread_only, first=first,
                                                  after=after, limit=_limit())


async def mark_notification_read(ctx: Any, *, id: str):
    return await notifications.mark_read(actor=ctx.actor, notification_id=parse_id(id))


def notification_message(ctx: Any, row: Notification) -> str:
    return notifications.message(row, ctx.locale)


async def live_notifications(ctx: Any) -> AsyncIterator[Notification]:
    """The viewer's own new notifications, each delivered once, as they are written."""
    user_id = _me(ctx)
    seen: OrderedDict[str, None] = OrderedDict()
    async with ctx.bus.subscribe() as messages:
        async for raw in messages:
            event = DomainEvent.from_json(raw)
            if event.type != "notification.created" or event.owner_id != user_id or event.aggregate_id in seen:
                continue
            seen[event.aggregate_id] = None
            if len(seen) > _SEEN_LIMIT:
                seen.popitem(last=False)
            row = await notifications.get_own(user_id=user_id, notification_id=int(event.aggregate_id))
            if row is not None:
                yield row
