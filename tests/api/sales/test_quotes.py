"""Quotes: default prices, line money, validation, the send/accept/reject flow and conversion to a contract."""

from datetime import timedelta

import pytest

from tests.api.sales.factories import (
    CONTRACT, ERRORS, business_today, contract_events, customer_of, make_products,
)

QUOTE = """id number status currency validUntil totalAmount isExpired owner { username } customer { id }
  lines { productId product { sku name } sku quantity unitPrice discount taxRate lineNet lineTotal }"""
CREATE = f"mutation($input: QuoteInput!){{ createQuote(input: $input){{ quote {{ {QUOTE} }} {ERRORS} }} }}"
CONVERT = f"""mutation($id: ID!, $title: String!, $start: Date!, $end: Date!){{
  convertQuoteToContract(id: $id, title: $title, startDate: $start, endDate: $end){{
  contract {{ {CONTRACT} approvalRequired quote {{ id number }} }} {ERRORS} }} }}"""
LIST = "query($f: QuoteFilterInput){ quotes(first: 100, filter: $f){ totalCount edges { node { id status } } } }"


def _post(gql, user, document, variables):
    body = gql.post(document, variables, as_user=user, headers={"accept-language": "en"})
    assert "errors" not in body, body
    return next(iter(body["data"].values()))


def _valid_until(days=30):
    return (business_today() + timedelta(days=days)).isoformat()


def _create(gql, user, customer_id, lines, **extra):
    return _post(gql, user, CREATE, {"input": {"customerId": customer_id, "lines": lines,
                                               "validUntil": _valid_until(), **extra}})


def _move(gql, user, mutation, quote_id):
    return _post(gql, user, f"mutation($id: ID!){{ {mutation}(id: $id){{ quote {{ id status }} {ERRORS} }} }}",
                 {"id": quote_id})


def _level_discount(gql, customer_id, rate):
    async def write():
        from decimal import Decimal

        from domain.catalog.models import LevelDiscount
        from domain.crm.models import Customer
        customer = await Customer.get(id=int(customer_id))
        await LevelDiscount.create(level=customer.level, discount_rate=Decimal(rate))
    gql.run(write)


@pytest.fixture
def products(gql):
    return make_products(gql, ("100.00", "0.1300", None), ("59.90", "0.0600", None), ("200.00", "0.1300", "180.00"))


@pytest.fixture
def customer(gql):
    return customer_of(gql, "rep")


def _accepted(gql, customer, products, quantity=3):
    quote = _create(gql, "rep", customer, [{"productId": products[0], "quantity": quantity}])["quote"]
    assert _move(gql, "rep", "sendQuote", quote["id"])["errors"] == []
    assert _move(gql, "rep", "acceptQuote", quote["id"])["quote"]["status"] == "accepted"
    return quote


def test_unit_prices_default_to_the_customers_price_and_lines_add_up(gql, products, customer):
    _level_discount(gql, customer, "0.0500")
    result = _create(gql, "rep", customer, [
        {"productId": products[0], "quantity": 3},
        {"productId": products[1], "quantity": 7, "unitPrice": "50.00", "discount": "0.1"},
    ])
    assert result["errors"] == []
    quote = result["quote"]
    assert quote["status"] == "draft" and quote["number"].startswith("QT") and quote["currency"] == "CNY"
    assert quote["owner"] == {"username": "rep"} and quote["customer"] == {"id": customer}
    first, second = quote["lines"]
    assert (first["unitPrice"], first["discount"], first["lineNet"], first["lineTotal"]) == (
        "95.00", "0.0000", "285.00", "322.05")
    assert (second["unitPrice"], second["discount"], second["taxRate"], second["lineNet"], second["lineTotal"]) == (
        "50.00", "0.1000", "0.0600", "315.00", "333.90")
    assert second["sku"] == "T-SKU-1" and second["product"] == {"sku": "T-SKU-1", "name": "测试产品 Test product 1"}
    assert quote["totalAmount"] == "655.95"


def _quote_count(gql):
    async def count():
        from domain.sales.models import Quote, QuoteLine
        return await Quote.all().count(), await QuoteLine.all().count()
    return gql.run(count)


def test_every_bad_line_and_field_is_reported_and_nothing_is_written(gql, products, customer):
    before = _quote_count(gql)
    result = _post(gql, "rep", CREATE, {"input": {
        "customerId": "999999", "validUntil": (business_today() - timedelta(days=1)).isoformat(),
        "lines": [{"productId": "999999", "quantity": 1},
                  {"productId": products[0], "quantity": 0},
                  {"productId": products[1], "quantity": 2, "discount": "1"},
                  {"productId": products[1], "quantity": 2, "unitPrice": "-1.00"}]}})
    assert result["quote"] is None
    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("customerId", "UNKNOWN_CUSTOMER"), ("validUntil", "DATE_IN_PAST"), ("lines.0.productId", "UNKNOWN_PRODUCT"),
        ("lines.1.quantity", "INVALID_QUANTITY"), ("lines.2.discount", "INVALID_DISCOUNT"),
        ("lines.3.unitPrice", "INVALID_PRICE")}
    empty = _create(gql, "rep", customer, [])
    assert {(e["field"], e["code"]) for e in empty["errors"]} == {("lines", "REQUIRED")}
    assert _quote_count(gql) == before


