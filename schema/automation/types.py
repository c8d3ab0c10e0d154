"""Automation types: rules (conditions and actions as JSON, exactly as stored) and their runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from domain.i18n import translate
from schema.context import Info


@strawberry.type(description="When (trigger), if (conditions), do (actions). See `automationCatalog` for names.")
class AutomationRule:
    model: strawberry.Private[Any]
    id: strawberry.ID
    key: str | None = strawberry.field(description="Set on the default rules (they can be switched off, not deleted).")
    name: str
    description: str | None
    enabled: bool
    trigger_kind: str = strawberry.field(description="event / schedule / date")
    event_type: str | None
    schedule: str | None = strawberry.field(
        description="Cron (5 parts, display time zone) for schedule rules; HH:MM for date rules.")
    subject_type: str | None
    date_field: str | None
    offset_days: int
    conditions: JSON
    actions: JSON
    last_fired_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> AutomationRule:
        return cls(model=m, id=strawberry.ID(str(m.id)), key=m.key, name=m.name, description=m.description,
                   enabled=m.enabled, trigger_kind=m.trigger_kind, event_type=m.event_type, schedule=m.schedule,
                   subject_type=m.subject_type, date_field=m.date_field, offset_days=m.offset_days,
                   conditions=m.conditions, actions=m.actions, last_fired_at=m.last_fired_at,
                   created_at=m.created_at, updated_at=m.updated_at)


@strawberry.type(description="One rule firing for one event, schedule slot or date, with every attempt logged.")
class AutomationRun:
    model: strawberry.Private[Any]
    id: strawberry.ID
    trigger_key: str
    event_id: str | None
    event_type: str | None
    subject_type: str | None
    subject_id: strawberry.ID | None
    depth: int = strawberry.field(description="0 for a person's change; +1 for each rule in a chain.")
    status: str = strawberry.field(description="queued / running / retrying / succeeded / skipped / failed / stopped")
    attempts: int
    outcome: JSON = strawberry.field(description="What each finished step did.")
    attempt_log: JSON = strawberry.field(description="Failed attempts: when, error code and message.")
    error_code: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def from_model(cls, m: Any) -> AutomationRun:
        return cls(model=m, id=strawberry.ID(str(m.id)), trigger_key=m.trigger_key,
                   event_id=str(m.event_id) if m.event_id else None, event_type=m.event_type,
                   subject_type=m.subject_type,
                   subject_id=strawberry.ID(str(m.subject_id)) if m.subject_id is not None else None,
                   depth=m.depth, status=m.status, attempts=m.attempts, outcome=m.outcome,
                   attempt_log=m.attempt_log, error_code=m.error_code, created_at=m.created_at,
                   started_at=m.started_at, finished_at=m.finished_at)

    @strawberry.field(description="Why it failed, stopped or was skipped, in the viewer's language.")
    def error_message(self, info: Info) -> str | None:
        if not self.error_code:
            return None
        tried = [entry for entry in self.model.attempt_log or [] if entry.get("code") == self.error_code]
        return translate(self.error_code, info.context.locale, **(tried[-1].get("params", {}) if tried else {}))

    @strawberry.field
    async def rule(self, info: Info) -> AutomationRule | None:
        row = await info.context.loaders.automation_rule_by_id.load(self.model.rule_id)
        return AutomationRule.from_model(row) if row else None


@strawberry.type
class AutomationField:
    name: str
    kind: str = strawberry.field(description="text / number / int / bool / date / datetime")


@strawberry.type
class AutomationSubject:
    name: str
    fields: list[AutomationField]


@strawberry.type
class AutomationTrigger:
    event_type: str
    subject_type: str


@strawberry.type
class AutomationDateField:
    name: str
    subject_type: str


@strawberry.type(description="Everything a rule may name, for rule editors.")
class AutomationCatalog:
    events: list[AutomationTrigger]
    subjects: list[AutomationSubject]
    date_fields: list[AutomationDateField]
    actions: list[str]
    operators: list[str]

    @classmethod
    def from_dict(cls, c: dict) -> AutomationCatalog:
        return cls(events=[AutomationTrigger(event_type=e, subject_type=s) for e, s in c["events"].items()],
                   subjects=[AutomationSubject(name=n, fields=[AutomationField(name=f, kind=k) for f, k in fs.items()])
                             for n, fs in c["subjects"].items()],
                   date_fields=[AutomationDateField(name=n, subject_type=s) for n, s in c["date_fields"].items()],
                   actions=c["actions"], operators=c["operators"])


@strawberry.type(description="What a rule would do for one record; nothing is written or sent.")
class AutomationRulePreview:
    matches: bool = strawberry.field(description="Whether the conditions hold for the record.")
    subject_type: str | None
    subject_id: strawberry.ID | None
    actions: JSON = strawberry.field(description="Per action: its type and what it would do (texts rendered).")

    @classmethod
    def from_preview(cls, p: Any) -> AutomationRulePreview:
        return cls(matches=p.matches, subject_type=p.subject_type,
                   subject_id=strawberry.ID(str(p.subject_id)) if p.subject_id is not None else None,
                   actions=p.actions)
