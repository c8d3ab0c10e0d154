"""Sales funnel entry points: pipelines and the board, opportunities, leads, tasks, notifications."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from decimal import Decimal
from typing import Any

import strawberry

from resolvers import funnel as resolve
from resolvers.identity import preload_users
from schema.authorization import live
from schema.common import Connection, connection, mutation_payload, selects
from schema.context import Info
from schema.crm.types import Customer
from schema.funnel.inputs import (
    CompleteTaskPayload, ConvertLeadInput, ConvertLeadPayload, LeadFilterInput, LeadInput, LeadPayload,
    NotificationPayload, OpportunityFilterInput, OpportunityInput, OpportunityPayload, PipelineInput,
    PipelinePayload, StageInput, StagePayload, TaskFilterInput, TaskInput, TaskPayload,
)
from schema.funnel.types import Lead, Notification, Opportunity, Pipeline, PipelineBoard, Stage, Task


async def _deferred(make: Callable[[], Awaitable[Any]]) -> Any:
    """Run ``make`` inside the payload's error handling (input parsing errors become payload errors too)."""
    return await make()


async def _page(info: Info, page, node, owner_attr: str) -> Connection:
    if selects(info, "edges", "node", "owner") or selects(info, "edges", "node", "assignee"):
        await preload_users(info.context, [getattr(row, owner_attr) for row in page.rows])
    return connection(page, node.from_model)


def _opportunity(row) -> OpportunityPayload:
    return OpportunityPayload(opportunity=Opportunity.from_model(row))


def _task(row) -> TaskPayload:
    return TaskPayload(task=Task.from_model(row))


def _converted(result) -> ConvertLeadPayload:
    return ConvertLeadPayload(lead=Lead.from_model(result.lead), customer=Customer.from_model(result.customer),
                              opportunity=Opportunity.from_model(result.opportunity),
                              customer_created=result.customer_created)


def _completed(result) -> CompleteTaskPayload:
    task, successor = result
    return CompleteTaskPayload(task=Task.from_model(task),
                               next_task=Task.from_model(successor) if successor is not None else None)


@strawberry.type
class FunnelQuery:
    @strawberry.field(description="Active pipelines, the default first, with their stages in order.")
    async def pipelines(self, info: Info) -> list[Pipeline] | None:
        return [Pipeline.from_model(r) for r in await resolve.list_pipelines(info.context)]

    @strawberry.field(description="A pipeline as a kanban board of the opportunities the viewer may see.")
    async def pipeline_board(self, info: Info, pipeline_id: strawberry.ID) -> PipelineBoard | None:
        board = await resolve.pipeline_board(info.context, pipeline_id=pipeline_id)
        return PipelineBoard.from_board(board) if board else None

    @strawberry.field(description="Opportunities the viewer may see, newest first.")
    async def opportunities(self, info: Info, filter: OpportunityFilterInput | None = None, first: int = 50,
                            after: str | None = None) -> Connection[Opportunity] | None:
        page = await resolve.opportunities(info.context, filter=(filter or OpportunityFilterInput()).to_filter(),
                                           first=first, after=after)
        return await _page(info, page, Opportunity, "owner_id")

    @strawberry.field
    async def opportunity(self, info: Info, id: strawberry.ID) -> Opportunity | None:
        row = await resolve.opportunity(info.context, id=id)
        return Opportunity.from_model(row) if row else None

    @strawberry.field(description="Leads the viewer may see, newest first.")
    async def leads(self, info: Info, filter: LeadFilterInput | None = None, first: int = 50,
                    after: str | None = None) -> Connection[Lead] | None:
        page = await resolve.list_leads(info.context, filter=(filter or LeadFilterInput()).to_filter(), first=first,
                                        after=after)
        return await _page(info, page, Lead, "owner_id")

    @strawberry.field
    async def lead(self, info: Info, id: strawberry.ID) -> Lead | None:
        row = await resolve.lead(info.context, id=id)
        return Lead.from_model(row) if row else None

    @strawberry.field(description="Tasks assigned within the viewer's scope, soonest due first.")
    async def tasks(self, info: Info, filter: TaskFilterInput | None = None, first: int = 50,
                    after: str | None = None) -> Connection[Task] | None:
        page = await resolve.list_tasks(info.context, filter=(filter or TaskFilterInput()).to_filter(), first=first,
                                        after=after)
        return await _page(info, page, Task, "assignee_id")

    @strawberry.field(description="The viewer's own notifications, newest first.")
    async def notifications(self, info: Info, first: int = 20, after: str | None = None,
                            unread_only: bool = False) -> Connection[Notification] | None:
        page = await resolve.list_notifications(info.context, unread_only=unread_only, first=first, after=after)
        return connection(page, Notification.from_model)


