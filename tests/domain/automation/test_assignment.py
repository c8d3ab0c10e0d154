"""Lead assignment by rules: round-robin is fair across 100 leads; least-load picks the least busy rep."""

from collections import Counter

from domain.actor import SYSTEM
from domain.automation.rules import RuleData, create_rule
from domain.identity.models import User
from domain.identity.scope import ALL
from domain.sales.leads import LeadData, create_lead
from domain.sales.pipeline_models import Lead, Notification
from tests.domain.automation.helpers import deliver, execute, switch_off_defaults


async def _reps() -> list[int]:
    return [u.id for u in await User.filter(is_active=True).order_by("id") if "sales_rep" in u.roles]


async def _new_lead(name: str, **extra) -> Lead:
    return await create_lead(actor=SYSTEM, scope=ALL, data=LeadData(name=name, source="web", auto_assign=True,
                                                                   **extra))


async def test_round_robin_is_fair_across_100_leads(db):
    reps = await _reps()
    assert len(reps) >= 2
    for n in range(100):
        lead = await _new_lead(f"官网咨询 Web enquiry {n}")
        assert await execute(await deliver("lead.created", lead.id)) == ["succeeded"]
    owners = Counter(await Lead.filter(name__startswith="官网咨询").values_list("owner_id", flat=True))
    assert set(owners) == set(reps)
    assert max(owners.values()) - min(owners.values()) <= 1
    assert sum(owners.values()) == 100
    # each new owner was told, once per lead
    assert await Notification.filter(kind="automation.assigned").count() == 100


async def test_leads_with_an_owner_are_left_alone(db):
    rep = (await _reps())[0]
    lead = await create_lead(actor=SYSTEM, scope=ALL, data=LeadData(name="已分配 Assigned", owner_id=rep))
    assert await deliver("lead.created", lead.id) == []
    assert (await Lead.get(id=lead.id)).owner_id == rep


async def test_least_load_gives_the_lead_to_the_least_busy_rep(db):
    await switch_off_defaults("lead-round-robin")
    reps = await _reps()
    await create_rule(actor=SYSTEM, data=RuleData(
        name="最少负载 Least load", trigger_kind="event", event_type="lead.created",
        conditions={"all": [{"field": "ownerId", "op": "is_not_set"}]},
        actions=[{"type": "assign_owner", "strategy": "least_load", "role": "sales_rep", "notifyOwner": False}]))
    busy, idle = reps[0], reps[1]
    await Lead.filter(owner_id__in=reps, status="open").update(owner_id=busy)
    for n in range(3):
        await create_lead(actor=SYSTEM, scope=ALL, data=LeadData(name=f"忙 Busy {n}", owner_id=busy))
    lead = await _new_lead("新线索 New lead")
    assert await execute(await deliver("lead.created", lead.id)) == ["succeeded"]
    assert (await Lead.get(id=lead.id)).owner_id == idle


async def test_round_robin_within_a_team_only_picks_its_members(db):
    from domain.identity.models import Team

    await switch_off_defaults("lead-round-robin")
    south = await Team.get(name__startswith="华南")
    await create_rule(actor=SYSTEM, data=RuleData(
        name="华南轮转 South rotation", trigger_kind="event", event_type="lead.created",
        conditions={"all": [{"field": "source", "op": "eq", "value": "south-fair"}]},
        actions=[{"type": "assign_owner", "strategy": "round_robin", "teamId": south.id, "role": "sales_rep"}]))
    members = {u.id for u in await User.filter(team_id=south.id) if "sales_rep" in u.roles}
    for n in range(4):
        lead = await create_lead(actor=SYSTEM, scope=ALL, data=LeadData(name=f"华南 {n}", source="south-fair",
                                                                       auto_assign=True))
        assert await execute(await deliver("lead.created", lead.id)) == ["succeeded"]
    assert set(await Lead.filter(name__startswith="华南").values_list("owner_id", flat=True)) == members
