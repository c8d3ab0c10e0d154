"""Task reminder e-mails: once per event, in the assignee's language, retried after a failed send."""

from datetime import timedelta
from uuid import uuid4

import pytest

from domain.events.models import ProcessedEvent
from domain.identity.models import User
from domain.mail.reminders import CONSUMER, email_task_reminder
from domain.mail.sending import MailNotSent
from domain.sales.tasks import complete_task
from tests.domain.funnel.factories import T0, actor, scope, task
from tests.mail_server import free_port, use_smtp


async def reminded_task(*, email: str | None = "rep@example.com", locale: str = "zh-CN"):
    rep = await actor("rep")
    await User.filter(id=rep.user_id).update(email=email, locale=locale)
    return rep, await task(rep, due_at=T0 + timedelta(hours=2), remind_at=T0, title="回访华东贸易")


async def test_a_failed_send_is_not_recorded_so_the_retry_sends_once(db, mail_server, monkeypatch):
    _, reminded = await reminded_task()
    event_id = uuid4()
    use_smtp(monkeypatch, f"smtp://127.0.0.1:{free_port()}")  # the mail server is down
    with pytest.raises(MailNotSent):
        await email_task_reminder(event_id=event_id, task_id=reminded.id)
    assert not await ProcessedEvent.exists(consumer=CONSUMER, event_id=event_id)
    use_smtp(monkeypatch, mail_server.url)  # and back
    assert await email_task_reminder(event_id=event_id, task_id=reminded.id) is True
    assert await email_task_reminder(event_id=event_id, task_id=reminded.id) is False
    (received,) = mail_server.wait_for(1)
    assert received["To"] == "rep@example.com"
    assert received["Subject"] == "任务提醒：回访华东贸易（2030-03-04 11:00 截止）"
    assert received["Message-ID"] == f"<task-reminder.{event_id}@localhost>"
    assert "截止时间：2030-03-04 11:00" in received.get_body(("plain",)).get_content()


async def test_the_reminder_is_in_the_assignees_language(db, mail_server):
    _, reminded = await reminded_task(locale="en")
    await email_task_reminder(event_id=uuid4(), task_id=reminded.id)
    (received,) = mail_server.wait_for(1)
    assert received["Subject"] == "Reminder: 回访华东贸易 (due 2030-03-04 11:00)"
    assert "Please sign in to Salesdesk" in received.get_body(("plain",)).get_content()


async def test_no_mail_for_a_task_already_done_or_an_assignee_without_email(db, mail_server):
    rep, done = await reminded_task()
    await complete_task(actor=rep, scope=await scope(rep, "Task"), task_id=done.id, now=T0)
    _, no_address = await reminded_task(email=None)
    first, second = uuid4(), uuid4()
    assert await email_task_reminder(event_id=first, task_id=done.id) is False
    assert await email_task_reminder(event_id=second, task_id=no_address.id) is False
    assert await ProcessedEvent.filter(consumer=CONSUMER, event_id__in=[first, second]).count() == 2
    assert mail_server.messages == []
