"""Kanban order: a card dropped between two others lands between them, and only its row changes."""

from domain.sales.funnel import GAP, move_opportunity
from domain.sales.funnel_queries import stage_cards
from domain.sales.pipeline_models import Opportunity
from tests.domain.funnel.factories import actor, default_stages, opportunity, scope


async def _snapshot(stage_id: int) -> dict[int, tuple]:
    rows = await Opportunity.filter(stage_id=stage_id).values("id", "position", "stage_id", "updated_at")
    return {r["id"]: (r["position"], r["stage_id"], r["updated_at"]) for r in rows}


async def _order(who, stage_id: int) -> list[int]:
    page = await stage_cards(scope=await scope(who), stage_id=stage_id, first=100, after=None, limit=100)
    return [row.id for row in page.rows]


async def test_moving_a_card_between_two_others_updates_only_that_row(db):
    rep = await actor("rep")
    stage = (await default_stages())[1]
    a, b, c, d = [await opportunity(rep, stage=stage, title=t) for t in "ABCD"]
    assert await _order(rep, stage.id) == [a.id, b.id, c.id, d.id]

    before = await _snapshot(stage.id)
    await move_opportunity(actor=rep, scope=await scope(rep), opportunity_id=d.id, stage_id=stage.id, position=1)
    after = await _snapshot(stage.id)

    assert await _order(rep, stage.id) == [a.id, d.id, b.id, c.id]
    assert {k for k in after if after[k] != before[k]} == {d.id}
    assert before[a.id][0] < after[d.id][0] < before[b.id][0]


async def test_a_card_from_another_stage_lands_where_it_was_dropped(db):
    rep = await actor("rep")
    lead, qualified = (await default_stages())[:2]
    x, y = await opportunity(rep, stage=qualified, title="X"), await opportunity(rep, stage=qualified, title="Y")
    moving = await opportunity(rep, stage=lead, title="M")
    untouched = await _snapshot(qualified.id)

    await move_opportunity(actor=rep, scope=await scope(rep), opportunity_id=moving.id, stage_id=qualified.id,
                           position=1)

    assert await _order(rep, qualified.id) == [x.id, moving.id, y.id]
    assert {k: v for k, v in (await _snapshot(qualified.id)).items() if k != moving.id} == untouched


async def test_first_last_and_a_used_up_gap(db):
    rep = await actor("rep")
    stage = (await default_stages())[2]
    a, b = await opportunity(rep, stage=stage, title="A"), await opportunity(rep, stage=stage, title="B")
    c = await opportunity(rep, stage=stage, title="C")
    rows = await scope(rep)
    await move_opportunity(actor=rep, scope=rows, opportunity_id=c.id, stage_id=stage.id, position=0)
    assert await _order(rep, stage.id) == [c.id, a.id, b.id]
    await move_opportunity(actor=rep, scope=rows, opportunity_id=c.id, stage_id=stage.id)
    assert await _order(rep, stage.id) == [a.id, b.id, c.id]
    await move_opportunity(actor=rep, scope=rows, opportunity_id=a.id, stage_id=stage.id, position=99)
    assert await _order(rep, stage.id) == [b.id, c.id, a.id]

    await Opportunity.filter(id=c.id).update(position=(await Opportunity.get(id=b.id)).position + 1)
    await move_opportunity(actor=rep, scope=rows, opportunity_id=a.id, stage_id=stage.id, position=1)
    assert await _order(rep, stage.id) == [b.id, a.id, c.id], "no room left: the stage is spread out again"
    positions = [p for p in await Opportunity.filter(stage_id=stage.id).order_by("position")
                 .values_list("position", flat=True)]
    assert all(later - earlier >= 2 for earlier, later in zip(positions, positions[1:])) and GAP > 2


async def test_positions_count_only_the_cards_the_viewer_sees(db):
    rep, rep2 = await actor("rep"), await actor("rep2")
    stage = (await default_stages())[1]
    mine1 = await opportunity(rep, stage=stage, title="mine 1")
    await opportunity(rep2, stage=stage, title="theirs")
    mine2 = await opportunity(rep, stage=stage, title="mine 2")
    mine3 = await opportunity(rep, stage=stage, title="mine 3")

    await move_opportunity(actor=rep, scope=await scope(rep), opportunity_id=mine3.id, stage_id=stage.id, position=1)

    assert await _order(rep, stage.id) == [mine1.id, mine3.id, mine2.id]
