"""The periodic task jobs run through the broker with the real clock; running them again changes nothing."""

from datetime import timedelta

from workers.tasks import flag_overdue_tasks, send_task_reminders


async def _seed() -> tuple[int, int]:
    from domain.events.envelope import utcnow
    from tests.domain.funnel.factories import actor, task

    rep = await actor("rep")
    now = utcnow()
    due_soon = await task(rep, due_at=now + timedelta(hours=1), remind_at=now - timedelta(minutes=1))
    late = await task(rep, due_at=now - timedelta(hours=1))
    return due_soon.id, late.id


async def _outcome(due_soon: int, late: int) -> tuple[int, int, list[str]]:
    from domain.events.models import OutboxEvent
    from domain.sales.pipeline_models import Notification

    return (await Notification.filter(subject_id=due_soon, kind="task.reminder").count(),
            await Notification.filter(subject_id=late).count(),
            await OutboxEvent.filter(type="task.overdue").values_list("aggregate_id", flat=True))


def test_reminder_and_overdue_jobs_act_once(client, gql):
    due_soon, late = gql.run(_seed)
    for _ in range(2):
        send_task_reminders.send()
        flag_overdue_tasks.send()
        gql.run(client.app.state.worker.join)
    assert gql.run(_outcome, due_soon, late) == (1, 0, [str(late)])
