"""No N+1: the run log with each run's rule costs the same number of queries for 10 or 100 runs."""

from tests.query_count import count_queries

RUNS = """query($n: Int!){ automationRuns(first: $n){ edges { node { id status errorMessage
  rule { name triggerKind } } } } }"""


def _seed(gql, n: int) -> None:
    async def write() -> None:
        from domain.automation.models import AutomationRule, AutomationRun
        from domain.events.envelope import utcnow

        rules = await AutomationRule.all().order_by("id")
        await AutomationRun.bulk_create([AutomationRun(
            rule_id=rules[i % len(rules)].id, trigger_key=f"qc:{n}:{i}", status="failed", error_code="WEBHOOK_FAILED",
            created_at=utcnow()) for i in range(n)])

    gql.run(write)


def test_run_log_queries_do_not_grow_with_the_page(gql):
    gql.token("admin")
    counts = []
    for n in (10, 100):
        _seed(gql, n)
        queries, body = count_queries(lambda n=n: gql.data(RUNS, {"n": n}, as_user="admin"))
        assert len(body["automationRuns"]["edges"]) == n
        assert all(e["node"]["rule"]["name"] for e in body["automationRuns"]["edges"])
        counts.append(queries)
    assert counts[0] == counts[1] and counts[0] <= 4
