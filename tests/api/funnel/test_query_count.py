"""No N+1: opportunity lists and the board cost the same number of queries for 10 or 100 cards."""

from tests.query_count import count_queries

LIST = """query($n: Int!){ opportunities(first: $n){ edges { node { id weightedAmount owner { username }
  customer { name } stage { name } pipeline { name } lines { quantity product { sku } }
  stageHistory { toStage { nameEn } actor { username } } } } } }"""
BOARD = """query($p: ID!, $n: Int!){ pipelineBoard(pipelineId: $p){ stages { count weightedAmount stage { name }
  opportunities(first: $n){ edges { node { id weightedAmount owner { username } customer { name } } } } } } }"""
TASKS = """query($n: Int!){ tasks(first: $n){ edges { node { id assignee { username } customer { name }
  opportunity { title stage { name } } } } } }"""


def _seed(gql, n: int) -> int:
    async def write() -> int:
        from datetime import timedelta
        from decimal import Decimal

        from domain.catalog.models import Product
        from domain.crm.models import Customer
        from domain.events.envelope import utcnow
        from domain.identity.models import User
        from domain.sales.pipeline_models import Opportunity, OpportunityLine, Pipeline, Stage, StageChange, Task

        pipeline = await Pipeline.get(is_default=True)
        stages = await Stage.filter(pipeline_id=pipeline.id, is_won=False, is_lost=False).order_by("position")
        owners = await User.filter(username__in=["rep", "rep2", "manager"])
        customers = await Customer.all().limit(20)
        product = await Product.create(sku="QC-FUNNEL", name="Query count", list_price=Decimal("10.00"))
        now = utcnow()
        await Opportunity.bulk_create([Opportunity(
            title=f"QC {i}", customer_id=customers[i % len(customers)].id, pipeline_id=pipeline.id,
            stage_id=stages[i % len(stages)].id, position=i, amount=Decimal("100.00"), owner_id=owners[i % 3].id,
            team_id=owners[i % 3].team_id, stage_entered_at=now) for i in range(n * len(stages))])
        rows = await Opportunity.filter(title__startswith="QC ")
        await OpportunityLine.bulk_create([OpportunityLine(opportunity_id=o.id, product_id=product.id, quantity=1,
                                                           unit_price=Decimal("100.00"), line_total=Decimal("100.00"))
                                           for o in rows])
        await StageChange.bulk_create([StageChange(opportunity_id=o.id, to_stage_id=o.stage_id, actor_id=o.owner_id,
                                                   changed_at=now) for o in rows])
        await Task.bulk_create([Task(title=f"QC task {o.id}", assignee_id=o.owner_id, team_id=o.team_id,
                                     due_at=now + timedelta(days=1), customer_id=o.customer_id, opportunity_id=o.id)
                                for o in rows])
        return pipeline.id

    return gql.run(write)


def _count(gql, query: str, variables: dict) -> int:
    """Queries caused by one request (background jobs on the same loop are not counted)."""
    gql.token("admin")
    queries, _ = count_queries(lambda: gql.data(query, variables, as_user="admin"))
    return queries


def test_opportunity_list_and_tasks_cost_constant_queries(gql):
    _seed(gql, 100)
    for query in (LIST, TASKS):
        small, large = _count(gql, query, {"n": 10}), _count(gql, query, {"n": 100})
        assert small == large, (query, small, large)
    assert _count(gql, LIST, {"n": 100}) <= 10


def test_the_board_costs_a_few_queries_per_stage_whatever_the_page_size(gql):
    """Columns load concurrently, so loader batches may split between them: bounded by stages, not cards."""
    pipeline = _seed(gql, 100)
    stages = 6
    for n in (10, 100):
        assert _count(gql, BOARD, {"p": str(pipeline), "n": n}) <= 4 + 3 * stages
