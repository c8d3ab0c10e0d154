"""Pipeline configuration: pipelines with ordered stages (names, colour, win probability, closing flags)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.actor import Actor
from domain.errors import DomainError, NotFound, Problems
from domain.events import DomainEvent, unit_of_work
from domain.sales import funnel_checks as check
from domain.sales.pipeline_models import Pipeline, Stage

NAME_LIMIT = 100


@dataclass
class StageData:
    """What an admin sets on a stage; None means "leave unchanged" on update."""

    name_zh: str | None = None
    name_en: str | None = None
    color: str | None = None
    probability: Decimal | None = None
    expected_days: int | None = None
    is_won: bool = False
    is_lost: bool = False


def _checked_stage(data: StageData, problems: Problems, *, prefix: str, creating: bool) -> dict:
    values = {
        "name_zh": problems.attempt(lambda: check.text(data.name_zh, f"{prefix}nameZh", max_length=NAME_LIMIT,
                                                       required=creating)),
        "name_en": problems.attempt(lambda: check.text(data.name_en, f"{prefix}nameEn", max_length=NAME_LIMIT,
                                                       required=creating)),
        "color": problems.attempt(lambda: check.colour(data.color, f"{prefix}color")),
        "probability": problems.attempt(lambda: check.probability(data.probability, f"{prefix}probability")),
        "expected_days": problems.attempt(lambda: check.whole(data.expected_days, f"{prefix}expectedDays")),
    }
    if data.is_won and data.is_lost:
        problems.add("INVALID_STAGE_FLAGS", field=f"{prefix}isLost")
    return {k: v for k, v in values.items() if v is not None}


def pipeline_event(kind: str, pipeline: Pipeline, actor: Actor, **payload) -> DomainEvent:
    return DomainEvent(type=kind, aggregate_type="Pipeline", aggregate_id=str(pipeline.id),
                       payload={"nameZh": pipeline.name_zh, "nameEn": pipeline.name_en, **payload},
                       actor_id=actor.user_id)


async def create_pipeline(*, actor: Actor, name_zh: str, name_en: str, stages: list[StageData],
                          is_default: bool = False) -> Pipeline:
    """A pipeline with its stages in the given order: at least one open stage, one won and one lost."""
    problems = Problems()
    names = {"name_zh": problems.attempt(lambda: check.text(name_zh, "nameZh", max_length=NAME_LIMIT, required=True)),
             "name_en": problems.attempt(lambda: check.text(name_en, "nameEn", max_length=NAME_LIMIT, required=True))}
    rows = [_checked_stage(s, problems, prefix=f"stages.{i}.", creating=True) for i, s in enumerate(stages)]
    won, lost = sum(s.is_won for s in stages), sum(s.is_lost for s in stages)
    if won != 1 or lost != 1 or len(stages) - won - lost < 1:
        problems.add("PIPELINE_NEEDS_STAGES", field="stages")
    problems.raise_if_any()
    async with unit_of_work() as work:
        if is_default:
            await Pipeline.filter(is_default=True).update(is_default=False)
        pipeline = await Pipeline.create(**names, is_default=is_default)
        await Stage.bulk_create([Stage(pipeline_id=pipeline.id, position=i + 1, is_won=s.is_won, is_lost=s.is_lost,
                                       **values) for i, (s, values) in enumerate(zip(stages, rows))])
        work.record(pipeline_event("pipeline.created", pipeline, actor, stages=len(stages)))
    return pipeline


async def add_stage(*, actor: Actor, pipeline_id: int, data: StageData, position: int | None = None) -> Stage:
    """Add an open stage at ``position`` (0-based among the pipeline's stages; default: before won / lost)."""
    problems = Problems()
    values = _checked_stage(data, problems, prefix="", creating=True)
    if data.is_won or data.is_lost:
        problems.add("INVALID_STAGE_FLAGS", field="isWon" if data.is_won else "isLost")
    problems.attempt(lambda: check.whole(position, "position", code="INVALID_POSITION"))
    problems.raise_if_any()
    async with unit_of_work() as work:
        pipeline = await Pipeline.get_or_none(id=pipeline_id)
        if pipeline is None:
            raise DomainError("UNKNOWN_PIPELINE", field="pipelineId")
        ordered = await Stage.filter(pipeline_id=pipeline.id).order_by("position", "id")
        if position is None:
            position = sum(1 for s in ordered if not (s.is_won or s.is_lost))
        stage = await Stage.create(pipeline_id=pipeline.id, position=0, **values)
        ordered.insert(min(position, len(ordered)), stage)
        await _renumber(ordered)
        work.record(pipeline_event("pipeline.stage_added", pipeline, actor, stageId=stage.id))
    return stage


async def update_stage(*, actor: Actor, stage_id: int, data: StageData, position: int | None = None) -> Stage:
    """Rename, recolour, re-weight or move a stage; its won / lost flag stays (opportunities depend on it)."""
    problems = Problems()
    values = _checked_stage(StageData(name_zh=data.name_zh, name_en=data.name_en, color=data.color,
                                      probability=data.probability, expected_days=data.expected_days),
                            problems, prefix="", creating=False)
    problems.attempt(lambda: check.whole(position, "position", code="INVALID_POSITION"))
    problems.raise_if_any()
    async with unit_of_work() as work:
        stage = await Stage.get_or_none(id=stage_id)
        if stage is None:
            raise NotFound()
        for key, value in values.items():
            setattr(stage, key, value)
        await stage.save()
        if position is not None:
            ordered = [s for s in await Stage.filter(pipeline_id=stage.pipeline_id).order_by("position", "id")
                       if s.id != stage.id]
            ordered.insert(min(position, len(ordered)), stage)
            await _renumber(ordered)
        pipeline = await Pipeline.get(id=stage.pipeline_id)
        work.record(pipeline_event("pipeline.stage_updated", pipeline, actor, stageId=stage.id,
                                   changed=sorted(values) + (["position"] if position is not None else [])))
    return stage


async def _renumber(ordered: list[Stage]) -> None:
    for number, stage in enumerate(ordered, start=1):
        if stage.position != number:
            stage.position = number
            await Stage.filter(id=stage.id).update(position=number)


async def default_pipeline() -> Pipeline:
    """The default pipeline (the oldest active one when none is marked default)."""
    found = await Pipeline.filter(active=True).order_by("-is_default", "id").first()
    if found is None:
        raise DomainError("UNKNOWN_PIPELINE", field="pipelineId")
    return found
