"""Automation rules in the workers: events open runs, the scheduler fires time-based rules, and each
run is a job retried with exponential backoff until it succeeds or its attempts are spent."""

from __future__ import annotations

import dramatiq
from periodiq import cron

from workers.broker import broker  # noqa: F401 - the broker must exist before actors
from domain.automation import runs, triggers
from domain.automation.subjects import TRIGGER_EVENTS
from domain.events.envelope import DomainEvent
from settings import get_settings
from workers.events import consumes


def queue_runs(run_ids: list[int]) -> None:
    """One job per run; the retry policy comes from the settings at the time it is queued."""
    settings = get_settings()
    for run_id in run_ids:
        execute_automation_run.send_with_options(
            args=(run_id,), max_retries=settings.automation_max_attempts,
            min_backoff=settings.automation_retry_min_backoff_ms, max_backoff=settings.automation_retry_max_backoff_ms)


async def open_runs_for_event(event: DomainEvent) -> None:
    """Rules triggered by this event get a run each (a second delivery opens none)."""
    queue_runs(await runs.plan_event_runs(event))


for _event_type in TRIGGER_EVENTS:
    consumes(_event_type, "automation.rules")(open_runs_for_event)


@consumes("automation_run.retry_requested", "automation.retry")
async def retry_requested(event: DomainEvent) -> None:
    """An admin sent a failed run round again: queue it now (the run itself makes a repeat harmless)."""
    queue_runs([int(event.aggregate_id)])


@dramatiq.actor(max_retries=5, min_backoff=15_000, max_backoff=1_800_000, time_limit=10 * 60 * 1000)
async def execute_automation_run(run_id: int) -> None:
    """Carry out one run; a transient failure raises, and the broker retries it after a growing delay."""
    await runs.execute_run(run_id=run_id)


@dramatiq.actor(max_retries=0, periodic=cron("* * * * *"))
async def fire_automation_schedules() -> None:
    """Fire schedule and date rules whose time has come, and resume runs a stopped worker left behind."""
    queue_runs(await triggers.fire_due_rules())
    queue_runs(await runs.runs_to_resume())


@dramatiq.actor(max_retries=3, periodic=cron("40 19 * * *"))  # 03:40 Asia/Shanghai on a UTC server
async def prune_automation_runs() -> None:
    """Forget finished runs older than AUTOMATION_RUN_RETENTION_DAYS."""
    await runs.prune_finished_runs(older_than_days=get_settings().automation_run_retention_days)
