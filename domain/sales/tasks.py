"""Tasks (calls, visits, e-mails, to-dos): create, complete (recurring ones make their successor),
reminders delivered exactly once, overdue tasks flagged once.

Reminders and overdue flags are claimed with a conditional update on the task row
(``reminded_at IS NULL`` → now) in the same transaction as their effects, so two workers, a retry
or a re-run of the periodic job cannot both act on one task.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from domain.actor import Actor
from domain.crm.models import Customer
from domain.errors import DomainError, NotFound, Problems
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.identity.scope import DataScope
from domain.orders.models import Order
from domain.sales import funnel_checks as check
from domain.sales.notifications import notify
from domain.sales.pipeline_models import (
    RECURRENCES, TASK_KINDS, TASK_PRIORITIES, Opportunity, Task,
)
from settings import get_settings

SCAN_BATCH = 500
STEPS = {"daily": relativedelta(days=1), "weekly": relativedelta(weeks=1), "monthly": relativedelta(months=1)}


@dataclass
class TaskData:
    title: str | None = None
    kind: str | None = None
    priority: str | None = None
    due_at: datetime | None = None
    remind_at: datetime | None = None
    assignee_id: int | None = None  # None: the actor
    customer_id: int | None = None
    opportunity_id: int | None = None
    order_id: int | None = None
    recurrence: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class RelatedScopes:
    """Which customers, opportunities and orders the actor may attach a task to."""

    customers: DataScope
    opportunities: DataScope
    orders: DataScope


def task_scope_q(scope: DataScope):
    return scope.q(owner_field="assignee_id")


def task_event(kind: str, task: Task, *, actor_id: int | None = None, **payload) -> DomainEvent:
    return DomainEvent(type=kind, aggregate_type="Task", aggregate_id=str(task.id),
                       payload={"title": task.title, "kind": task.kind, "priority": task.priority,
                                "dueAt": task.due_at.isoformat(), "assigneeId": task.assignee_id,
                                "customerId": task.customer_id, "opportunityId": task.opportunity_id,
                                "orderId": task.order_id, **payload},
                       owner_id=task.assignee_id, team_id=task.team_id, actor_id=actor_id)


def is_overdue(task: Task, now: datetime | None = None) -> bool:
    return task.status == "open" and task.due_at < (now or utcnow())


def _checked(data: TaskData, problems: Problems) -> dict:
    due_at, remind_at = check.aware(data.due_at), check.aware(data.remind_at)
    if due_at is None:
        problems.add("REQUIRED", field="dueAt")
    elif remind_at is not None and remind_at > due_at:
        problems.add("REMINDER_AFTER_DUE", field="remindAt")
    return {
        "title": problems.attempt(lambda: check.text(data.title, "title", max_length=200, required=True)),
        "kind": problems.attempt(lambda: check.choice(data.kind, TASK_KINDS, "kind", "todo")),
        "priority": problems.attempt(lambda: check.choice(data.priority, TASK_PRIORITIES, "priority", "normal")),
        "recurrence": problems.attempt(lambda: check.choice(data.recurrence, RECURRENCES, "recurrence", "none")),
        "notes": problems.attempt(lambda: check.text(data.notes, "notes", max_length=5000)),
        "due_at": due_at,
        "remind_at": remind_at,
    }


async def _check_related(data: TaskData, related: RelatedScopes, problems: Problems) -> int | None:
    """Every related record must be one the actor can see; returns the customer (the opportunity's by default)."""
    customer_id = data.customer_id
    if data.opportunity_id is not None:
        opp = await Opportunity.filter(related.opportunities.q(), id=data.opportunity_id).first()
        if opp is None:
            problems.add("UNKNOWN_OPPORTUNITY", field="opportunityId")
        elif customer_id is None:
            customer_id = opp.customer_id
    if data.customer_id is not None and not await Customer.filter(
            related.customers.q(), id=data.customer_id, merged_into_id=None).exists():
        problems.add("UNKNOWN_CUSTOMER", field="customerId")
    if data.order_id is not None and not await Order.filter(related.orders.q(), id=data.order_id).exists():
        problems.add("UNKNOWN_ORDER", field="orderId")
    return customer_id


async def create_task(*, actor: Actor, scope: DataScope, related: RelatedScopes, data: TaskData) -> Task:
    """A task for someone within the actor's scope; a due time in the past is fine, a reminder after it is not."""
    problems = Problems()
    values = _checked(data, problems)
    assignee_id = data.assignee_id if data.assignee_id is not None else actor.user_id
    async with unit_of_work() as work:
        team_id = await problems.attempt_async(
            check.person_team(assignee_id, scope, field="assigneeId", code="UNKNOWN_ASSIGNEE"))
        customer_id = await _check_related(data, related, problems)
        problems.raise_if_any()
        task = await Task.create(**values, assignee_id=assignee_id, team_id=team_id, created_by_id=actor.user_id,
                                 customer_id=customer_id, opportunity_id=data.opportunity_id, order_id=data.order_id)
        work.record(task_event("task.created", task, actor_id=actor.user_id))
    return task


async def get_visible(scope: DataScope, task_id: int) -> Task:
    task = await Task.filter(task_scope_q(scope), id=task_id).first()
    if task is None:
        raise NotFound()
    return task


async def complete_task(*, actor: Actor, scope: DataScope, task_id: int,
                        now: datetime | None = None) -> tuple[Task, Task | None]:
    """Mark an open task done; a recurring one gets its successor (exactly one, even if completed twice)."""
    now = now or utcnow()
    async with unit_of_work() as work:
        task = await get_visible(scope, task_id)
        done = await Task.filter(id=task.id, status="open").update(status="done", completed_at=now, updated_at=now)
        if not done:
            raise DomainError("INVALID_TRANSITION", field="id", status=task.status)
        task.status, task.completed_at = "done", now
        work.record(task_event("task.completed", task, actor_id=actor.user_id))
        successor = await _successor(task, now) if task.recurrence in STEPS else None
        if successor is not None:
            work.record(task_event("task.created", successor, actor_id=actor.user_id, previousId=task.id))
    return task, successor


def next_due(due_at: datetime, recurrence: str, now: datetime) -> datetime:
    """The first occurrence after ``now`` (and after ``due_at``), stepping in the display time zone."""
    zone = ZoneInfo(get_settings().display_timezone)
    local = due_at.astimezone(zone)
    n = 1
    while True:
        candidate = local + STEPS[recurrence] * n
        if candidate > now:
            return candidate.astimezone(due_at.tzinfo)
        n += 1


async def _successor(task: Task, now: datetime) -> Task:
    due_at = next_due(task.due_at, task.recurrence, now)
    remind_at = due_at - (task.due_at - task.remind_at) if task.remind_at else None
    return await Task.create(
        title=task.title, kind=task.kind, priority=task.priority, assignee_id=task.assignee_id, team_id=task.team_id,
        created_by_id=task.created_by_id, due_at=due_at, remind_at=remind_at, recurrence=task.recurrence,
        previous_id=task.id, customer_id=task.customer_id, opportunity_id=task.opportunity_id,
        order_id=task.order_id, notes=task.notes)


async def deliver_due_reminders(*, now: datetime | None = None, batch: int = SCAN_BATCH) -> int:
    """Notify the assignee of every open task whose reminder time has come; returns how many were sent now."""
    now = now or utcnow()
    due = await (Task.filter(status="open", reminded_at=None, remind_at__lte=now)
                 .order_by("remind_at", "id").limit(batch).values_list("id", flat=True))
    sent = 0
    for task_id in due:
        sent += await _remind(task_id, now)
    return sent


async def _remind(task_id: int, now: datetime) -> bool:
    async with unit_of_work() as work:
        claimed = await Task.filter(id=task_id, status="open", reminded_at=None).update(reminded_at=now)
        if not claimed:
            return False  # another run (or a retry) got here first
        task = await Task.get(id=task_id)
        if task.assignee_id is not None:
            due = task.due_at.astimezone(ZoneInfo(get_settings().display_timezone)).strftime("%Y-%m-%d %H:%M")
            await notify(work, user_id=task.assignee_id, kind="task.reminder", code="NOTIFY_TASK_REMINDER",
                         params={"title": task.title, "due": due}, now=now, subject=("Task", task.id),
                         dedupe_key=f"task.reminder:{task.id}")
        work.record(task_event("task.reminded", task))
    return True


async def flag_overdue_tasks(*, now: datetime | None = None, batch: int = SCAN_BATCH) -> int:
    """Emit ``task.overdue`` once for every open task past its due time; returns how many were flagged now."""
    now = now or utcnow()
    late = await (Task.filter(status="open", overdue_at=None, due_at__lt=now)
                  .order_by("due_at", "id").limit(batch).values_list("id", flat=True))
    flagged = 0
    for task_id in late:
        async with unit_of_work() as work:
            if not await Task.filter(id=task_id, status="open", overdue_at=None).update(overdue_at=now):
                continue
            task = await Task.get(id=task_id)
            overdue_for = int((now - task.due_at) / timedelta(seconds=1))
            work.record(task_event("task.overdue", task, overdueSeconds=overdue_for))
            flagged += 1
    return flagged
