"""E-mail jobs: each consumer hands one event's ids to a domain function that re-loads and re-checks."""

from __future__ import annotations

from workers.broker import broker  # noqa: F401 - the broker must exist before actors
from domain.events.envelope import DomainEvent
from domain.mail import reminders
from workers.events import consumes


@consumes("task.reminded", reminders.CONSUMER)
async def email_task_reminder(event: DomainEvent) -> None:
    """E-mail the assignee; a mail server that fails raises, and ``dispatch_event`` retries."""
    await reminders.email_task_reminder(event_id=event.id, task_id=int(event.aggregate_id))
