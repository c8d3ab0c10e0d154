"""GraphQL types of the sales funnel: pipelines and stages, the board, opportunities, leads, tasks, notifications."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.scalars import JSON

from domain.protection import mask_email, mask_phone
from domain.sales.funnel import weighted
from domain.sales.tasks import is_overdue
from resolvers import funnel as resolve
from schema.orders.refs import Product
from schema.common import Connection, connection
from schema.context import Info
from schema.crm.types import Customer
from schema.identity.types import User, user_field
from schema.sensitive import reveal


def _id(value: int | None) -> strawberry.ID | None:
    return None if value is None else strawberry.ID(str(value))


def _localised(info: Info, zh: str, en: str) -> str:
    return en if info.context.locale == "en" else zh


async def _stage(info: Info, stage_id: int | None) -> Stage | None:
    if stage_id is None:
        return None
    row = await info.context.loaders.funnel.stage_by_id.load(stage_id)
    return Stage.from_model(row) if row else None


async def _customer(info: Info, customer_id: int | None) -> Customer | None:
    if customer_id is None:
        return None
    row = await info.context.loaders.funnel.customer_by_id.load(customer_id)
    return Customer.from_model(row) if row else None


async def _opportunity(info: Info, opportunity_id: int | None) -> Opportunity | None:
    if opportunity_id is None:
        return None
    row = await info.context.loaders.funnel.opportunity_by_id.load(opportunity_id)
    return Opportunity.from_model(row) if row else None


@strawberry.type(description="A column of a pipeline: win probability (0.25 = 25 %), expected days, closing flags.")
class Stage:
    model: strawberry.Private[Any]
    id: strawberry.ID
    position: int
    name_zh: str
    name_en: str
    color: str
    probability: Decimal
    expected_days: int | None
    is_won: bool
    is_lost: bool

    @classmethod
    def from_model(cls, m: Any) -> Stage:
        return cls(model=m, id=strawberry.ID(str(m.id)), position=m.position, name_zh=m.name_zh, name_en=m.name_en,
                   color=m.color, probability=m.probability, expected_days=m.expected_days, is_won=m.is_won,
                   is_lost=m.is_lost)

    @strawberry.field(description="The name in the viewer's language.")
    def name(self, info: Info) -> str:
        return _localised(info, self.name_zh, self.name_en)

    @strawberry.field
    def pipeline_id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.pipeline_id))


@strawberry.type(description="A sales process: stages in order.")
class Pipeline:
    model: strawberry.Private[Any]
    id: strawberry.ID
    name_zh: str
    name_en: str
    is_default: bool
    active: bool

    @classmethod
    def from_model(cls, m: Any) -> Pipeline:
        return cls(model=m, id=strawberry.ID(str(m.id)), name_zh=m.name_zh, name_en=m.name_en,
                   is_default=m.is_default, active=m.active)

    @strawberry.field
    def name(self, info: Info) -> str:
        return _localised(info, self.name_zh, self.name_en)

    @strawberry.field
    async def stages(self, info: Info) -> list[Stage]:
        rows = await info.context.loaders.funnel.stages_by_pipeline.load(self.model.id)
        return [Stage.from_model(r) for r in rows]


@strawberry.type(description="An opportunity entering a stage: from where, by whom, when, after how long.")
class StageChange:
    model: strawberry.Private[Any]
    id: strawberry.ID
    changed_at: datetime
    seconds_in_previous_stage: int | None = strawberry.field(description="Time spent in the stage it left.")

    @classmethod
    def from_model(cls, m: Any) -> StageChange:
        return cls(model=m, id=strawberry.ID(str(m.id)), changed_at=m.changed_at,
                   seconds_in_previous_stage=m.seconds_in_previous)

    @strawberry.field
    async def from_stage(self, info: Info) -> Stage | None:
        return await _stage(info, self.model.from_stage_id)

    @strawberry.field
    async def to_stage(self, info: Info) -> Stage | None:
        return await _stage(info, self.model.to_stage_id)

    @strawberry.field
    def actor(self, info: Info) -> User | None:
        return user_field(info, self.model.actor_id)


@strawberry.type
class OpportunityLine:
    model: strawberry.Private[Any]
    id: strawberry.ID
    quantity: int
    unit_price: Decimal
    line_total: Decimal

    @classmethod
    def from_model(cls, m: Any) -> OpportunityLine:
        return cls(model=m, id=strawberry.ID(str(m.id)), quantity=m.quantity, unit_price=m.unit_price,
                   line_total=m.line_total)

    @strawberry.field
    def product_id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.product_id))

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        row = await info.context.loaders.funnel.product_by_id.load(self.model.product_id)
        return Product.from_model(row) if row else None


@strawberry.type(description="A deal moving through a pipeline.")
class Opportunity:
    model: strawberry.Private[Any]
    id: strawberry.ID
    title: str
    status: str = strawberry.field(description="open / won / lost")
    amount: Decimal
    currency: str
    expected_close_date: date | None
    lost_reason: str | None
    stage_entered_at: datetime
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Opportunity:
        return cls(model=m, id=strawberry.ID(str(m.id)), title=m.title, status=m.status, amount=m.amount,
                   currency=m.currency, expected_close_date=m.expected_close_date, lost_reason=m.lost_reason,
                   stage_entered_at=m.stage_entered_at, closed_at=m.closed_at, created_at=m.created_at,
                   updated_at=m.updated_at)

    @strawberry.field(description="Amount × the stage's win probability, to the cent.")
    async def weighted_amount(self, info: Info) -> Decimal | None:
        stage = await info.context.loaders.funnel.stage_by_id.load(self.model.stage_id)
        return weighted(self.model.amount, stage.probability) if stage else None

    @strawberry.field
    async def stage(self, info: Info) -> Stage | None:
        return await _stage(info, self.model.stage_id)

    @strawberry.field
    async def pipeline(self, info: Info) -> Pipeline | None:
        row = await info.context.loaders.funnel.pipeline_by_id.load(self.model.pipeline_id)
        return Pipeline.from_model(row) if row else None

    @strawberry.field
    async def customer(self, info: Info) -> Customer | None:
        return await _customer(info, self.model.customer_id)

    @strawberry.field
    def owner(self, info: Info) -> User | None:
        return user_field(info, self.model.owner_id)

    @strawberry.field
    def lead_id(self) -> strawberry.ID | None:
        return _id(self.model.lead_id)

    @strawberry.field
    async def lines(self, info: Info) -> list[OpportunityLine]:
        rows = await info.context.loaders.funnel.lines_by_opportunity.load(self.model.id)
        return [OpportunityLine.from_model(r) for r in rows]

    @strawberry.field(description="Every stage it entered, oldest first.")
    async def stage_history(self, info: Info) -> list[StageChange]:
        rows = await info.context.loaders.funnel.stage_changes_by_opportunity.load(self.model.id)
        return [StageChange.from_model(r) for r in rows]


@strawberry.type(description="One column of the kanban board: the stage, its cards and totals.")
class BoardStage:
    scope: strawberry.Private[Any]
    stage: Stage
    count: int
    total_amount: Decimal
    weighted_amount: Decimal = strawberry.field(description="totalAmount × the stage's win probability.")

    @strawberry.field(description="The stage's cards in board order.")
    async def opportunities(self, info: Info, first: int = 20, after: str | None = None) -> Connection[Opportunity]:
        page = await resolve.stage_cards(info.context, scope=self.scope, stage_id=self.stage.model.id, first=first,
                                         after=after)
        return connection(page, Opportunity.from_model)


@strawberry.type(description="A pipeline as a kanban board, limited to the opportunities the viewer may see.")
class PipelineBoard:
    pipeline: Pipeline
    stages: list[BoardStage]

    @classmethod
    def from_board(cls, board: Any) -> PipelineBoard:
        return cls(pipeline=Pipeline.from_model(board.pipeline), stages=[
            BoardStage(scope=board.scope, stage=Stage.from_model(s), count=board.totals[s.id].count,
                       total_amount=board.totals[s.id].total_amount,
                       weighted_amount=board.totals[s.id].weighted_amount) for s in board.stages])


@strawberry.type(description="Unqualified interest, converted later into a customer and an opportunity.")
class Lead:
    model: strawberry.Private[Any]
    id: strawberry.ID
    name: str
    contact_name: str | None
    source: str | None
    campaign: str | None
    notes: str | None
    status: str = strawberry.field(description="open / converted / disqualified")
    converted_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Lead:
        return cls(model=m, id=strawberry.ID(str(m.id)), name=m.name, contact_name=m.contact_name, source=m.source,
                   campaign=m.campaign, notes=m.notes, status=m.status, converted_at=m.converted_at,
                   created_at=m.created_at, updated_at=m.updated_at)

    @strawberry.field(description="Masked (138****5678) unless the viewer may see it in full.")
    def phone(self, info: Info) -> str | None:
        return reveal(info, "Lead.phone", self.model.id, self.model.phone_encrypted, mask_phone)

    @strawberry.field
    def email(self, info: Info) -> str | None:
        return reveal(info, "Lead.email", self.model.id, self.model.email_encrypted, mask_email)

    @strawberry.field
    def owner(self, info: Info) -> User | None:
        return user_field(info, self.model.owner_id)

    @strawberry.field(description="The customer it became (after conversion).")
    async def customer(self, info: Info) -> Customer | None:
        return await _customer(info, self.model.customer_id)

    @strawberry.field(description="The opportunity it became (after conversion).")
    async def opportunity(self, info: Info) -> Opportunity | None:
        return await _opportunity(info, self.model.opportunity_id)


@strawberry.type(description="A call, visit, e-mail or to-do for an assignee.")
class Task:
    model: strawberry.Private[Any]
    id: strawberry.ID
    title: str
    kind: str = strawberry.field(description="call / visit / email / todo")
    priority: str = strawberry.field(description="low / normal / high / urgent")
    status: str = strawberry.field(description="open / done / cancelled")
    due_at: datetime
    remind_at: datetime | None
    reminded_at: datetime | None
    recurrence: str = strawberry.field(description="none / daily / weekly / monthly")
    notes: str | None
    completed_at: datetime | None
    created_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Task:
        return cls(model=m, id=strawberry.ID(str(m.id)), title=m.title, kind=m.kind, priority=m.priority,
                   status=m.status, due_at=m.due_at, remind_at=m.remind_at, reminded_at=m.reminded_at,
                   recurrence=m.recurrence, notes=m.notes, completed_at=m.completed_at, created_at=m.created_at)

    @strawberry.field(description="Open and past its due time.")
    def overdue(self) -> bool:
        return is_overdue(self.model)

    @strawberry.field
    def assignee(self, info: Info) -> User | None:
        return user_field(info, self.model.assignee_id)

    @strawberry.field
    def customer_id(self) -> strawberry.ID | None:
        return _id(self.model.customer_id)

    @strawberry.field
    def opportunity_id(self) -> strawberry.ID | None:
        return _id(self.model.opportunity_id)

    @strawberry.field
    def order_id(self) -> strawberry.ID | None:
        return _id(self.model.order_id)

    @strawberry.field(description="The task this one follows in a recurring series.")
    def previous_id(self) -> strawberry.ID | None:
        return _id(self.model.previous_id)

    @strawberry.field
    async def customer(self, info: Info) -> Customer | None:
        return await _customer(info, self.model.customer_id)

    @strawberry.field
    async def opportunity(self, info: Info) -> Opportunity | None:
        return await _opportunity(info, self.model.opportunity_id)


@strawberry.type(description="An in-app message for the viewer, in the viewer's language.")
class Notification:
    model: strawberry.Private[Any]
    id: strawberry.ID
    kind: str = strawberry.field(description="e.g. task.reminder")
    params: JSON
    subject_type: str | None
    read_at: datetime | None
    created_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Notification:
        return cls(model=m, id=strawberry.ID(str(m.id)), kind=m.kind, params=m.params or {},
                   subject_type=m.subject_type, read_at=m.read_at, created_at=m.created_at)

    @strawberry.field
    def message(self, info: Info) -> str:
        return resolve.notification_message(info.context, self.model)

    @strawberry.field
    def subject_id(self) -> strawberry.ID | None:
        return _id(self.model.subject_id)

    @strawberry.field
    def read(self) -> bool:
        return self.model.read_at is not None
