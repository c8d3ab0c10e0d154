"""In-process measurements, no HTTP: ``python -m tests.bench.inprocess PROBE`` prints one JSON object.

Probes: ``orm-read`` (the customer list through Tortoise vs raw asyncpg) and
``field-authorization`` (the nested customer list through the schema with and without
the FieldAuthorization extension). The two sides of a pair are called strictly in turn, so a
noisy neighbour slows both alike; times are medians and the ratio is the median of the
ratios of neighbouring calls.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable

import asyncpg

from tests.bench.loadgen import new_event_loop

PAGE = 100
SCALE = float(os.environ.get("BENCH_PROBE_SCALE", "1"))  # shorter runs for the smoke test of the probes
CUSTOMER_LIST_QUERY = ("{ customers(first: 100) { edges { node { id code name level city stage createdAt "
                       "owner { id username displayName } } } } }")
Call = Callable[[], Awaitable[object]]


async def alternate(first: Call, second: Call, *, seconds: float) -> tuple[list[float], list[float]]:
    """Per-call durations of two calls made in turn for ``seconds``, after a warm-up."""
    for call in (first, second):
        for _ in range(5):
            await call()
    timings: tuple[list[float], list[float]] = ([], [])
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for call, bucket in zip((first, second), timings, strict=True):
            started = time.perf_counter()
            await call()
            bucket.append(time.perf_counter() - started)
    return timings


def summary(durations: list[float]) -> dict:
    median = statistics.median(durations)
    return {"median_ms": median * 1000, "ops_per_second": 1 / median, "samples": len(durations)}


def paired_ratio(first: list[float], second: list[float]) -> float:
    """Median over neighbouring calls of first's time / second's time."""
    return statistics.median(a / b for a, b in zip(first, second, strict=True))


async def orm_read() -> dict:
    """``list_customers`` with the ALL scope vs an asyncpg ``fetch`` of the same columns and rows."""
    from domain.crm.models import Customer
    from domain.crm.queries import CustomerFilter, list_customers
    from domain.identity.scope import ALL
    from settings import get_settings

    settings = get_settings()
    columns = ", ".join(Customer._meta.fields_db_projection.values())
    sql = f"SELECT {columns} FROM crm_customer ORDER BY id LIMIT {PAGE + 1}"  # the ORM also reads one extra
    pool = await asyncpg.create_pool(settings.database_url, min_size=1, max_size=5)
    try:
        async def through_orm():
            return await list_customers(scope=ALL, filter=CustomerFilter(), first=PAGE, after=None,
                                        limit=settings.max_page_size)

        async def through_asyncpg():
            async with pool.acquire() as connection:
                return await connection.fetch(sql)

        same = [c.id for c in (await through_orm()).rows] == [r["id"] for r in await through_asyncpg()][:PAGE]
        orm, raw = await alternate(through_orm, through_asyncpg, seconds=6 * SCALE)
    finally:
        await pool.close()
    return {"orm": summary(orm), "asyncpg": summary(raw), "speed_ratio": paired_ratio(raw, orm),
            "same_rows": same, "sql": sql}


async def field_authorization() -> dict:
    """The nested customer list through the schema, with and without FieldAuthorization, per viewer."""
    import strawberry

    from schema import Mutation, Query, Subscription, build_schema
    from schema.authorization import FieldAuthorization

    full = build_schema()
    bare = strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription,
                             extensions=[e for e in build_schema().extensions if e is not FieldAuthorization])
    return {username: await _authorization_for(username, full, bare) for username in ("admin", "rep")}


async def _authorization_for(username: str, full, bare) -> dict:
    from domain.actor import Actor
    from domain.identity.models import User
    from policies.authorizer import Authorizer
    from schema.context import Context

    user = await User.get(username=username)
    actor = Actor(user_id=user.id, username=user.username, roles=frozenset(user.roles), team_id=user.team_id,
                  locale="en")
    authorizer = Authorizer()

    def executor(schema) -> Call:
        async def execute():
            context = Context(actor=actor, locale=actor.locale,
                              decisions=authorizer.decisions(actor.roles, authenticated=True))
            result = await schema.execute(CUSTOMER_LIST_QUERY, context_value=context)
            if result.errors:
                raise RuntimeError(f"{username}: {result.errors}")
            return result
        return execute

    with_check, without_check = await alternate(executor(full), executor(bare), seconds=8 * SCALE)
    rows = len((await executor(full)()).data["customers"]["edges"])
    return {"roles": sorted(actor.roles), "rows": rows, "with_extension": summary(with_check),
            "without_extension": summary(without_check), "time_ratio": paired_ratio(with_check, without_check)}


async def automation_run() -> dict:
    """A rule creating a follow-up task for a stage event (open the run + execute it) vs creating the
    same task directly through the task service: what the rules engine adds per firing."""
    from uuid import uuid4

    from domain.actor import SYSTEM
    from domain.automation.models import AutomationRule
    from domain.automation.runs import execute_run, plan_event_runs
    from domain.events import DomainEvent
    from domain.identity.scope import ALL
    from domain.sales.pipeline_models import Opportunity, Stage
    from domain.sales.tasks import RelatedScopes, TaskData, create_task
    from domain.events.envelope import utcnow

    rule = await AutomationRule.get(key="decision-follow-up")
    stage = await Stage.get(id=rule.conditions["all"][0]["value"])
    opp = await Opportunity.filter(owner_id__not_isnull=True).first() or await _an_opportunity()
    payload = {"stageId": stage.id, "status": "open"}

    async def through_rule():
        event = DomainEvent(type="opportunity.stage_entered", aggregate_type="Opportunity",
                            aggregate_id=str(opp.id), payload=payload, owner_id=opp.owner_id, id=uuid4())
        [run_id] = await plan_event_runs(event)
        if await execute_run(run_id=run_id) != "succeeded":
            raise RuntimeError("the rule run did not succeed")

    async def directly():
        await create_task(actor=SYSTEM, scope=ALL, related=RelatedScopes(ALL, ALL, ALL), data=TaskData(
            title=f"跟进决策 / Follow up decision: {opp.title}", kind="call", priority="high",
            due_at=utcnow(), assignee_id=opp.owner_id, customer_id=opp.customer_id, opportunity_id=opp.id))

    ruled, direct = await alternate(through_rule, directly, seconds=6 * SCALE)
    return {"rule": summary(ruled), "direct": summary(direct), "time_ratio": paired_ratio(ruled, direct)}


async def _an_opportunity():
    from decimal import Decimal

    from domain.actor import SYSTEM
    from domain.crm.models import Customer
    from domain.identity.scope import ALL
    from domain.sales.funnel import OpportunityData, create_opportunity

    customer = await Customer.filter(owner_id__not_isnull=True).order_by("id").first()
    return await create_opportunity(actor=SYSTEM, scope=ALL, customers=ALL, data=OpportunityData(
        customer_id=customer.id, title="基准商机 Benchmark deal", amount=Decimal("1000.00"),
        owner_id=customer.owner_id))


PROBES = {"orm-read": orm_read, "field-authorization": field_authorization, "automation-run": automation_run}


async def run_probe(name: str) -> dict:
    from domain.db import close_database, open_database
    from settings import get_settings

    await open_database(get_settings().database_url)
    try:
        return await PROBES[name]()
    finally:
        await close_database()


def main(argv: list[str]) -> int:
    with asyncio.Runner(loop_factory=new_event_loop) as runner:
        print(json.dumps(runner.run(run_probe(argv[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
