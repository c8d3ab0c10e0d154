"""The default pipeline, stage moves with their history and events, winning and losing, weighted value."""

from decimal import Decimal

import pytest

from domain.errors import DomainError
from domain.sales.funnel import mark_opportunity_lost, mark_opportunity_won, move_opportunity, weighted
from domain.sales.pipeline_models import Opportunity, Pipeline, Stage, StageChange
from domain.sales.pipelines import StageData, create_pipeline
from domain.sales.funnel_queries import board_totals
from tests.domain.funnel.factories import T0, actor, default_stages, events, later, opportunity, scope


async def test_default_pipeline_has_the_five_steps_in_order(db):
    pipelines = await Pipeline.filter(is_default=True)
    assert len(pipelines) == 1
    stages = await default_stages()
    assert [(s.name_zh, s.name_en) for s in stages] == [
        ("线索", "Lead"), ("需求确认", "Qualified"), ("方案报价", "Proposal"), ("谈判决策", "Negotiation/Decision"),
        ("赢单", "Won"), ("输单", "Lost")]
    assert [s.probability for s in stages] == [Decimal(p) for p in ("0.1", "0.25", "0.5", "0.75", "1", "0")]
    assert [(s.is_won, s.is_lost) for s in stages[-2:]] == [(True, False), (False, True)]
    assert not any(s.is_won or s.is_lost for s in stages[:4])


async def test_move_records_history_time_in_stage_and_emits_stage_entered(db):
    rep = await actor("rep")
    lead, qualified, proposal = (await default_stages())[:3]
    opp = await opportunity(rep, now=T0)
    assert opp.stage_id == lead.id and opp.status == "open"

    await move_opportunity(actor=rep, scope=await scope(rep), opportunity_id=opp.id, stage_id=qualified.id,
                           now=later(hours=3))
    await move_opportunity(actor=rep, scope=await scope(rep), opportunity_id=opp.id, stage_id=proposal.id,
                           now=later(days=2, hours=3))

    history = await StageChange.filter(opportunity_id=opp.id).order_by("changed_at")
    assert [(h.from_stage_id, h.to_stage_id, h.seconds_in_previous) for h in history] == [
        (None, lead.id, None), (lead.id, qualified.id, 3 * 3600), (qualified.id, proposal.id, 2 * 86400)]
    assert {h.actor_id for h in history} == {rep.user_id}
    assert history[-1].changed_at == later(days=2, hours=3)
    entered = await events("opportunity.stage_entered", opp.id)
    assert [e.payload["stageNameEn"] for e in entered] == ["Lead", "Qualified", "Proposal"]
    last = entered[-1]
    assert last.payload["stageNameZh"] == "方案报价" and last.payload["fromStageId"] == qualified.id
    assert (last.payload["isWon"], last.payload["isLost"], last.payload["probability"]) == (False, False, "0.5000")
    assert last.payload["secondsInPreviousStage"] == 2 * 86400
    assert (last.owner_id, last.team_id) == (rep.user_id, rep.team_id)


async def test_moving_to_a_stage_of_another_pipeline_is_refused_without_writing(db):
    rep, admin = await actor("rep"), await actor("admin")
    other = await create_pipeline(actor=admin, name_zh="续约", name_en="Renewals", stages=[
        StageData(name_zh="待续约", name_en="Due", probability=Decimal("0.5")),
        StageData(name_zh="已续约", name_en="Renewed", probability=Decimal("1"), is_won=True),
        StageData(name_zh="流失", name_en="Churned", is_lost=True)])
    foreign = await Stage.filter(pipeline_id=other.id).order_by("position").first()
    opp = await opportunity(rep)
    with pytest.raises(DomainError) as refused:
        await move_opportunity(actor=rep, scope=await scope(rep), opportunity_id=opp.id, stage_id=foreign.id)
    assert (refused.value.code, refused.value.field) == ("STAGE_OTHER_PIPELINE", "stageId")
    assert (await Opportunity.get(id=opp.id)).stage_id == opp.stage_id
    assert await StageChange.filter(opportunity_id=opp.id).count() == 1


async def test_winning_needs_an_amount_and_nothing_changes_when_refused(db):
    rep = await actor("rep")
    won_stage = (await default_stages())[4]
    opp = await opportunity(rep, amount=None)
    assert opp.amount == Decimal("0")
    rows = await scope(rep)
    for attempt in (
        lambda: mark_opportunity_won(actor=rep, scope=rows, opportunity_id=opp.id),
        lambda: move_opportunity(actor=rep, scope=rows, opportunity_id=opp.id, stage_id=won_stage.id),
    ):
        with pytest.raises(DomainError) as refused:
            await attempt()
        assert (refused.value.code, refused.value.field) == ("WIN_NEEDS_AMOUNT", "amount")
    row = await Opportunity.get(id=opp.id)
    assert (row.status, row.stage_id) == ("open", opp.stage_id)
    assert await events("opportunity.won", opp.id) == []

    won = await mark_opportunity_won(actor=rep, scope=await scope(rep), opportunity_id=opp.id,
                                     amount=Decimal("88000.00"), now=later(days=1))
    assert (won.status, won.stage_id, won.amount, won.closed_at) == ("won", won_stage.id, Decimal("88000.00"),
                                                                     later(days=1))
    assert len(await events("opportunity.won", opp.id)) == 1


async def test_losing_needs_a_reason_and_records_it(db):
    rep = await actor("rep")
    lost_stage = (await default_stages())[5]
    opp = await opportunity(rep)
    with pytest.raises(DomainError) as refused:
        await mark_opportunity_lost(actor=rep, scope=await scope(rep), opportunity_id=opp.id, reason="  ")
    assert refused.value.code == "REASON_REQUIRED"
    with pytest.raises(DomainError) as dragged:
        await move_opportunity(actor=rep, scope=await scope(rep), opportunity_id=opp.id, stage_id=lost_stage.id)
    assert dragged.value.code == "REASON_REQUIRED"
    lost = await mark_opportunity_lost(actor=rep, scope=await scope(rep), opportunity_id=opp.id,
                                       reason="预算被砍 Budget cut")
    assert (lost.status, lost.stage_id, lost.lost_reason) == ("lost", lost_stage.id, "预算被砍 Budget cut")
    entered = (await events("opportunity.stage_entered", opp.id))[-1]
    assert (entered.payload["isLost"], entered.payload["stageNameEn"]) == (True, "Lost")
    assert (await events("opportunity.lost", opp.id))[0].payload["reason"] == "预算被砍 Budget cut"


async def test_weighted_value_is_exact_per_card_and_per_stage(db):
    rep = await actor("rep")
    stages = await default_stages()
    proposal, negotiation = stages[2], stages[3]
    a = await opportunity(rep, amount="12345.67", stage=negotiation)
    await opportunity(rep, amount="0.10", stage=negotiation)
    await opportunity(rep, amount="333.33", stage=proposal)
    assert weighted(a.amount, negotiation.probability) == Decimal("9259.25")  # 9259.2525
    totals = await board_totals(scope=await scope(rep), stages=stages)
    assert totals[negotiation.id].count == 2
    assert totals[negotiation.id].total_amount == Decimal("12345.77")
    assert totals[negotiation.id].weighted_amount == Decimal("9259.33")  # 9259.3275
    assert totals[proposal.id].weighted_amount == Decimal("166.67")  # 166.665, half up
    assert totals[stages[4].id].count == 0 and totals[stages[4].id].total_amount == Decimal("0.00")
