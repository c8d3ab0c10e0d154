"""Rule runs: opened once per rule and trigger, executed step by step, every attempt logged.

A run is unique per (rule, trigger key), so an event delivered twice opens one run. Executing
claims the run with a conditional update; each database action commits together with the mark
that it is done, so a retry after a failure (say, the mail server was down) resumes where the run
stopped instead of repeating what already happened.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain.automation import conditions, recipients
from domain.automation.actions import ACTIONS, Step
from domain.automation.models import FINAL_STATUSES, AutomationRule, AutomationRun
from domain.automation.subjects import SUBJECTS, TRIGGER_EVENTS, load_values
from domain.errors import DomainError
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.events.unit_of_work import caused_by_automation
from settings import get_settings

LEASE = timedelta(minutes=10)
EXTERNAL = {"send_email", "call_webhook"}  # not undone by a rollback: they run outside the step transaction


class RunWillRetry(Exception):
    """The run failed this time and will be tried again (the worker's retry policy decides when)."""


async def open_run(rule: AutomationRule, *, key: str, subject_id: int | None = None, depth: int = 0,
                   event: DomainEvent | None = None, now: datetime | None = None) -> int | None:
    """Open the run for this rule and trigger; None when it was already opened (a repeated delivery)."""
    stopped = depth > get_settings().automation_max_depth
    try:
        async with in_transaction():
            run = await AutomationRun.create(
                rule_id=rule.id, trigger_key=key, subject_type=rule.subject_type, subject_id=subject_id,
                depth=depth, event_id=event.id if event else None, event_type=event.type if event else None,
                event_payload=event.payload if event else {}, created_at=now or utcnow(),
                status="stopped" if stopped else "queued",
                error_code="AUTOMATION_TOO_DEEP" if stopped else None,
                finished_at=(now or utcnow()) if stopped else None)
    except IntegrityError:
        return None
    return None if stopped else run.id


async def plan_event_runs(event: DomainEvent, *, now: datetime | None = None) -> list[int]:
    """Open a run for every enabled rule this event triggers and whose conditions hold now."""
    subject = TRIGGER_EVENTS.get(event.type)
    if subject is None:
        return []
    rules = await AutomationRule.filter(enabled=True, trigger_kind="event", event_type=event.type).order_by("id")
    if not rules:
        return []
    now = now or utcnow()
    record_id = int(event.aggregate_id)
    values = (await load_values(subject, [record_id], now)).get(record_id)
    if values is not None:
        values = conditions.as_of_event(values, event.payload, SUBJECTS[subject].fields)
    depth = int((event.payload.get("automation") or {}).get("depth", -1)) + 1
    opened = []
    for rule in rules:
        if values is None or not conditions.holds(rule.conditions, values, SUBJECTS[subject].fields):
            continue
        run_id = await open_run(rule, key=f"event:{event.id}", subject_id=record_id, depth=depth, event=event,
                                now=now)
        if run_id is not None:
            opened.append(run_id)
    return opened


async def _finish(run_id: int, status: str, now: datetime, *, code: str | None = None,
                  error: str | None = None) -> str:
    await AutomationRun.filter(id=run_id).update(status=status, error_code=code, error=error, finished_at=now,
                                                 lease_until=None)
    return status


async def _mark_done(run_id: int, key: str, note: str | None = None) -> None:
    """Remember a finished step (or a recipient mailed), in the caller's transaction when there is one."""
    run = await AutomationRun.get(id=run_id)
    changes = {"done_steps": [*run.done_steps, key]}
    if note is not None:
        changes["outcome"] = [*run.outcome, {"step": key, "result": note}]
    await AutomationRun.filter(id=run_id).update(**changes)


async def _claim(run_id: int, now: datetime) -> AutomationRun | None:
    claimed = await AutomationRun.filter(id=run_id, status__in=("queued", "retrying")).update(
        status="running", attempts=F("attempts") + 1, lease_until=now + LEASE, started_at=now)
    return await AutomationRun.get(id=run_id) if claimed else None


async def _prepared(run: AutomationRun, rule: AutomationRule | None, now: datetime) -> tuple[str, dict | None]:
    """Re-check the rule and the record before acting: ('', values) to go on, or (why not, None)."""
    if rule is None or not rule.enabled:
        return "RULE_DISABLED", None
    if run.subject_type is None:
        return "", None
    values = (await load_values(run.subject_type, [run.subject_id], now)).get(run.subject_id)
    if values is None:
        return "SUBJECT_GONE", None
    values = conditions.as_of_event(values, run.event_payload or {}, SUBJECTS[run.subject_type].fields)
    if not conditions.holds(rule.conditions, values, SUBJECTS[run.subject_type].fields):
        return "CONDITIONS_NOT_MET", None
    return "", values


async def _run_step(run: AutomationRun, step: Step, action: dict) -> None:
    kind = action["type"]
    if kind in EXTERNAL:
        note = await ACTIONS[kind].run(step, action)
        await _mark_done(run.id, str(step.index), note)
        return
    async with unit_of_work():
        note = await ACTIONS[kind].run(step, action)
        await _mark_done(run.id, str(step.index), note)


async def _failed_attempt(run: AutomationRun, error: Exception, now: datetime, max_attempts: int) -> str:
    code = error.code if isinstance(error, DomainError) else "ACTION_ERROR"
    text = error.message("en") if isinstance(error, DomainError) else f"{type(error).__name__}: {error}"[:500]
    params = {k: str(v) for k, v in error.params.items()} if isinstance(error, DomainError) else {}
    entry = {"attempt": run.attempts, "at": now.isoformat(), "code": code, "error": text, "params": params}
    log = [*(await AutomationRun.get(id=run.id)).attempt_log, entry]
    await AutomationRun.filter(id=run.id).update(attempt_log=log)
    transient = getattr(error, "transient", not isinstance(error, DomainError))
    if transient and run.attempts < max_attempts:
        await AutomationRun.filter(id=run.id).update(status="retrying", error_code=code, error=text, lease_until=None)
        raise RunWillRetry(f"run {run.id}: {code}") from error
    return await _finish(run.id, "failed", now, code=code, error=text)


async def execute_run(*, run_id: int, max_attempts: int | None = None, now: datetime | None = None) -> str:
    """Carry out a run's remaining actions; returns its status, or raises RunWillRetry to be tried again."""
    now = now or utcnow()
    max_attempts = max_attempts or get_settings().automation_max_attempts
    run = await _claim(run_id, now)
    if run is None:
        current = await AutomationRun.get_or_none(id=run_id)
        return current.status if current else "missing"
    rule = await AutomationRule.get_or_none(id=run.rule_id)
    reason, values = await _prepared(run, rule, now)
    if reason:
        return await _finish(run.id, "skipped", now, code=reason)
    people = await recipients.people_of(values)
    done = set(run.done_steps)
    with caused_by_automation(rule_id=rule.id, run_id=run.id, depth=run.depth):
        for index, action in enumerate(rule.actions):
            if str(index) in done:
                continue
            step = Step(rule_id=rule.id, rule_name=rule.name, run_id=run.id, index=index, subject=run.subject_type,
                        values=values, event=run.event_payload or {}, now=now, people=people, done=done,
                        progress=partial(_mark_done, run.id))
            try:
                await _run_step(run, step, action)
            except Exception as error:  # every failure ends in the run log
                return await _failed_attempt(run, error, utcnow(), max_attempts)
    return await _finish(run.id, "succeeded", utcnow())


async def runs_to_resume(*, now: datetime | None = None, queued_for: timedelta = timedelta(minutes=2)) -> list[int]:
    """Runs a lost message or a stopped worker left behind, to queue again (a run acts once whoever runs it)."""
    now = now or utcnow()
    stale = await AutomationRun.filter(status="running", lease_until__lt=now).values_list("id", flat=True)
    if stale:
        await AutomationRun.filter(id__in=stale, status="running").update(status="retrying", lease_until=None)
    waiting = await AutomationRun.filter(status="queued", created_at__lt=now - queued_for).values_list("id", flat=True)
    longest_wait = timedelta(milliseconds=get_settings().automation_retry_max_backoff_ms) + LEASE
    forgotten = await AutomationRun.filter(status="retrying", started_at__lt=now - longest_wait).values_list(
        "id", flat=True)  # its retry message was lost
    return [*stale, *waiting, *forgotten][:500]


async def prune_finished_runs(*, older_than_days: int, now: datetime | None = None) -> int:
    """Delete finished runs older than the retention period; returns how many went."""
    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    return await AutomationRun.filter(status__in=FINAL_STATUSES, created_at__lt=cutoff).delete()
