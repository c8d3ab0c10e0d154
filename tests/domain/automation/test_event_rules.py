"""Event-triggered rules: the decision-stage follow-up, exactly once per event; conditions re-checked."""

from domain.sales.funnel import move_opportunity
from domain.sales.pipeline_models import Task
from tests.domain.automation.helpers import default_rule, deliver, execute, runs_of
from tests.domain.funnel.factories import actor, default_stages, later, opportunity, scope


async def _enter(stage_name: str):
    rep = await actor("rep")
    stages = {s.name_en: s for s in await default_stages()}
    opp = await opportunity(rep, title="华为年度框架 Annual frame")
    await move_opportunity(actor=rep, scope=await scope(rep), opportunity_id=opp.id,
                           stage_id=stages[stage_name].id, now=later(hours=1))
    return rep, opp


async def test_decision_stage_creates_one_follow_up_task_even_when_the_event_arrives_twice(db):
    rep, opp = await _enter("Negotiation/Decision")
    opened = await deliver("opportunity.stage_entered", opp.id, times=2)
    assert len(opened) == 1
    assert await execute(opened) == ["succeeded"]
    assert await execute(opened) == ["succeeded"]  # a repeated job finds the run done
    tasks = await Task.filter(opportunity_id=opp.id)
    assert len(tasks) == 1
    assert tasks[0].assignee_id == rep.user_id and tasks[0].kind == "call" and tasks[0].priority == "high"
    assert "华为年度框架 Annual frame" in tasks[0].title and tasks[0].customer_id == opp.customer_id
    [run] = await runs_of((await default_rule("decision-follow-up")).id)
    assert (run.status, run.attempts, run.subject_id) == ("succeeded", 1, opp.id)
    assert run.outcome == [{"step": "0", "result": f"task {tasks[0].id}"}]


async def test_other_stages_do_not_trigger_the_follow_up(db):
    _, opp = await _enter("Proposal")
    assert await deliver("opportunity.stage_entered", opp.id) == []
    assert await Task.filter(opportunity_id=opp.id).count() == 0


async def test_the_rule_is_checked_again_when_the_run_executes(db):
    _, opp = await _enter("Negotiation/Decision")
    opened = await deliver("opportunity.stage_entered", opp.id)
    rule = await default_rule("decision-follow-up")
    rule.enabled = False
    await rule.save()
    assert await execute(opened) == ["skipped"]
    [run] = await runs_of(rule.id)
    assert run.error_code == "RULE_DISABLED"
    assert await Task.filter(opportunity_id=opp.id).count() == 0


async def test_a_switched_off_rule_opens_no_runs(db):
    rule = await default_rule("decision-follow-up")
    rule.enabled = False
    await rule.save()
    _, opp = await _enter("Negotiation/Decision")
    assert await deliver("opportunity.stage_entered", opp.id) == []
    assert await runs_of(rule.id) == []
