"""Rules that trigger each other are stopped by the depth guard, and the stop is in the run log."""

from domain.actor import SYSTEM
from domain.automation.models import AutomationRun
from domain.automation.rules import RuleData, create_rule
from domain.events.models import OutboxEvent
from domain.sales.pipeline_models import Task
from settings import get_settings
from tests.domain.automation.helpers import deliver, execute, switch_off_defaults
from tests.domain.funnel.factories import T0, actor, task


async def test_two_rules_feeding_each_other_stop_at_the_depth_limit(db):
    await switch_off_defaults()
    await create_rule(actor=SYSTEM, data=RuleData(
        name="升级 Escalate", trigger_kind="event", event_type="task.created",
        actions=[{"type": "update_field", "field": "priority", "value": "urgent"}]))
    await create_rule(actor=SYSTEM, data=RuleData(
        name="再建 Another task", trigger_kind="event", event_type="task.updated",
        actions=[{"type": "create_task", "title": "再跟进 {{ title }}"}]))
    rep = await actor("rep")
    await task(rep, due_at=T0)
    seen: set = set()
    for _ in range(20):  # what the event consumer would do, until nothing new happens
        fresh = [e for e in await OutboxEvent.filter(type__in=("task.created", "task.updated")) if e.id not in seen]
        if not fresh:
            break
        for row in fresh:
            seen.add(row.id)
            await execute(await deliver(row.type, int(row.aggregate_id)))
    limit = get_settings().automation_max_depth
    stopped = await AutomationRun.filter(status="stopped")
    assert [(r.error_code, r.depth) for r in stopped] == [("AUTOMATION_TOO_DEEP", limit + 1)]
    assert await AutomationRun.filter(status="succeeded").count() == limit + 1
    # the second rule ran at every odd depth below the limit, and no further
    assert await Task.filter(title__startswith="再跟进").count() == len(range(1, limit + 1, 2))
