"""Opportunities: create, move between stages and within one (kanban order), win and lose.

Every stage change is recorded (from, to, who, when, time spent in the previous stage) and emits
``opportunity.stage_entered``; a card's place in its stage is a gap-numbered ``position``, so moving
one card rewrites one row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from domain.actor import Actor
from domain.catalog.models import Product
from domain.crm.models import Customer
from domain.errors import DomainError, NotFound, Problems
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.identity.scope import DataScope
from domain.sales import funnel_checks as check
from domain.sales.pipeline_models import Opportunity, OpportunityLine, Stage, StageChange
from domain.sales.pipelines import default_pipeline

GAP = 1 << 16  # room between neighbouring cards: about 16 moves into one gap before its stage is renumbered
TITLE_LIMIT = 200
MAX_LINES = 200


@dataclass
class LineData:
    product_id: int
    quantity: int
    unit_price: Decimal | None = None  # None: the product's list price


@dataclass
class OpportunityData:
    customer_id: int | None = None
    title: str | None = None
    amount: Decimal | None = None  # None: the sum of the lines (0 without lines)
    currency: str | None = None
    expected_close_date: date | None = None
    pipeline_id: int | None = None
    stage_id: int | None = None  # None: the pipeline's first stage
    owner_id: int | None = None  # None: the actor
    lines: list[LineData] = field(default_factory=list)


def weighted(amount: Decimal, probability: Decimal) -> Decimal:
    """Amount × win probability, to the cent."""
    return (amount * probability).quantize(check.CENT, rounding=ROUND_HALF_UP)


def opportunity_event(kind: str, opp: Opportunity, actor: Actor, **payload) -> DomainEvent:
    return DomainEvent(type=kind, aggregate_type="Opportunity", aggregate_id=str(opp.id),
                       payload={"title": opp.title, "customerId": opp.customer_id, "amount": str(opp.amount),
                                "currency": opp.currency, "pipelineId": opp.pipeline_id, "stageId": opp.stage_id,
                                "status": opp.status, **payload},
                       owner_id=opp.owner_id, team_id=opp.team_id, actor_id=actor.user_id)


def _stage_payload(stage: Stage) -> dict:
    return {"stageNameZh": stage.name_zh, "stageNameEn": stage.name_en, "isWon": stage.is_won,
            "isLost": stage.is_lost, "probability": str(stage.probability)}


async def get_visible(scope: DataScope, opportunity_id: int) -> Opportunity:
    opp = await Opportunity.filter(scope.q(), id=opportunity_id).first()
    if opp is None:
        raise NotFound()
    return opp


def _checked_static(data: OpportunityData, problems: Problems) -> dict:
    values = {
        "title": problems.attempt(lambda: check.text(data.title, "title", max_length=TITLE_LIMIT, required=True)),
        "amount": problems.attempt(lambda: check.money(data.amount, "amount")),
        "currency": problems.attempt(lambda: check.currency(data.currency)),
        "expected_close_date": data.expected_close_date,
    }
    if len(data.lines) > MAX_LINES:
        problems.add("TOO_MANY_LINES", field="lines", limit=MAX_LINES)
    for i, line in enumerate(data.lines):
        if line.quantity is None or line.quantity <= 0:
            problems.add("INVALID_QUANTITY", field=f"lines.{i}.quantity")
        problems.attempt(lambda ln=line, n=i: check.money(ln.unit_price, f"lines.{n}.unitPrice"))
    return values


async def _placement(data: OpportunityData, problems: Problems) -> Stage | None:
    """The stage a new opportunity starts in: the given one (open, of the given pipeline) or the first."""
    if data.stage_id is not None:
        stage = await Stage.get_or_none(id=data.stage_id)
        if stage is None:
            problems.add("UNKNOWN_STAGE", field="stageId")
        elif data.pipeline_id is not None and stage.pipeline_id != data.pipeline_id:
            problems.add("STAGE_OTHER_PIPELINE", field="stageId")
        elif stage.is_won or stage.is_lost:
            problems.add("STAGE_CLOSED", field="stageId")
        else:
            return stage
        return None
    try:
        pipeline_id = data.pipeline_id or (await default_pipeline()).id
    except DomainError as error:
        problems.errors.append(error)
        return None
    stage = await Stage.filter(pipeline_id=pipeline_id, is_won=False, is_lost=False).order_by("position", "id").first()
    if stage is None:
        problems.add("UNKNOWN_PIPELINE", field="pipelineId")
    return stage


async def _priced_lines(lines: list[LineData], problems: Problems) -> list[OpportunityLine]:
    products = {p.id: p for p in await Product.filter(id__in=[ln.product_id for ln in lines])}
    rows = []
    for i, line in enumerate(lines):
        product = products.get(line.product_id)
        if product is None:
            problems.add("UNKNOWN_PRODUCT", field=f"lines.{i}.productId")
            continue
        price = line.unit_price if line.unit_price is not None else product.list_price
        rows.append(OpportunityLine(product_id=product.id, quantity=line.quantity, unit_price=price,
                                    line_total=(price * line.quantity).quantize(check.CENT)))
    return rows


async def create_opportunity(*, actor: Actor, scope: DataScope, customers: DataScope, data: OpportunityData,
                             now: datetime | None = None, lead_id: int | None = None) -> Opportunity:
    """A new opportunity for a customer the actor can see, owned by someone within the actor's scope."""
    now = now or utcnow()
    problems = Problems()
    values = _checked_static(data, problems)
    owner_id = data.owner_id if data.owner_id is not None else actor.user_id
    async with unit_of_work() as work:
        if data.customer_id is None:
            problems.add("REQUIRED", field="customerId")
        elif not await Customer.filter(customers.q(), id=data.customer_id, merged_into_id=None).exists():
            problems.add("UNKNOWN_CUSTOMER", field="customerId")
        team_id = await problems.attempt_async(
            check.person_team(owner_id, scope, field="ownerId", code="UNKNOWN_OWNER"))
        stage = await _placement(data, problems)
        lines = await _priced_lines(data.lines, problems)
        problems.raise_if_any()
        if values["amount"] is None:
            values["amount"] = sum((ln.line_total for ln in lines), Decimal("0.00"))
        opp = await Opportunity.create(
            **values, customer_id=data.customer_id, pipeline_id=stage.pipeline_id, stage_id=stage.id,
            position=await _end_position(stage.id), owner_id=owner_id, team_id=team_id, lead_id=lead_id,
            stage_entered_at=now)
        for line in lines:
            line.opportunity_id = opp.id
        if lines:
            await OpportunityLine.bulk_create(lines)
        await StageChange.create(opportunity_id=opp.id, from_stage_id=None, to_stage_id=stage.id,
                                 actor_id=actor.user_id, changed_at=now)
        work.record(opportunity_event("opportunity.created", opp, actor, leadId=lead_id))
        work.record(opportunity_event("opportunity.stage_entered", opp, actor, fromStageId=None,
                                      secondsInPreviousStage=None, **_stage_payload(stage)))
    return opp


