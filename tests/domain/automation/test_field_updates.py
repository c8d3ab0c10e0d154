"""update_field: a won deal promotes its customer; changes go through the customer's own rules and events."""

import pytest

from domain.actor import SYSTEM
from domain.automation.rules import RuleData, create_rule
from domain.crm.models import Customer
from domain.errors import DomainError, ValidationFailed
from domain.events.models import OutboxEvent
from domain.sales.funnel import mark_opportunity_won
from tests.domain.automation.helpers import deliver, execute
from tests.domain.funnel.factories import actor, opportunity, scope


async def test_a_won_deal_makes_its_customer_an_a_level_customer(db):
    await create_rule(actor=SYSTEM, data=RuleData(
        name="赢单升级客户 Promote on win", trigger_kind="event", event_type="opportunity.won",
        actions=[{"type": "update_field", "field": "customer.level", "value": "A"},
                 {"type": "update_field", "field": "customer.stage", "value": "customer"}]))
    rep = await actor("rep")
    opp = await opportunity(rep)
    await Customer.filter(id=opp.customer_id).update(level="C", stage="prospect")
    await mark_opportunity_won(actor=rep, scope=await scope(rep), opportunity_id=opp.id)
    assert await execute(await deliver("opportunity.won", opp.id)) == ["succeeded"]
    customer = await Customer.get(id=opp.customer_id)
    assert (customer.level, customer.stage) == ("A", "customer")
    changes = await OutboxEvent.filter(type="customer.updated", aggregate_id=str(customer.id)).count()
    assert changes == 2


async def test_updating_the_customer_on_customer_updates_would_loop_and_is_refused(db):
    with pytest.raises(DomainError) as refused:
        await create_rule(actor=SYSTEM, data=RuleData(
            name="循环 Loop", trigger_kind="event", event_type="customer.updated",
            actions=[{"type": "update_field", "field": "level", "value": "B"}]))
    assert refused.value.code == "CYCLIC_RULE"


async def test_values_outside_the_allowed_list_are_refused(db):
    with pytest.raises(ValidationFailed) as refused:
        await create_rule(actor=SYSTEM, data=RuleData(
            name="坏值 Bad value", trigger_kind="event", event_type="order.confirmed",
            actions=[{"type": "update_field", "field": "customer.level", "value": "Z"}]))
    assert [(e.code, e.field) for e in refused.value.errors] == [("INVALID_CHOICE", "actions.0.value")]
