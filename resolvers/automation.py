"""Automation resolvers: rules (admins), the run log, and the catalogue a rule editor builds from."""

from __future__ import annotations

from typing import Any

from strawberry.dataloader import DataLoader

from domain.automation import preview, queries, rules
from domain.automation.actions import ACTIONS
from domain.automation.conditions import OPERATORS
from domain.automation.queries import RuleFilter, RunFilter
from domain.automation.rules import RuleData
from domain.automation.subjects import DATE_FIELDS, SUBJECTS, TRIGGER_EVENTS
from domain.errors import NotFound
from resolvers.batching import by_id
from resolvers.ids import parse_id
from settings import get_settings


def AutomationRuleByIdLoader() -> DataLoader:  # noqa: N802 - named after what it loads
    return DataLoader(load_fn=by_id(queries.rules_by_id))


def _limit() -> int:
    return get_settings().max_page_size


async def list_rules(ctx: Any, *, filter: RuleFilter, first: int, after: str | None):
    return await queries.list_rules(filter=filter, first=first, after=after, limit=_limit())


async def rule(ctx: Any, *, id: str):
    try:
        return await rules.get_rule(parse_id(id))
    except NotFound:
        return None


async def list_runs(ctx: Any, *, filter: RunFilter, first: int, after: str | None):
    return await queries.list_runs(filter=filter, first=first, after=after, limit=_limit())


async def create_rule(ctx: Any, *, data: RuleData):
    return await rules.create_rule(actor=ctx.actor, data=data)


async def update_rule(ctx: Any, *, id: str, data: RuleData):
    return await rules.update_rule(actor=ctx.actor, rule_id=parse_id(id), data=data)


async def delete_rule(ctx: Any, *, id: str) -> int:
    return await rules.delete_rule(actor=ctx.actor, rule_id=parse_id(id))


async def preview_rule(ctx: Any, *, data: RuleData, subject_id: str | None):
    return await preview.preview_rule(data=data, subject_id=parse_id(subject_id, field="subjectId"))


async def retry_run(ctx: Any, *, id: str):
    return await preview.retry_run(actor=ctx.actor, run_id=parse_id(id))


def catalogue() -> dict:
    """Everything a rule may name: trigger events, record types and their fields, date fields, actions."""
    return {"events": TRIGGER_EVENTS, "subjects": {name: s.fields for name, s in SUBJECTS.items()},
            "date_fields": {name: subject for name, (subject, _, _) in DATE_FIELDS.items()},
            "actions": list(ACTIONS), "operators": list(OPERATORS)}
