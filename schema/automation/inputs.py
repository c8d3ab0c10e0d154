"""Automation inputs and payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from domain.automation.queries import RuleFilter, RunFilter
from domain.automation.rules import RuleData
from resolvers.ids import parse_id
from schema.automation.types import AutomationRule, AutomationRulePreview, AutomationRun
from schema.common import UserError


@strawberry.input(description="A rule. On update, fields left out stay as they are (the whole rule is checked).")
class AutomationRuleInput:
    name: str | None = None
    description: str | None = None
    enabled: bool | None = None
    trigger_kind: str | None = strawberry.field(default=None, description="event / schedule / date")
    event_type: str | None = None
    schedule: str | None = None
    subject_type: str | None = None
    date_field: str | None = None
    offset_days: int | None = None
    conditions: JSON | None = strawberry.field(
        default=None, description='e.g. {"all": [{"field": "amount", "op": "gte", "value": "100000"}]}')
    actions: JSON | None = strawberry.field(
        default=None, description='e.g. [{"type": "create_task", "title": "跟进 {{ title }}", "dueInHours": 24}]')

    def to_data(self) -> RuleData:
        return RuleData(name=self.name, description=self.description, enabled=self.enabled,
                        trigger_kind=self.trigger_kind, event_type=self.event_type, schedule=self.schedule,
                        subject_type=self.subject_type, date_field=self.date_field, offset_days=self.offset_days,
                        conditions=self.conditions, actions=self.actions)


@strawberry.input
class AutomationRuleFilterInput:
    enabled: bool | None = None
    trigger_kind: str | None = None
    event_type: str | None = None

    def to_filter(self) -> RuleFilter:
        return RuleFilter(enabled=self.enabled, trigger_kind=self.trigger_kind, event_type=self.event_type)


@strawberry.input
class AutomationRunFilterInput:
    rule_id: strawberry.ID | None = None
    statuses: list[str] | None = None
    event_id: str | None = None
    subject_type: str | None = None
    subject_id: strawberry.ID | None = None
    since: datetime | None = None
    until: datetime | None = None

    def to_filter(self) -> RunFilter:
        from uuid import UUID

        from domain.errors import DomainError

        event_id = None
        if self.event_id is not None:
            try:
                event_id = str(UUID(self.event_id))
            except ValueError:
                raise DomainError("INVALID_INPUT", field="eventId") from None
        return RunFilter(rule_id=parse_id(self.rule_id, field="ruleId"), statuses=self.statuses, event_id=event_id,
                         subject_type=self.subject_type, subject_id=parse_id(self.subject_id, field="subjectId"),
                         since=self.since, until=self.until)


@strawberry.type
class AutomationRulePayload:
    rule: AutomationRule | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeleteAutomationRulePayload:
    deleted_id: strawberry.ID | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AutomationRulePreviewPayload:
    preview: AutomationRulePreview | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AutomationRunPayload:
    run: AutomationRun | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
