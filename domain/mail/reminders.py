"""Task reminders by e-mail, on top of the in-app notification that ``task.reminded`` already carries.

Delivery is at least once and, for a redelivered event, not twice: the mail is sent first and the
event is recorded as handled right after; a job that failed to send is retried, one that had sent
finds the record and stops. The send happens outside any transaction, so a slow mail server never
holds database locks (which on SQLite would stall every writer).
"""

from __future__ import annotations

import logging
from uuid import UUID

from domain.crm.models import Customer
from domain.events.consumers import handle_once
from domain.events.models import ProcessedEvent
from domain.identity.models import User
from domain.mail.rendering import render_mail
from domain.mail.sending import OutgoingMail, send_mail, sender_domain
from domain.sales.pipeline_models import Task
from settings import get_settings

log = logging.getLogger("salesdesk.mail")
CONSUMER = "mail.task-reminder"


async def reminder_mail(*, task_id: int, event_id: UUID) -> OutgoingMail | None:
    """The reminder for an open task's active assignee who has an e-mail address; None otherwise."""
    task = await Task.get_or_none(id=task_id)
    if task is None or task.status != "open" or task.assignee_id is None:
        return None
    user = await User.get_or_none(id=task.assignee_id, is_active=True)
    if user is None or not user.email:
        return None
    customer = await Customer.get_or_none(id=task.customer_id) if task.customer_id else None
    rendered = render_mail("task_reminder", user.locale, {
        "assigneeName": user.display_name, "title": task.title, "dueAt": task.due_at,
        "customerName": customer.name if customer else None})
    # One Message-ID per reminder event: should a retry ever send it again, mail clients show it once.
    domain = sender_domain(get_settings().mail_from)
    return OutgoingMail(to=[user.email], subject=rendered.subject, text=rendered.text, html=rendered.html,
                        headers={"Message-ID": f"<task-reminder.{event_id}@{domain}>"})


async def email_task_reminder(*, event_id: UUID, task_id: int) -> bool:
    """E-mail the assignee about a reminded task, once per event; False when nothing was sent."""
    if await ProcessedEvent.exists(consumer=CONSUMER, event_id=event_id):
        return False
    mail = await reminder_mail(task_id=task_id, event_id=event_id)
    if mail is not None:
        await send_mail(mail)  # MailNotSent propagates: the job is retried, nothing was recorded
    async with handle_once(consumer=CONSUMER, event_id=event_id) as work:
        if work is None:
            log.warning("task %s reminder %s was handled twice at once", task_id, event_id)
    return mail is not None
