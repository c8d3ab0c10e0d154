"""Funnel reads for lists, the kanban board and loaders, always narrowed by the viewer's data scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tortoise.expressions import Q
from tortoise.functions import Count, Sum

from domain.catalog.models import Product
from domain.errors import DomainError
from domain.identity.scope import DataScope
from domain.pagination import Page, Sort, paginate
from domain.sales.funnel import weighted
from domain.sales.pipeline_models import (
    Lead, Opportunity, OpportunityLine, Pipeline, Stage, StageChange, Task,
)
from domain.sales.tasks import task_scope_q

OPPORTUNITY_SORTS = {"created_at", "updated_at", "amount"}


@dataclass
class OpportunityFilter:
    pipeline_id: int | None = None
    stage_id: int | None = None
    statuses: list[str] | None = None
    owner_id: int | None = None
    customer_id: int | None = None
    search: str | None = None


@dataclass
class LeadFilter:
    statuses: list[str] | None = None
    source: str | None = None
    campaign: str | None = None
    owner_id: int | None = None
    search: str | None = None


@dataclass
class TaskFilter:
    statuses: list[str] | None = None
    assignee_id: int | None = None
    customer_id: int | None = None
    opportunity_id: int | None = None
    order_id: int | None = None
    due_before: datetime | None = None
    due_after: datetime | None = None
    overdue: bool | None = None


@dataclass(frozen=True)
class StageTotals:
    count: int
    total_amount: Decimal
    weighted_amount: Decimal


async def list_pipelines() -> list[Pipeline]:
    return await Pipeline.filter(active=True).order_by("-is_default", "id")


async def get_pipeline(pipeline_id: int) -> Pipeline | None:
    return await Pipeline.get_or_none(id=pipeline_id)


async def stages_by_pipeline(pipeline_ids: Iterable[int]) -> dict[int, list[Stage]]:
    grouped: dict[int, list[Stage]] = {}
    for stage in await Stage.filter(pipeline_id__in=list(pipeline_ids)).order_by("position", "id"):
        grouped.setdefault(stage.pipeline_id, []).append(stage)
    return grouped


async def list_opportunities(*, scope: DataScope, filter: OpportunityFilter, first: int, after: str | None,
                             limit: int, sort: Sort = Sort("created_at", True)) -> Page[Opportunity]:
    if sort.column not in OPPORTUNITY_SORTS:
        raise DomainError("INVALID_CHOICE", field="sort", allowed=" / ".join(sorted(OPPORTUNITY_SORTS)))
    queryset = Opportunity.filter(scope.q())
    for column, value in (("pipeline_id", filter.pipeline_id), ("stage_id", filter.stage_id),
                          ("owner_id", filter.owner_id), ("customer_id", filter.customer_id)):
        if value is not None:
            queryset = queryset.filter(**{column: value})
    if filter.statuses:
        queryset = queryset.filter(status__in=filter.statuses)
    if filter.search and filter.search.strip():
        queryset = queryset.filter(title__icontains=filter.search.strip()[:100])
    return await paginate(queryset, first=first, after=after, limit=limit, sort=sort)


async def get_opportunity(*, scope: DataScope, opportunity_id: int) -> Opportunity | None:
    return await Opportunity.filter(scope.q(), id=opportunity_id).first()


async def stage_cards(*, scope: DataScope, stage_id: int, first: int, after: str | None,
                      limit: int) -> Page[Opportunity]:
    """One kanban column: the visible cards of a stage in board order."""
    return await paginate(Opportunity.filter(scope.q(), stage_id=stage_id), first=first, after=after, limit=limit,
                          sort=Sort("position"))


async def board_totals(*, scope: DataScope, stages: list[Stage]) -> dict[int, StageTotals]:
    """Count, total and weighted amount per stage of the visible opportunities, in one grouped query."""
    rows = await (Opportunity.filter(scope.q(), stage_id__in=[s.id for s in stages])
                  .annotate(n=Count("id"), total=Sum("amount")).group_by("stage_id")
                  .values("stage_id", "n", "total"))
    found = {r["stage_id"]: (r["n"], Decimal(str(r["total"] or 0)).quantize(Decimal("0.01"))) for r in rows}
    totals = {}
    for stage in stages:
        count, total = found.get(stage.id, (0, Decimal("0.00")))
        totals[stage.id] = StageTotals(count=count, total_amount=total,
                                       weighted_amount=weighted(total, stage.probability))
    return totals


async def list_leads(*, scope: DataScope, filter: LeadFilter, first: int, after: str | None,
                     limit: int) -> Page[Lead]:
    queryset = Lead.filter(scope.q())
    if filter.statuses:
        queryset = queryset.filter(status__in=filter.statuses)
    for column, value in (("source", filter.source), ("campaign", filter.campaign), ("owner_id", filter.owner_id)):
        if value is not None:
            queryset = queryset.filter(**{column: value})
    if filter.search and filter.search.strip():
        term = filter.search.strip()[:100]
        queryset = queryset.filter(Q(name__icontains=term) | Q(contact_name__icontains=term))
    return await paginate(queryset, first=first, after=after, limit=limit, sort=Sort("created_at", True))


async def get_lead(*, scope: DataScope, lead_id: int) -> Lead | None:
    return await Lead.filter(scope.q(), id=lead_id).first()


async def list_tasks(*, scope: DataScope, filter: TaskFilter, first: int, after: str | None, limit: int,
                     now: datetime) -> Page[Task]:
    """Tasks assigned within the viewer's scope, soonest due first."""
    queryset = Task.filter(task_scope_q(scope))
    if filter.statuses:
        queryset = queryset.filter(status__in=filter.statuses)
    for column, value in (("assignee_id", filter.assignee_id), ("customer_id", filter.customer_id),
                          ("opportunity_id", filter.opportunity_id), ("order_id", filter.order_id)):
        if value is not None:
            queryset = queryset.filter(**{column: value})
    if filter.due_before is not None:
        queryset = queryset.filter(due_at__lt=filter.due_before)
    if filter.due_after is not None:
        queryset = queryset.filter(due_at__gte=filter.due_after)
    if filter.overdue is True:
        queryset = queryset.filter(status="open", due_at__lt=now)
    elif filter.overdue is False:
        queryset = queryset.filter(Q(due_at__gte=now) | ~Q(status="open"))
    return await paginate(queryset, first=first, after=after, limit=limit, sort=Sort("due_at"))


