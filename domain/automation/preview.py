"""Trying rules out: what a rule would do for one record (nothing is written or sent), and sending a
failed run round again once its cause is fixed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.actor import Actor
from domain.automation import conditions, recipients
from domain.automation.actions import Step
from domain.automation.models import AutomationRun
from domain.automation.rules import RuleData, checked_rule
from domain.automation.subjects import SUBJECTS, load_values
from domain.errors import DomainError, NotFound
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.mail.rendering import render_string

RETRYABLE = ("failed",)


@dataclass
class Preview:
    matches: bool
    subject_type: str | None
    subject_id: int | None
    actions: list[dict] = field(default_factory=list)  # per action: its type and what it would do


def _rendered(source: str | None, context: dict) -> str | None:
    if not source:
        return None
    try:
        return render_string(source, context)
    except DomainError as error:
        return f"⚠ {error.message('en')}"


async def _describe(step: Step, action: dict) -> dict:
    """What one action would do, in words a person checks: texts rendered, people named."""
    context, kind = step.context(), action["type"]
    described = {"type": kind}
    if kind == "create_task":
        people = await recipients.users(action["assignTo"], step)
        described.update(title=_rendered(action["title"], context), assignees=[p["name"] for p in people])
    elif kind == "notify":
        people = await recipients.users(action["to"], step)
        described.update(text=_rendered(action["textZh"], context), recipients=[p["name"] for p in people])
    elif kind == "send_email":
        people = await recipients.users([s for s in action["to"] if recipients.is_person(s)], step)
        others = [s for s in action["to"] if not recipients.is_person(s)]
        described.update(template=action["template"], recipients=[p["name"] for p in people] + others,
                         subject=_rendered(action.get("subjectZh"), context), marketing=action["marketing"])
    elif kind == "assign_owner":
        from domain.automation.assignment import candidates

        people = await candidates(role=action["role"], team_id=action["teamId"])
        described.update(strategy=action["strategy"], candidates=[p.display_name for p in people])
    elif kind == "update_field":
        described.update(field=action["field"], value=action["value"])
    else:
        described.update(url=action["url"])
    return described


async def preview_rule(*, data: RuleData, subject_id: int | None, now: datetime | None = None) -> Preview:
    """Check a rule as if saving it, then say whether it holds for the record and what each action would do."""
    values = checked_rule(data)
    subject = values["subject_type"]
    now = now or utcnow()
    record = None
    if subject is not None:
        if subject_id is None:
            raise DomainError("REQUIRED", field="subjectId")
        record = (await load_values(subject, [subject_id], now)).get(subject_id)
        if record is None:
            raise NotFound(field="subjectId")
    matches = record is None or conditions.holds(values["conditions"], record, SUBJECTS[subject].fields)
    people = await recipients.people_of(record)
    preview = Preview(matches=matches, subject_type=subject, subject_id=subject_id)
    for index, action in enumerate(values["actions"]):
        step = Step(rule_id=0, rule_name=values["name"], run_id=0, index=index, subject=subject, values=record,
                    event={}, now=now, people=people)
        preview.actions.append(await _describe(step, action))
    return preview


async def retry_run(*, actor: Actor, run_id: int) -> AutomationRun:
    """Give a failed run a fresh set of attempts (steps already done stay done)."""
    async with unit_of_work() as work:
        run = await AutomationRun.get_or_none(id=run_id)
        if run is None:
            raise NotFound()
        reset = await AutomationRun.filter(id=run.id, status__in=RETRYABLE).update(
            status="queued", attempts=0, error_code=None, error=None, finished_at=None, lease_until=None)
        if not reset:
            raise DomainError("INVALID_TRANSITION", field="id", status=run.status)
        work.record(DomainEvent(type="automation_run.retry_requested", aggregate_type="AutomationRun",
                                aggregate_id=str(run.id), payload={"ruleId": run.rule_id}, actor_id=actor.user_id))
    return await AutomationRun.get(id=run_id)