async def move_opportunity(*, actor: Actor, scope: DataScope, opportunity_id: int, stage_id: int,
                           position: int | None = None, now: datetime | None = None) -> Opportunity:
    """Put a card at ``position`` (0-based, among the cards the actor sees) of a stage of its own pipeline.

    Without a position the card goes last. Entering a won stage needs an amount above zero; a lost
    stage needs a reason, so it is reached through ``mark_opportunity_lost``.
    """
    if position is not None and position < 0:
        raise DomainError("INVALID_POSITION", field="position")
    now = now or utcnow()
    async with unit_of_work() as work:
        opp = await get_visible(scope, opportunity_id)
        stage = await Stage.get_or_none(id=stage_id)
        if stage is None:
            raise DomainError("UNKNOWN_STAGE", field="stageId")
        if stage.pipeline_id != opp.pipeline_id:
            raise DomainError("STAGE_OTHER_PIPELINE", field="stageId")
        if stage.is_lost and stage.id != opp.stage_id:
            raise DomainError("REASON_REQUIRED", field="reason")
        place = await _position_at(scope, stage.id, position, moving_id=opp.id)
        if stage.id == opp.stage_id:
            await Opportunity.filter(id=opp.id).update(position=place, updated_at=now)
            opp.position, opp.updated_at = place, now
            return opp
        await _enter_stage(work, actor, opp, stage, place, now)
    return opp


async def mark_opportunity_won(*, actor: Actor, scope: DataScope, opportunity_id: int,
                               amount: Decimal | None = None, now: datetime | None = None) -> Opportunity:
    """Move to the pipeline's won stage; the amount (given here or earlier) must be above zero."""
    amount = check.money(amount, "amount", positive=True)
    now = now or utcnow()
    async with unit_of_work() as work:
        opp = await get_visible(scope, opportunity_id)
        if opp.status == "won":
            raise DomainError("INVALID_TRANSITION", field="id", status=opp.status)
        if amount is not None:
            opp.amount = amount
            await Opportunity.filter(id=opp.id).update(amount=amount, updated_at=now)
        stage = await _closing_stage(opp, won=True)
        await _enter_stage(work, actor, opp, stage, await _end_position(stage.id), now)
    return opp


