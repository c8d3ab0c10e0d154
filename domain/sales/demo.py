"""Demo funnel: open deals spread over the default pipeline's stages, a few leads and tasks, so the board,
the task list and the rules have something to show on a fresh install."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from domain.actor import SYSTEM
from domain.crm.models import Customer
from domain.events.envelope import utcnow
from domain.identity.scope import ALL
from domain.sales.funnel import OpportunityData, create_opportunity, move_opportunity
from domain.sales.leads import LeadData, create_lead
from domain.sales.pipeline_models import Pipeline, Stage
from domain.sales.tasks import RelatedScopes, TaskData, create_task

DEALS = ["年度采购框架 Annual supply frame", "产线升级 Line upgrade", "门店扩张 Store roll-out",
         "仓储自动化 Warehouse automation", "售后维保 Service contract", "新品试用 Product trial"]
LEADS = [("杭州云帆科技", "官网", "2026 春季展会"), ("成都蜀道物流", "展会", "2026 春季展会"),
         ("南京金陵医疗", "转介绍", None), ("Shenzhen Bright Retail", "Web", "Q4 webinar")]


async def seed_demo_funnel(rng: random.Random) -> int:
    """Deals, leads and tasks for the demo customers; returns how many deals were made (none if any exist)."""
    pipeline = await Pipeline.get_or_none(is_default=True)
    if pipeline is None or await pipeline.opportunities.all().exists():
        return 0
    stages = await Stage.filter(pipeline_id=pipeline.id, is_won=False, is_lost=False).order_by("position")
    customers = await Customer.filter(owner_id__not_isnull=True, merged_into_id=None).order_by("id").limit(12)
    now = utcnow()
    for n, customer in enumerate(customers):
        opp = await create_opportunity(actor=SYSTEM, scope=ALL, customers=ALL, data=OpportunityData(
            customer_id=customer.id, title=f"{customer.name[:40]} · {DEALS[n % len(DEALS)]}",
            amount=Decimal(rng.randint(20, 900) * 1000), owner_id=customer.owner_id,
            expected_close_date=(now + timedelta(days=rng.randint(10, 90))).date()))
        stage = stages[n % len(stages)]
        if stage.id != opp.stage_id:
            await move_opportunity(actor=SYSTEM, scope=ALL, opportunity_id=opp.id, stage_id=stage.id)
        await create_task(actor=SYSTEM, scope=ALL, related=RelatedScopes(ALL, ALL, ALL), data=TaskData(
            title=f"回访 Follow-up: {customer.name[:60]}", kind=rng.choice(["call", "visit", "email"]),
            due_at=now + timedelta(hours=rng.randint(-24, 72)), assignee_id=customer.owner_id,
            opportunity_id=opp.id))
    for name, source, campaign in LEADS:
        await create_lead(actor=SYSTEM, scope=ALL, data=LeadData(name=name, source=source, campaign=campaign,
                                                                 owner_id=customers[0].owner_id if customers else None))
    return len(customers)
