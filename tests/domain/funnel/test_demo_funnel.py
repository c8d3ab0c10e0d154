"""The demo set that `make run` loads includes a funnel: deals in every open stage, their tasks, leads."""

from domain.demo import seed_demo
from domain.events.models import OutboxEvent
from domain.sales.pipeline_models import Lead, Opportunity, Stage, Task


async def test_sample_demo_data_fills_the_board_once(db):
    report = await seed_demo(customers=20, orders=0, sample_orders=True)
    assert "12 deals" in report
    open_stages = await Stage.filter(is_won=False, is_lost=False, pipeline__is_default=True).values_list("id",
                                                                                                       flat=True)
    deals = await Opportunity.all()
    assert len(deals) == 12 and {d.stage_id for d in deals} == set(open_stages)
    assert all(d.owner_id is not None and d.amount > 0 for d in deals)
    assert await Task.filter(opportunity_id__in=[d.id for d in deals]).count() == 12
    assert await Lead.all().count() == 4
    assert not await OutboxEvent.filter(published_at=None).exists()  # demo records are not news
    again = await seed_demo(customers=5, orders=0, sample_orders=True)
    assert "0 deals" in again and await Opportunity.all().count() == 12