async def mark_opportunity_lost(*, actor: Actor, scope: DataScope, opportunity_id: int, reason: str,
                                now: datetime | None = None) -> Opportunity:
    """Move to the pipeline's lost stage, with the reason it was lost."""
    reason = check.text(reason, "reason", max_length=500)
    if reason is None:
        raise DomainError("REASON_REQUIRED", field="reason")
    now = now or utcnow()
    async with unit_of_work() as work:
        opp = await get_visible(scope, opportunity_id)
        if opp.status == "lost":
            raise DomainError("INVALID_TRANSITION", field="id", status=opp.status)
        stage = await _closing_stage(opp, won=False)
        await _enter_stage(work, actor, opp, stage, await _end_position(stage.id), now, lost_reason=reason)
    return opp


async def _closing_stage(opp: Opportunity, *, won: bool) -> Stage:
    flag = {"is_won": True} if won else {"is_lost": True}
    stage = await Stage.filter(pipeline_id=opp.pipeline_id, **flag).order_by("position", "id").first()
    if stage is None:
        raise DomainError("PIPELINE_NEEDS_STAGES", field="id")
    return stage


async def _enter_stage(work, actor: Actor, opp: Opportunity, stage: Stage, place: int, now: datetime, *,
                       lost_reason: str | None = None) -> None:
    """Record the change, update the card (only if nobody moved it meanwhile) and emit the events."""
    if stage.is_won and opp.amount <= 0:
        raise DomainError("WIN_NEEDS_AMOUNT", field="amount")
    status = "won" if stage.is_won else "lost" if stage.is_lost else "open"
    seconds = max(0, int((now - opp.stage_entered_at).total_seconds()))
    changes = {"stage_id": stage.id, "position": place, "status": status, "stage_entered_at": now,
               "closed_at": now if status != "open" else None, "lost_reason": lost_reason, "updated_at": now}
    moved = await Opportunity.filter(id=opp.id, stage_id=opp.stage_id).update(**changes)
    if not moved:
        raise DomainError("CONCURRENT_CHANGE", field="id")
    previous = opp.stage_id
    for key, value in changes.items():
        setattr(opp, key, value)
    await StageChange.create(opportunity_id=opp.id, from_stage_id=previous, to_stage_id=stage.id,
                             actor_id=actor.user_id, changed_at=now, seconds_in_previous=seconds)
    work.record(opportunity_event("opportunity.stage_entered", opp, actor, fromStageId=previous,
                                  secondsInPreviousStage=seconds, **_stage_payload(stage)))
    if status == "won":
        work.record(opportunity_event("opportunity.won", opp, actor))
    elif status == "lost":
        work.record(opportunity_event("opportunity.lost", opp, actor, reason=lost_reason))


async def _end_position(stage_id: int) -> int:
    last = await Opportunity.filter(stage_id=stage_id).order_by("-position").first()
    return (last.position if last else 0) + GAP


async def _position_at(scope: DataScope, stage_id: int, index: int | None, *, moving_id: int) -> int:
    """A position that puts the card at ``index`` among the other cards of the stage the actor sees."""
    if index is None:
        return await _end_position(stage_id)
    visible = Opportunity.filter(scope.q(), stage_id=stage_id).exclude(id=moving_id).order_by("position", "id")
    if index == 0:
        first = await visible.first()
        return first.position - GAP if first else GAP
    around = await visible.offset(index - 1).limit(2).values_list("position", flat=True)
    if len(around) < 2:
        return await _end_position(stage_id)
    before, after = around
    if after - before >= 2:
        return before + (after - before) // 2
    await _renumber_stage(stage_id)
    return await _position_at(scope, stage_id, index, moving_id=moving_id)


async def _renumber_stage(stage_id: int) -> None:
    """Spread a stage's cards out again (rare: only when a gap is used up); keeps their order."""
    rows = await Opportunity.filter(stage_id=stage_id).order_by("position", "id").values_list("id", flat=True)
    for number, row_id in enumerate(rows, start=1):
        await Opportunity.filter(id=row_id).update(position=number * GAP)
