"""Tasks: input rules, reminders exactly once (repeated and concurrent runs), recurrence, overdue once."""

import asyncio
from datetime import timedelta

import pytest

from domain.errors import DomainError, ValidationFailed
from domain.sales.pipeline_models import Notification, Task
from domain.sales.tasks import complete_task, deliver_due_reminders, flag_overdue_tasks
from tests.domain.funnel.factories import T0, actor, customer_of, events, later, scope, task


async def test_due_in_the_past_is_fine_but_a_reminder_after_due_is_refused(db):
    rep = await actor("rep")
    past = await task(rep, due_at=T0 - timedelta(days=400), remind_at=T0 - timedelta(days=401))
    assert past.status == "open" and past.assignee_id == rep.user_id and past.team_id == rep.team_id
    with pytest.raises(ValidationFailed) as refused:
        await task(rep, due_at=T0, remind_at=later(minutes=1))
    assert [(e.code, e.field) for e in refused.value.errors] == [("REMINDER_AFTER_DUE", "remindAt")]


async def test_every_bad_field_is_reported_and_nothing_is_written(db):
    rep, rep2 = await actor("rep"), await actor("rep2")
    from domain.sales.tasks import RelatedScopes, TaskData, create_task

    theirs = await customer_of(rep2)
    related = RelatedScopes(customers=await scope(rep, "Customer"), opportunities=await scope(rep),
                            orders=await scope(rep, "Order"))
    data = TaskData(title="", kind="fax", due_at=T0, remind_at=later(hours=1), assignee_id=rep2.user_id,
                    customer_id=theirs.id, opportunity_id=999_999, order_id=999_999)
    before = await Task.all().count()
    with pytest.raises(ValidationFailed) as refused:
        await create_task(actor=rep, scope=await scope(rep, "Task"), related=related, data=data)
    assert sorted((e.field, e.code) for e in refused.value.errors) == [
        ("assigneeId", "UNKNOWN_ASSIGNEE"), ("customerId", "UNKNOWN_CUSTOMER"), ("kind", "INVALID_CHOICE"),
        ("opportunityId", "UNKNOWN_OPPORTUNITY"), ("orderId", "UNKNOWN_ORDER"), ("remindAt", "REMINDER_AFTER_DUE"),
        ("title", "REQUIRED")]
    assert await Task.all().count() == before


async def test_a_reminder_is_delivered_once_however_often_the_job_runs(db):
    rep = await actor("rep")
    t = await task(rep, due_at=later(hours=2), remind_at=later(hours=1))
    assert await deliver_due_reminders(now=later(minutes=59)) == 0, "not yet"
    assert await deliver_due_reminders(now=later(hours=1)) == 1
    assert await deliver_due_reminders(now=later(hours=1)) == 0
    assert await deliver_due_reminders(now=later(hours=1, minutes=1)) == 0

    notes = await Notification.filter(user_id=rep.user_id, subject_type="Task", subject_id=t.id)
    assert len(notes) == 1
    assert notes[0].kind == "task.reminder" and notes[0].params["title"] == "回访客户 Follow-up call"
    assert notes[0].params["due"] == "2030-03-04 11:00", "shown in the display time zone (UTC+8)"
    assert len(await events("notification.created", notes[0].id)) == 1
    assert len(await events("task.reminded", t.id)) == 1
    assert (await Task.get(id=t.id)).reminded_at == later(hours=1)


async def test_two_concurrent_runs_deliver_each_reminder_exactly_once(db):
    rep, manager = await actor("rep"), await actor("manager")
    made = [await task(rep, due_at=later(hours=3), remind_at=later(hours=1, minutes=n)) for n in range(10)]
    made += [await task(manager, due_at=later(hours=3), remind_at=later(hours=2), assignee_id=rep.user_id)]

    sent = await asyncio.gather(*(deliver_due_reminders(now=later(hours=2)) for _ in range(2)))

    assert sum(sent) == 11
    rows = await Notification.filter(kind="task.reminder").values_list("subject_id", flat=True)
    assert sorted(rows) == sorted(t.id for t in made)
    assert await events("task.reminded") and len(await events("task.reminded")) == 11


async def test_completing_a_recurring_task_creates_exactly_one_successor(db):
    rep = await actor("rep")
    weekly = await task(rep, due_at=later(hours=10), remind_at=later(hours=9), recurrence="weekly")
    rows = await scope(rep, "Task")

    done, successor = await complete_task(actor=rep, scope=rows, task_id=weekly.id, now=later(hours=8))
    assert done.status == "done" and done.completed_at == later(hours=8)
    assert successor.previous_id == weekly.id and successor.status == "open"
    assert successor.due_at == later(days=7, hours=10) and successor.remind_at == later(days=7, hours=9)
    assert (successor.title, successor.recurrence, successor.assignee_id) == (weekly.title, "weekly", rep.user_id)

    with pytest.raises(DomainError) as again:
        await complete_task(actor=rep, scope=rows, task_id=weekly.id, now=later(hours=9))
    assert again.value.code == "INVALID_TRANSITION"
    assert await Task.filter(previous_id=weekly.id).count() == 1


async def test_a_late_completion_schedules_the_next_occurrence_in_the_future(db):
    rep = await actor("rep")
    daily = await task(rep, due_at=later(hours=1), recurrence="daily")
    _, successor = await complete_task(actor=rep, scope=await scope(rep, "Task"), task_id=daily.id,
                                       now=later(days=3, hours=5))
    assert successor.due_at == later(days=4, hours=1)
    monthly = await task(rep, due_at=later(days=27), recurrence="monthly")  # 2030-03-31 09:00 Shanghai
    _, next_month = await complete_task(actor=rep, scope=await scope(rep, "Task"), task_id=monthly.id,
                                        now=later(days=27))
    assert next_month.due_at == later(days=27 + 30), "31 March → 30 April, same local time"
    one_off = await task(rep, due_at=later(hours=1))
    assert (await complete_task(actor=rep, scope=await scope(rep, "Task"), task_id=one_off.id))[1] is None


async def test_overdue_is_emitted_once_and_never_for_done_tasks(db):
    rep = await actor("rep")
    late = await task(rep, due_at=later(hours=1))
    finished = await task(rep, due_at=later(hours=1))
    await complete_task(actor=rep, scope=await scope(rep, "Task"), task_id=finished.id, now=T0)

    assert await flag_overdue_tasks(now=later(minutes=59)) == 0
    flagged = await asyncio.gather(flag_overdue_tasks(now=later(hours=2)), flag_overdue_tasks(now=later(hours=2)))
    assert sum(flagged) == 1
    assert await flag_overdue_tasks(now=later(days=1)) == 0

    emitted = await events("task.overdue")
    assert [e.aggregate_id for e in emitted] == [str(late.id)]
    assert emitted[0].payload["overdueSeconds"] == 3600 and emitted[0].owner_id == rep.user_id
