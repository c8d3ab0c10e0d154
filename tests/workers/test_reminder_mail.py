"""A task reminder reaches the assignee's inbox exactly once, even when its event is dispatched again."""

from datetime import timedelta

from workers.events import dispatch_event
from workers.tasks import send_task_reminders


async def _seed() -> int:
    from domain.crm.models import Customer
    from domain.events.envelope import utcnow
    from domain.identity.models import User
    from domain.sales.pipeline_models import Task
    from tests.domain.funnel.factories import actor, customer_of, task

    rep = await actor("rep")
    await User.filter(id=rep.user_id).update(email="rep@example.com", locale="zh-CN")
    now = utcnow()
    reminded = await task(rep, due_at=now + timedelta(hours=1), remind_at=now - timedelta(minutes=1),
                          title="回访客户 Follow-up call")
    customer: Customer = await customer_of(rep)
    await Task.filter(id=reminded.id).update(customer_id=customer.id)
    return reminded.id


async def _reminded_event(task_id: int) -> tuple[str, str]:
    from domain.crm.models import Customer
    from domain.events.models import OutboxEvent
    from domain.sales.pipeline_models import Task

    (event,) = await OutboxEvent.filter(type="task.reminded", aggregate_id=str(task_id))
    task = await Task.get(id=task_id)
    return str(event.id), (await Customer.get(id=task.customer_id)).name


def test_one_reminder_sends_one_mail_even_when_the_event_is_dispatched_twice(client, gql, mail_server):
    task_id = gql.run(_seed)
    send_task_reminders.send()
    gql.run(client.app.state.worker.join)
    event_id, customer_name = gql.run(_reminded_event, task_id)
    dispatch_event.send(event_id)
    dispatch_event.send(event_id)
    gql.run(client.app.state.worker.join)
    (received,) = mail_server.wait_for(1)
    assert len(mail_server.messages) == 1
    assert received["To"] == "rep@example.com"
    assert received["Subject"].startswith("任务提醒：回访客户 Follow-up call（")
    body = received.get_body(("plain",)).get_content()
    assert "任务：回访客户 Follow-up call" in body and f"客户：{customer_name}" in body