async def get_task(*, scope: DataScope, task_id: int) -> Task | None:
    return await Task.filter(task_scope_q(scope), id=task_id).first()


async def _by_ids(model, ids: Iterable[int]) -> list:
    return await model.filter(id__in=list(ids))


async def stages_by_ids(ids: Iterable[int]) -> list[Stage]:
    return await _by_ids(Stage, ids)


async def pipelines_by_ids(ids: Iterable[int]) -> list[Pipeline]:
    return await _by_ids(Pipeline, ids)


async def products_by_ids(ids: Iterable[int]) -> list[Product]:
    return await _by_ids(Product, ids)


async def opportunities_by_ids(ids: Iterable[int]) -> list[Opportunity]:
    return await _by_ids(Opportunity, ids)


async def lines_by_opportunity(ids: Iterable[int]) -> dict[int, list[OpportunityLine]]:
    grouped: dict[int, list[OpportunityLine]] = {}
    for line in await OpportunityLine.filter(opportunity_id__in=list(ids)).order_by("id"):
        grouped.setdefault(line.opportunity_id, []).append(line)
    return grouped


async def stage_changes_by_opportunity(ids: Iterable[int]) -> dict[int, list[StageChange]]:
    grouped: dict[int, list[StageChange]] = {}
    for change in await StageChange.filter(opportunity_id__in=list(ids)).order_by("changed_at", "id"):
        grouped.setdefault(change.opportunity_id, []).append(change)
    return grouped