def test_quoting_below_the_floor_needs_a_manager(gql, products, customer):
    cheap = [{"productId": products[2], "quantity": 1, "unitPrice": "200.00", "discount": "0.15"}]
    refused = _create(gql, "rep", customer, cheap)
    assert {(e["field"], e["code"]) for e in refused["errors"]} == {("lines.0.unitPrice", "PRICE_BELOW_FLOOR")}
    assert "T-SKU-2" in refused["errors"][0]["message"]
    allowed = _create(gql, "manager", customer, cheap)
    assert allowed["errors"] == [] and allowed["quote"]["totalAmount"] == "192.10"


def test_send_accept_and_convert_carries_customer_and_amount(gql, products, customer):
    quote = _accepted(gql, customer, products, quantity=1500)
    assert quote["totalAmount"] == "169500.00"
    start, end = business_today(), business_today() + timedelta(days=180)
    result = _post(gql, "rep", CONVERT, {"id": quote["id"], "title": "报价转合同 From quote",
                                         "start": start.isoformat(), "end": end.isoformat()})
    assert result["errors"] == []
    contract = result["contract"]
    assert contract["customer"]["id"] == customer and contract["amount"] == "169500.00"
    assert contract["status"] == "draft" and contract["approvalRequired"] is True
    assert contract["quote"] == {"id": quote["id"], "number": quote["number"]}
    assert (contract["startDate"], contract["endDate"]) == (start.isoformat(), end.isoformat())
    assert [e.type for e in contract_events(gql, contract["id"])] == ["contract.created"]

    again = _post(gql, "rep", CONVERT, {"id": quote["id"], "title": "again", "start": start.isoformat(),
                                        "end": end.isoformat()})
    assert [(e["code"], e["message"]) for e in again["errors"]] == [
        ("QUOTE_ALREADY_CONVERTED", f"This quote already became contract {contract['number']}")]

    async def quote_events():
        from domain.events.models import OutboxEvent
        return await OutboxEvent.filter(aggregate_type="Quote", aggregate_id=quote["id"]).order_by("occurred_at")
    events = gql.run(quote_events)
    assert [e.type for e in events] == ["quote.created", "quote.sent", "quote.accepted", "quote.converted"]
    assert events[-1].payload["contractNumber"] == contract["number"]


def test_conversion_needs_an_accepted_quote_and_a_valid_term(gql, products, customer):
    quote = _create(gql, "rep", customer, [{"productId": products[0], "quantity": 1}])["quote"]
    variables = {"id": quote["id"], "title": "x", "start": "2026-06-01", "end": "2026-07-01"}
    assert [e["code"] for e in _post(gql, "rep", CONVERT, variables)["errors"]] == ["INVALID_TRANSITION"]
    accepted = _accepted(gql, customer, products)
    bad = _post(gql, "rep", CONVERT, {**variables, "id": accepted["id"], "title": "", "end": "2026-05-01"})
    assert {(e["field"], e["code"]) for e in bad["errors"]} == {("title", "REQUIRED"), ("endDate", "END_BEFORE_START")}


def test_rejected_quotes_cannot_be_accepted(gql, products, customer):
    quote = _create(gql, "rep", customer, [{"productId": products[0], "quantity": 1}])["quote"]
    assert [e["code"] for e in _move(gql, "rep", "acceptQuote", quote["id"])["errors"]] == ["INVALID_TRANSITION"]
    _move(gql, "rep", "sendQuote", quote["id"])
    assert _move(gql, "rep", "rejectQuote", quote["id"])["quote"]["status"] == "rejected"
    refused = _move(gql, "rep", "acceptQuote", quote["id"])
    assert [(e["code"], e["message"]) for e in refused["errors"]] == [
        ("INVALID_TRANSITION", "Not possible while the status is rejected")]


def test_an_expired_quote_cannot_be_accepted(gql, products, customer):
    quote = _create(gql, "rep", customer, [{"productId": products[0], "quantity": 1}])["quote"]
    _move(gql, "rep", "sendQuote", quote["id"])

    async def expire():
        from domain.sales.models import Quote
        await Quote.filter(id=int(quote["id"])).update(valid_until=business_today() - timedelta(days=1))
    gql.run(expire)
    refused = _move(gql, "rep", "acceptQuote", quote["id"])
    assert [e["code"] for e in refused["errors"]] == ["QUOTE_EXPIRED"]
    seen = gql.data("query($id: ID!){ quote(id: $id){ status isExpired } }", {"id": quote["id"]}, as_user="rep")
    assert seen["quote"] == {"status": "sent", "isExpired": True}


def test_reps_see_only_their_own_quotes(gql, products, customer):
    mine = _create(gql, "rep", customer, [{"productId": products[0], "quantity": 1}])["quote"]
    theirs = _create(gql, "rep2", customer_of(gql, "rep2"), [{"productId": products[0], "quantity": 1}])["quote"]
    assert {e["node"]["id"] for e in gql.data(LIST, {}, as_user="rep")["quotes"]["edges"]} == {mine["id"]}
    body = gql.post("query($id: ID!){ quote(id: $id){ id } }", {"id": theirs["id"]}, as_user="rep")
    assert body["data"]["quote"] is None and "errors" not in body
    assert [e["code"] for e in _move(gql, "rep", "sendQuote", theirs["id"])["errors"]] == ["NOT_FOUND"]
    assert {e["node"]["id"] for e in gql.data(LIST, {}, as_user="manager")["quotes"]["edges"]} == {
        mine["id"], theirs["id"]}
    assert gql.data(LIST, {"f": {"statuses": ["sent"]}}, as_user="manager")["quotes"]["totalCount"] == 0
