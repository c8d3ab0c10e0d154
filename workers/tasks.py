"""Task reminders and overdue flags, every minute from the single scheduler (or the embedded app's loop).

Each run is safe to repeat or to overlap with another: every task is claimed with a conditional
update before anything is sent, so a reminder is delivered and ``task.overdue`` emitted exactly once.
"""

from __future__ import annotations

import dramatiq
from periodiq import cron

from workers.broker import broker  # noqa: F401 - the broker must exist before actors
from domain.sales import tasks
from domain.sales.tasks import SCAN_BATCH


@dramatiq.actor(max_retries=3, min_backoff=5_000, periodic=cron("* * * * *"))
async def send_task_reminders() -> None:
    """Notify assignees of every task whose reminder time has come (in batches until none are left)."""
    while await tasks.deliver_due_reminders() == SCAN_BATCH:
        pass


@dramatiq.actor(max_retries=3, min_backoff=5_000, periodic=cron("* * * * *"))
async def flag_overdue_tasks() -> None:
    """Emit ``task.overdue`` once for every open task past its due time."""
    while await tasks.flag_overdue_tasks() == SCAN_BATCH:
        pass
