"""Runs a stopped worker or a lost message left behind are picked up again and finish once."""

from datetime import timedelta

from domain.automation.models import AutomationRun
from domain.automation.runs import runs_to_resume
from domain.events.envelope import utcnow
from domain.sales.pipeline_models import Task
from tests.domain.automation.helpers import deliver, execute
from tests.domain.funnel.factories import actor, default_stages, later, opportunity, scope


async def test_abandoned_and_forgotten_runs_are_resumed_and_act_once(db):
    from domain.sales.funnel import move_opportunity

    rep = await actor("rep")
    decision = {s.name_en: s for s in await default_stages()}["Negotiation/Decision"]
    opp = await opportunity(rep)
    await move_opportunity(actor=rep, scope=await scope(rep), opportunity_id=opp.id, stage_id=decision.id,
                           now=later(hours=1))
    [run_id] = await deliver("opportunity.stage_entered", opp.id)
    now = utcnow()
    # a worker claimed it and died: its lease ran out
    await AutomationRun.filter(id=run_id).update(status="running", attempts=1, lease_until=now - timedelta(minutes=1))
    assert await runs_to_resume(now=now) == [run_id]
    assert (await AutomationRun.get(id=run_id)).status == "retrying"
    assert await execute([run_id]) == ["succeeded"]
    assert await Task.filter(opportunity_id=opp.id).count() == 1
    assert await runs_to_resume(now=now) == []  # nothing left behind now


async def test_a_run_whose_message_was_lost_is_queued_again_after_a_while(db):
    from domain.automation.models import AutomationRule

    rule = await AutomationRule.get(key="decision-follow-up")
    run = await AutomationRun.create(rule_id=rule.id, trigger_key="event:lost", status="queued",
                                     created_at=utcnow() - timedelta(minutes=5))
    fresh = await AutomationRun.create(rule_id=rule.id, trigger_key="event:fresh", status="queued", created_at=utcnow())
    lost_retry = await AutomationRun.create(rule_id=rule.id, trigger_key="event:lost-retry", status="retrying",
                                            created_at=utcnow() - timedelta(hours=2),
                                            started_at=utcnow() - timedelta(hours=2))
    waiting_retry = await AutomationRun.create(rule_id=rule.id, trigger_key="event:waiting", status="retrying",
                                               created_at=utcnow(), started_at=utcnow())
    resumed = await runs_to_resume()
    assert run.id in resumed and lost_retry.id in resumed
    assert fresh.id not in resumed and waiting_retry.id not in resumed


async def test_finished_runs_older_than_the_retention_period_are_pruned(db):
    from domain.automation.models import AutomationRule
    from domain.automation.runs import prune_finished_runs

    rule = await AutomationRule.get(key="decision-follow-up")
    now = utcnow()
    old_done = await AutomationRun.create(rule_id=rule.id, trigger_key="old-done", status="succeeded",
                                          created_at=now - timedelta(days=200))
    old_open = await AutomationRun.create(rule_id=rule.id, trigger_key="old-open", status="retrying",
                                          created_at=now - timedelta(days=200))
    recent = await AutomationRun.create(rule_id=rule.id, trigger_key="recent", status="failed",
                                        created_at=now - timedelta(days=10))
    assert await prune_finished_runs(older_than_days=180, now=now) == 1
    left = set(await AutomationRun.filter(rule_id=rule.id).values_list("id", flat=True))
    assert old_done.id not in left and {old_open.id, recent.id} <= left