@strawberry.type
class FunnelMutation:
    @strawberry.mutation(description="A pipeline with its stages in order (one won and one lost stage).")
    async def create_pipeline(self, info: Info, input: PipelineInput) -> PipelinePayload | None:
        call = _deferred(lambda: resolve.create_pipeline(
            info.context, name_zh=input.name_zh, name_en=input.name_en, stages=[s.to_data() for s in input.stages],
            is_default=input.is_default))
        return await mutation_payload(info, call, PipelinePayload,
                                      lambda p: PipelinePayload(pipeline=Pipeline.from_model(p)))

    @strawberry.mutation(description="Add an open stage at position (0-based; default: before won / lost).")
    async def add_stage(self, info: Info, pipeline_id: strawberry.ID, input: StageInput,
                        position: int | None = None) -> StagePayload | None:
        call = _deferred(lambda: resolve.add_stage(info.context, pipeline_id=pipeline_id, data=input.to_data(),
                                                   position=position))
        return await mutation_payload(info, call, StagePayload, lambda s: StagePayload(stage=Stage.from_model(s)))

    @strawberry.mutation(description="Rename, recolour, re-weight or reorder a stage (its won / lost flag stays).")
    async def update_stage(self, info: Info, id: strawberry.ID, input: StageInput,
                           position: int | None = None) -> StagePayload | None:
        call = _deferred(lambda: resolve.update_stage(info.context, id=id, data=input.to_data(), position=position))
        return await mutation_payload(info, call, StagePayload, lambda s: StagePayload(stage=Stage.from_model(s)))

    @strawberry.mutation
    async def create_opportunity(self, info: Info, input: OpportunityInput) -> OpportunityPayload | None:
        call = _deferred(lambda: resolve.create_opportunity(info.context, data=input.to_data()))
        return await mutation_payload(info, call, OpportunityPayload, _opportunity)

    @strawberry.mutation(description="Move a card to a stage of its pipeline, at position (0-based among the "
                                     "cards the viewer sees; default: last).")
    async def move_opportunity(self, info: Info, id: strawberry.ID, stage_id: strawberry.ID,
                               position: int | None = None) -> OpportunityPayload | None:
        call = _deferred(lambda: resolve.move_opportunity(info.context, id=id, stage_id=stage_id, position=position))
        return await mutation_payload(info, call, OpportunityPayload, _opportunity)

    @strawberry.mutation(description="Win: needs an amount above zero (given here or before).")
    async def mark_opportunity_won(self, info: Info, id: strawberry.ID,
                                   amount: Decimal | None = None) -> OpportunityPayload | None:
        call = _deferred(lambda: resolve.mark_opportunity_won(info.context, id=id, amount=amount))
        return await mutation_payload(info, call, OpportunityPayload, _opportunity)

    @strawberry.mutation
    async def mark_opportunity_lost(self, info: Info, id: strawberry.ID, reason: str) -> OpportunityPayload | None:
        call = _deferred(lambda: resolve.mark_opportunity_lost(info.context, id=id, reason=reason))
        return await mutation_payload(info, call, OpportunityPayload, _opportunity)

    @strawberry.mutation
    async def create_lead(self, info: Info, input: LeadInput) -> LeadPayload | None:
        call = _deferred(lambda: resolve.create_lead(info.context, data=input.to_data()))
        return await mutation_payload(info, call, LeadPayload, lambda row: LeadPayload(lead=Lead.from_model(row)))

    @strawberry.mutation(description="Create or link the customer and create the opportunity, all or nothing.")
    async def convert_lead(self, info: Info, id: strawberry.ID,
                           input: ConvertLeadInput | None = None) -> ConvertLeadPayload | None:
        call = _deferred(lambda: resolve.convert_lead(info.context, id=id,
                                                      conversion=(input or ConvertLeadInput()).to_conversion()))
        return await mutation_payload(info, call, ConvertLeadPayload, _converted)

    @strawberry.mutation
    async def create_task(self, info: Info, input: TaskInput) -> TaskPayload | None:
        call = _deferred(lambda: resolve.create_task(info.context, data=input.to_data()))
        return await mutation_payload(info, call, TaskPayload, _task)

    @strawberry.mutation(description="Complete a task; a recurring one gets its next occurrence.")
    async def complete_task(self, info: Info, id: strawberry.ID) -> CompleteTaskPayload | None:
        call = _deferred(lambda: resolve.complete_task(info.context, id=id))
        return await mutation_payload(info, call, CompleteTaskPayload, _completed)

    @strawberry.mutation
    async def mark_notification_read(self, info: Info, id: strawberry.ID) -> NotificationPayload | None:
        call = _deferred(lambda: resolve.mark_notification_read(info.context, id=id))
        return await mutation_payload(info, call, NotificationPayload,
                                      lambda n: NotificationPayload(notification=Notification.from_model(n)))


@strawberry.type
class FunnelSubscription:
    @strawberry.subscription(description="The viewer's new notifications (task reminders, ...), live.")
    @live
    async def notifications(self, info: Info) -> AsyncGenerator[Notification | None, None]:
        async for row in resolve.live_notifications(info.context):
            yield Notification.from_model(row)
