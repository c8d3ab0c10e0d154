"""Inputs, filters and payloads of the sales funnel API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from domain.sales.funnel import LineData, OpportunityData
from domain.sales.funnel_queries import LeadFilter, OpportunityFilter, TaskFilter
from domain.sales.leads import Conversion, LeadData
from domain.sales.pipelines import StageData
from domain.sales.tasks import TaskData
from resolvers.ids import parse_id
from schema.common import UserError
from schema.crm.types import Customer
from schema.funnel.types import Lead, Notification, Opportunity, Pipeline, Stage, Task


@strawberry.input
class StageInput:
    name_zh: str | None = None
    name_en: str | None = None
    color: str | None = None
    probability: Decimal | None = strawberry.field(default=None, description="0 to 1 (0.25 = 25 %)")
    expected_days: int | None = None
    is_won: bool = False
    is_lost: bool = False

    def to_data(self) -> StageData:
        return StageData(name_zh=self.name_zh, name_en=self.name_en, color=self.color, probability=self.probability,
                         expected_days=self.expected_days, is_won=self.is_won, is_lost=self.is_lost)


@strawberry.input
class PipelineInput:
    name_zh: str
    name_en: str
    stages: list[StageInput]
    is_default: bool = False


@strawberry.input
class OpportunityLineInput:
    product_id: strawberry.ID
    quantity: int
    unit_price: Decimal | None = strawberry.field(default=None, description="Default: the product's list price.")


def _lines(lines: list[OpportunityLineInput] | None) -> list[LineData]:
    return [LineData(product_id=parse_id(ln.product_id, field=f"lines.{i}.productId"), quantity=ln.quantity,
                     unit_price=ln.unit_price) for i, ln in enumerate(lines or [])]


@strawberry.input
class OpportunityInput:
    customer_id: strawberry.ID
    title: str
    amount: Decimal | None = strawberry.field(default=None, description="Default: the sum of the lines.")
    currency: str | None = None
    expected_close_date: date | None = None
    pipeline_id: strawberry.ID | None = strawberry.field(default=None, description="Default: the default pipeline.")
    stage_id: strawberry.ID | None = strawberry.field(default=None, description="Default: the first stage.")
    owner_id: strawberry.ID | None = None
    lines: list[OpportunityLineInput] | None = None

    def to_data(self) -> OpportunityData:
        return OpportunityData(
            customer_id=parse_id(self.customer_id, field="customerId"), title=self.title, amount=self.amount,
            currency=self.currency, expected_close_date=self.expected_close_date,
            pipeline_id=parse_id(self.pipeline_id, field="pipelineId"),
            stage_id=parse_id(self.stage_id, field="stageId"), owner_id=parse_id(self.owner_id, field="ownerId"),
            lines=_lines(self.lines))


@strawberry.input
class OpportunityFilterInput:
    pipeline_id: strawberry.ID | None = None
    stage_id: strawberry.ID | None = None
    statuses: list[str] | None = None
    owner_id: strawberry.ID | None = None
    customer_id: strawberry.ID | None = None
    search: str | None = None

    def to_filter(self) -> OpportunityFilter:
        return OpportunityFilter(
            pipeline_id=parse_id(self.pipeline_id, field="pipelineId"),
            stage_id=parse_id(self.stage_id, field="stageId"), statuses=self.statuses,
            owner_id=parse_id(self.owner_id, field="ownerId"),
            customer_id=parse_id(self.customer_id, field="customerId"), search=self.search)


@strawberry.input
class LeadInput:
    name: str
    contact_name: str | None = None
    phone: str | None = None
    email: str | None = None
    source: str | None = None
    campaign: str | None = None
    notes: str | None = None
    owner_id: strawberry.ID | None = None
    auto_assign: bool = strawberry.field(
        default=False, description="Leave the owner empty for the assignment rules (e.g. round-robin) to fill.")

    def to_data(self) -> LeadData:
        return LeadData(name=self.name, contact_name=self.contact_name, phone=self.phone, email=self.email,
                        source=self.source, campaign=self.campaign, notes=self.notes,
                        owner_id=parse_id(self.owner_id, field="ownerId"), auto_assign=self.auto_assign)


@strawberry.input
class LeadFilterInput:
    statuses: list[str] | None = None
    source: str | None = None
    campaign: str | None = None
    owner_id: strawberry.ID | None = None
    search: str | None = None

    def to_filter(self) -> LeadFilter:
        return LeadFilter(statuses=self.statuses, source=self.source, campaign=self.campaign,
                          owner_id=parse_id(self.owner_id, field="ownerId"), search=self.search)


@strawberry.input(description="Link customerId, or create the customer from the lead (linkDuplicate: use a "
                              "visible existing customer with the same phone, e-mail or name instead).")
class ConvertLeadInput:
    customer_id: strawberry.ID | None = None
    link_duplicate: bool = False
    allow_duplicate: bool = False
    title: str | None = strawberry.field(default=None, description="Opportunity title; default: the lead's name.")
    amount: Decimal | None = None
    currency: str | None = None
    expected_close_date: date | None = None
    pipeline_id: strawberry.ID | None = None
    stage_id: strawberry.ID | None = None
    lines: list[OpportunityLineInput] | None = None

    def to_conversion(self) -> Conversion:
        opportunity = OpportunityData(
            title=self.title, amount=self.amount, currency=self.currency, expected_close_date=self.expected_close_date,
            pipeline_id=parse_id(self.pipeline_id, field="pipelineId"),
            stage_id=parse_id(self.stage_id, field="stageId"), lines=_lines(self.lines))
        return Conversion(customer_id=parse_id(self.customer_id, field="customerId"),
                          link_duplicate=self.link_duplicate, allow_duplicate=self.allow_duplicate,
                          opportunity=opportunity)


@strawberry.input(description="Times without a zone are read in the display time zone.")
class TaskInput:
    title: str
    due_at: datetime
    kind: str | None = strawberry.field(default=None, description="call / visit / email / todo (default)")
    priority: str | None = strawberry.field(default=None, description="low / normal (default) / high / urgent")
    remind_at: datetime | None = None
    assignee_id: strawberry.ID | None = strawberry.field(default=None, description="Default: the caller.")
    customer_id: strawberry.ID | None = None
    opportunity_id: strawberry.ID | None = None
    order_id: strawberry.ID | None = None
    recurrence: str | None = strawberry.field(default=None, description="none (default) / daily / weekly / monthly")
    notes: str | None = None

    def to_data(self) -> TaskData:
        return TaskData(
            title=self.title, kind=self.kind, priority=self.priority, due_at=self.due_at, remind_at=self.remind_at,
            assignee_id=parse_id(self.assignee_id, field="assigneeId"),
            customer_id=parse_id(self.customer_id, field="customerId"),
            opportunity_id=parse_id(self.opportunity_id, field="opportunityId"),
            order_id=parse_id(self.order_id, field="orderId"), recurrence=self.recurrence, notes=self.notes)


@strawberry.input
class TaskFilterInput:
    statuses: list[str] | None = None
    assignee_id: strawberry.ID | None = None
    customer_id: strawberry.ID | None = None
    opportunity_id: strawberry.ID | None = None
    order_id: strawberry.ID | None = None
    due_before: datetime | None = None
    due_after: datetime | None = None
    overdue: bool | None = None

    def to_filter(self) -> TaskFilter:
        return TaskFilter(
            statuses=self.statuses, assignee_id=parse_id(self.assignee_id, field="assigneeId"),
            customer_id=parse_id(self.customer_id, field="customerId"),
            opportunity_id=parse_id(self.opportunity_id, field="opportunityId"),
            order_id=parse_id(self.order_id, field="orderId"), due_before=self.due_before, due_after=self.due_after,
            overdue=self.overdue)


@strawberry.type
class PipelinePayload:
    pipeline: Pipeline | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class StagePayload:
    stage: Stage | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class OpportunityPayload:
    opportunity: Opportunity | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LeadPayload:
    lead: Lead | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ConvertLeadPayload:
    lead: Lead | None = None
    customer: Customer | None = None
    opportunity: Opportunity | None = None
    customer_created: bool | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class TaskPayload:
    task: Task | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CompleteTaskPayload:
    task: Task | None = None
    next_task: Task | None = strawberry.field(default=None, description="The next one of a recurring task.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class NotificationPayload:
    notification: Notification | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
