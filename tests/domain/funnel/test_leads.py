"""Lead conversion: customer (new, linked, or the visible duplicate) and opportunity together, or nothing."""

from decimal import Decimal

import pytest

from domain.crm.models import Contact, Customer
from domain.errors import DomainError, ValidationFailed
from domain.sales.funnel import OpportunityData
from domain.sales.leads import Conversion, LeadData, convert_lead, create_lead
from domain.sales.pipeline_models import Lead, Opportunity
from tests.domain.funnel.factories import T0, actor, customer_of, default_stages, events, scope


async def _convert(who, lead_id, conversion=None):
    return await convert_lead(actor=who, scope=await scope(who, "Lead"), customers=await scope(who, "Customer"),
                              opportunities=await scope(who), lead_id=lead_id, conversion=conversion or Conversion(),
                              now=T0)


async def _lead(who, **values):
    data = LeadData(**{"name": "云帆智能科技有限公司", "contact_name": "周敏", "phone": "13912345678",
                       "source": "展会", "campaign": "2030 春季展 Spring Expo", **values})
    return await create_lead(actor=who, scope=await scope(who, "Lead"), data=data)


async def test_conversion_creates_the_customer_a_contact_and_the_opportunity(db):
    rep = await actor("rep")
    lead = await _lead(rep)
    result = await _convert(rep, lead.id, Conversion(opportunity=OpportunityData(amount=Decimal("50000"))))

    assert result.customer_created is True
    customer = await Customer.get(id=result.customer.id)
    assert (customer.name, customer.source, customer.owner_id, customer.stage) == (
        "云帆智能科技有限公司", "展会", rep.user_id, "prospect")
    assert await Contact.filter(customer_id=customer.id, name="周敏", is_primary=True).exists()
    opp = await Opportunity.get(id=result.opportunity.id)
    first_stage = (await default_stages())[0]
    assert (opp.customer_id, opp.title, opp.amount, opp.lead_id, opp.stage_id, opp.owner_id) == (
        customer.id, "云帆智能科技有限公司", Decimal("50000.00"), lead.id, first_stage.id, rep.user_id)
    row = await Lead.get(id=lead.id)
    assert (row.status, row.customer_id, row.opportunity_id, row.converted_at) == (
        "converted", customer.id, opp.id, T0)
    converted = await events("lead.converted", lead.id)
    assert len(converted) == 1 and converted[0].payload["customerCreated"] is True

    with pytest.raises(DomainError) as again:
        await _convert(rep, lead.id)
    assert again.value.code == "INVALID_TRANSITION"


async def test_a_duplicate_is_refused_unless_linked_and_nothing_is_left_behind(db):
    rep = await actor("rep")
    mine = await customer_of(rep)
    lead = await _lead(rep, name=mine.name, phone=None, contact_name=None)
    customers, opportunities = await Customer.all().count(), await Opportunity.all().count()

    with pytest.raises(DomainError) as refused:
        await _convert(rep, lead.id)
    assert (refused.value.code, refused.value.field) == ("DUPLICATE_CUSTOMER", "name")
    assert (await Customer.all().count(), await Opportunity.all().count()) == (customers, opportunities)
    assert (await Lead.get(id=lead.id)).status == "open"

    linked = await _convert(rep, lead.id, Conversion(link_duplicate=True))
    assert linked.customer.id == mine.id and linked.customer_created is False
    assert (await Opportunity.get(id=linked.opportunity.id)).customer_id == mine.id
    assert await Customer.all().count() == customers


async def test_linking_an_invisible_customer_or_a_bad_opportunity_writes_nothing(db):
    rep, rep2 = await actor("rep"), await actor("rep2")
    lead = await _lead(rep)
    theirs = await customer_of(rep2)
    with pytest.raises(DomainError) as hidden:
        await _convert(rep, lead.id, Conversion(customer_id=theirs.id))
    assert (hidden.value.code, hidden.value.field) == ("UNKNOWN_CUSTOMER", "customerId")

    customers = await Customer.all().count()
    with pytest.raises(ValidationFailed) as bad:
        await _convert(rep, lead.id, Conversion(opportunity=OpportunityData(amount=Decimal("-1"))))
    assert [(e.code, e.field) for e in bad.value.errors] == [("INVALID_MONEY", "amount")]
    assert await Customer.all().count() == customers, "the new customer was rolled back with the opportunity"
    assert (await Lead.get(id=lead.id)).status == "open"

    with pytest.raises(DomainError) as not_theirs:
        await _convert(rep2, lead.id)
    assert not_theirs.value.code == "NOT_FOUND"
