"""Saving rules: everything is checked before a rule is stored, so a stored rule can always run.

Refused at save time: unknown triggers, fields or actions, invalid templates and schedules, and a
rule whose own action would trigger it again (it would loop). Loops through several rules are
stopped at run time by the depth guard (``AUTOMATION_MAX_DEPTH``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from croniter import croniter

from domain.actor import Actor
from domain.automation import conditions
from domain.automation.actions import checked_actions, emitted_events
from domain.automation.models import TRIGGER_KINDS, AutomationRule
from domain.automation.subjects import DATE_FIELDS, SUBJECTS, TRIGGER_EVENTS
from domain.errors import DomainError, NotFound, Problems
from domain.events import DomainEvent, unit_of_work
from domain.sales import funnel_checks as check

TIME_OF_DAY = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
MIN_SCHEDULE_GAP = timedelta(minutes=15)


@dataclass
class RuleData:
    """A rule as an admin writes it; on update, None leaves a part unchanged."""

    name: str | None = None
    description: str | None = None
    enabled: bool | None = None
    trigger_kind: str | None = None
    event_type: str | None = None
    schedule: str | None = None
    subject_type: str | None = None
    date_field: str | None = None
    offset_days: int | None = None
    conditions: dict | None = None
    actions: list | None = None


def _checked_schedule(schedule: str | None) -> str:
    if not schedule or len(schedule) > 100 or len(schedule.split()) != 5 or not croniter.is_valid(schedule):
        raise DomainError("INVALID_SCHEDULE", field="schedule")
    times = croniter(schedule, datetime(2026, 1, 1))
    moments = [times.get_next(datetime) for _ in range(30)]
    if any(b - a < MIN_SCHEDULE_GAP for a, b in zip(moments, moments[1:])):
        raise DomainError("SCHEDULE_TOO_FREQUENT", field="schedule", minutes=15)
    return schedule


def _checked_trigger(data: RuleData) -> dict:
    """Trigger columns, consistent with the kind; also decides which records the rule is about."""
    kind = data.trigger_kind
    if kind not in TRIGGER_KINDS:
        raise DomainError("INVALID_CHOICE", field="triggerKind", allowed=", ".join(TRIGGER_KINDS))
    values = {"trigger_kind": kind, "event_type": None, "schedule": None, "subject_type": None, "date_field": None,
              "offset_days": 0}
    if kind == "event":
        if data.event_type not in TRIGGER_EVENTS:
            raise DomainError("UNKNOWN_EVENT", field="eventType", type=str(data.event_type))
        values.update(event_type=data.event_type, subject_type=TRIGGER_EVENTS[data.event_type])
    elif kind == "schedule":
        if data.subject_type is not None and data.subject_type not in SUBJECTS:
            raise DomainError("UNKNOWN_SUBJECT", field="subjectType", subject=str(data.subject_type))
        values.update(schedule=_checked_schedule(data.schedule), subject_type=data.subject_type)
    else:
        if data.date_field not in DATE_FIELDS:
            raise DomainError("UNKNOWN_FIELD", field="dateField", name=str(data.date_field))
        at = data.schedule or "09:00"
        if not TIME_OF_DAY.fullmatch(at):
            raise DomainError("INVALID_TIME_OF_DAY", field="schedule")
        offset = data.offset_days or 0
        if isinstance(offset, bool) or not -365 <= offset <= 365:
            raise DomainError("OUT_OF_RANGE", field="offsetDays", low=-365, high=365)
        values.update(date_field=data.date_field, subject_type=DATE_FIELDS[data.date_field][0], schedule=at,
                      offset_days=offset)
    return values


def checked_rule(data: RuleData) -> dict:
    """The columns of a valid rule; every problem found is raised together."""
    problems = Problems()
    values = {
        "name": problems.attempt(lambda: check.text(data.name, "name", max_length=200, required=True)),
        "description": problems.attempt(lambda: check.text(data.description, "description", max_length=2000)),
        "enabled": True if data.enabled is None else bool(data.enabled),
    }
    trigger = problems.attempt(lambda: _checked_trigger(data))
    problems.raise_if_any()
    values.update(trigger)
    subject = trigger["subject_type"]
    if data.conditions and subject is None:
        problems.add("CONDITIONS_NEED_SUBJECT", field="conditions")
    else:
        fields_ = SUBJECTS[subject].fields if subject else {}
        values["conditions"] = problems.attempt(lambda: conditions.checked(data.conditions, fields_))
    values["actions"] = problems.attempt(lambda: checked_actions(data.actions, subject))
    problems.raise_if_any()
    if trigger["event_type"] in emitted_events(values["actions"], subject):
        raise DomainError("CYCLIC_RULE", field="actions", type=trigger["event_type"])
    return values


def _as_data(rule: AutomationRule) -> RuleData:
    return RuleData(name=rule.name, description=rule.description, enabled=rule.enabled,
                    trigger_kind=rule.trigger_kind, event_type=rule.event_type, schedule=rule.schedule,
                    subject_type=rule.subject_type, date_field=rule.date_field, offset_days=rule.offset_days,
                    conditions=rule.conditions, actions=rule.actions)


def _rule_event(kind: str, rule: AutomationRule, actor: Actor) -> DomainEvent:
    return DomainEvent(type=f"automation_rule.{kind}", aggregate_type="AutomationRule", aggregate_id=str(rule.id),
                       payload={"name": rule.name, "enabled": rule.enabled, "trigger": rule.trigger_kind},
                       actor_id=actor.user_id)


async def create_rule(*, actor: Actor, data: RuleData, key: str | None = None) -> AutomationRule:
    """Store a new rule (checked first)."""
    values = checked_rule(data)
    async with unit_of_work() as work:
        rule = await AutomationRule.create(**values, key=key, created_by_id=actor.user_id)
        work.record(_rule_event("created", rule, actor))
    return rule


async def get_rule(rule_id: int) -> AutomationRule:
    rule = await AutomationRule.get_or_none(id=rule_id)
    if rule is None:
        raise NotFound()
    return rule


async def update_rule(*, actor: Actor, rule_id: int, data: RuleData) -> AutomationRule:
    """Change parts of a rule; the whole rule is checked again. Pending runs use the rule as it is then."""
    async with unit_of_work() as work:
        rule = await get_rule(rule_id)
        merged = _as_data(rule)
        for item in fields(RuleData):
            if getattr(data, item.name) is not None:
                setattr(merged, item.name, getattr(data, item.name))
        values = checked_rule(merged)
        await AutomationRule.filter(id=rule.id).update(**values)
        for name, value in values.items():
            setattr(rule, name, value)
        work.record(_rule_event("updated", rule, actor))
    return rule


async def delete_rule(*, actor: Actor, rule_id: int) -> int:
    """Remove a rule and its run log; a default rule can only be switched off."""
    async with unit_of_work() as work:
        rule = await get_rule(rule_id)
        if rule.key is not None:
            raise DomainError("DEFAULT_RULE_KEPT", field="id")
        work.record(_rule_event("deleted", rule, actor))
        await AutomationRule.filter(id=rule.id).delete()
    return rule_id
