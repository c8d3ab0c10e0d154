"""Automation test helpers: run what the workers would run, in-line, with a chosen clock."""

from __future__ import annotations

from domain.automation import runs
from domain.automation.models import AutomationRule, AutomationRun
from domain.events.models import OutboxEvent


async def deliver(event_type: str, aggregate_id: int | None = None, *, times: int = 1, now=None) -> list[int]:
    """Hand the outbox events of a type to the rules (as the event consumer does), ``times`` times over."""
    opened = []
    query = OutboxEvent.filter(type=event_type)
    if aggregate_id is not None:
        query = query.filter(aggregate_id=str(aggregate_id))
    for row in await query.order_by("occurred_at"):
        for _ in range(times):
            opened += await runs.plan_event_runs(row.to_event(), now=now)
    return opened


async def execute(run_ids: list[int], *, now=None) -> list[str]:
    return [await runs.execute_run(run_id=run_id, now=now) for run_id in run_ids]


async def default_rule(key: str) -> AutomationRule:
    return await AutomationRule.get(key=key)


async def switch_off_defaults(*keys: str) -> None:
    query = AutomationRule.filter(key__isnull=False)
    if keys:
        query = query.filter(key__in=keys)
    await query.update(enabled=False)


async def runs_of(rule_id: int) -> list[AutomationRun]:
    return await AutomationRun.filter(rule_id=rule_id).order_by("id")
