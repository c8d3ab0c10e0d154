"""Reads for the rules screen and the run log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.automation.models import AutomationRule, AutomationRun
from domain.pagination import Page, Sort, paginate


@dataclass
class RuleFilter:
    enabled: bool | None = None
    trigger_kind: str | None = None
    event_type: str | None = None


@dataclass
class RunFilter:
    rule_id: int | None = None
    statuses: list[str] | None = None
    event_id: str | None = None
    subject_type: str | None = None
    subject_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


async def list_rules(*, filter: RuleFilter, first: int, after: str | None, limit: int) -> Page[AutomationRule]:
    """Rules in the order they were made."""
    queryset = AutomationRule.all()
    for column, value in (("enabled", filter.enabled), ("trigger_kind", filter.trigger_kind),
                          ("event_type", filter.event_type)):
        if value is not None:
            queryset = queryset.filter(**{column: value})
    return await paginate(queryset, first=first, after=after, limit=limit, sort=Sort("id"))


async def list_runs(*, filter: RunFilter, first: int, after: str | None, limit: int) -> Page[AutomationRun]:
    """The run log, newest first."""
    queryset = AutomationRun.all()
    for column, value in (("rule_id", filter.rule_id), ("event_id", filter.event_id),
                          ("subject_type", filter.subject_type), ("subject_id", filter.subject_id),
                          ("created_at__gte", filter.since), ("created_at__lt", filter.until)):
        if value is not None:
            queryset = queryset.filter(**{column: value})
    if filter.statuses:
        queryset = queryset.filter(status__in=filter.statuses)
    return await paginate(queryset, first=first, after=after, limit=limit, sort=Sort("id", descending=True))


async def rules_by_id(ids: list[int]) -> list[AutomationRule]:
    return await AutomationRule.filter(id__in=ids)
