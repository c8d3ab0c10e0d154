"""Execution progress in exact Decimal: ordered from orders, invoiced and collected recorded by finance."""

import pytest

from tests.api.sales.factories import action, add_orders, codes, contract_events, new_contract, ok, post_action, sign

PROGRESS = """query($id: ID!){ contract(id: $id){ invoicedAmount collectedAmount progress {
  contractAmount orderedAmount invoicedAmount collectedAmount orderedRatio invoicedRatio collectedRatio } } }"""


def _executing(gql, amount="100000.00"):
    contract = new_contract(gql, "rep", amount=amount)
    if contract["approvalRequired"]:
        ok(action(gql, "rep", "submitContractForApproval", contract["id"]))
        ok(action(gql, "manager", "approveContract", contract["id"]))
    ok(sign(gql, "rep", contract["id"]))
    ok(action(gql, "rep", "startContractExecution", contract["id"]))
    return contract


def _progress(gql, contract_id, user="rep"):
    return gql.data(PROGRESS, {"id": contract_id}, as_user=user)["contract"]["progress"]


def test_progress_figures_are_exact_decimals(gql):
    contract = _executing(gql, amount="99999.99")
    other = _executing(gql)
    add_orders(gql, contract["id"], ("33333.33", "confirmed"), ("0.10", "draft"), ("0.20", "shipped"),
        ("12345.67", "completed"), ("50000.00", "cancelled"))
    add_orders(gql, other["id"], ("777.77", "confirmed"))

    invoiced = ok(action(gql, "finance", "recordContractInvoice", contract["id"], amount="10000.10"))
    assert invoiced["invoicedAmount"] == "10000.10"
    ok(action(gql, "finance", "recordContractInvoice", contract["id"], amount="0.20"))
    ok(action(gql, "finance", "recordContractCollection", contract["id"], amount="3333.33"))

    assert _progress(gql, contract["id"]) == {
        "contractAmount": "99999.99", "orderedAmount": "45679.30", "invoicedAmount": "10000.30",
        "collectedAmount": "3333.33", "orderedRatio": "0.4568", "invoicedRatio": "0.1000",
        "collectedRatio": "0.0333"}
    assert _progress(gql, other["id"])["orderedAmount"] == "777.77"
    assert _progress(gql, new_contract(gql, "rep")["id"]) == {
        "contractAmount": "50000.00", "orderedAmount": "0.00", "invoicedAmount": "0.00", "collectedAmount": "0.00",
        "orderedRatio": "0.0000", "invoicedRatio": "0.0000", "collectedRatio": "0.0000"}


def test_large_amounts_add_up_exactly(gql):
    contract = _executing(gql, amount="99999999999999.99")
    add_orders(gql, contract["id"], ("99999999999999.98", "confirmed"), ("0.01", "confirmed"))
    ok(action(gql, "finance", "recordContractInvoice", contract["id"], amount="12345678901234.56"))
    ok(action(gql, "finance", "recordContractInvoice", contract["id"], amount="0.30"))
    progress = _progress(gql, contract["id"])
    assert progress["orderedAmount"] == "99999999999999.99" and progress["orderedRatio"] == "1.0000"
    assert progress["invoicedAmount"] == "12345678901234.86"


def test_invoices_and_collections_never_exceed_the_contract_amount(gql):
    contract = _executing(gql, amount="1000.00")
    ok(action(gql, "finance", "recordContractInvoice", contract["id"], amount="999.99"))
    over = action(gql, "finance", "recordContractInvoice", contract["id"], amount="0.02")
    assert codes(over) == {("amount", "AMOUNT_EXCEEDS_CONTRACT")}
    assert "0.01" in over["errors"][0]["message"]
    full = ok(action(gql, "finance", "recordContractInvoice", contract["id"], amount="0.01"))
    assert full["invoicedAmount"] == "1000.00"
    ok(action(gql, "finance", "recordContractCollection", contract["id"], amount="1000.00"))
    assert codes(action(gql, "finance", "recordContractCollection", contract["id"], amount="0.01")) == {
        ("amount", "AMOUNT_EXCEEDS_CONTRACT")}
    types = [e.type for e in contract_events(gql, contract["id"])]
    assert types.count("contract.invoiced") == 2 and types.count("contract.collected") == 1
    assert _progress(gql, contract["id"])["collectedRatio"] == "1.0000"


@pytest.mark.parametrize("amount", ["0", "-5.00", "1.005", "100000000000000.00"])
def test_amounts_must_be_positive_cents(gql, amount):
    contract = _executing(gql)
    assert codes(action(gql, "finance", "recordContractInvoice", contract["id"], amount=amount)) == {
        ("amount", "INVALID_AMOUNT")}
    assert codes(action(gql, "finance", "recordContractCollection", contract["id"], amount=amount)) == {
        ("amount", "INVALID_AMOUNT")}
    assert _progress(gql, contract["id"])["invoicedAmount"] == "0.00"


def test_unsigned_contracts_take_no_money(gql):
    contract = new_contract(gql, "rep")
    result = action(gql, "finance", "recordContractInvoice", contract["id"], amount="10.00")
    assert [e["code"] for e in result["errors"]] == ["INVALID_TRANSITION"]


@pytest.mark.parametrize("user", ["rep", "manager", "auditor"])
def test_only_finance_records_invoices_and_collections(gql, user):
    contract = _executing(gql)
    for mutation in ("recordContractInvoice", "recordContractCollection"):
        body = post_action(gql, user, mutation, contract["id"], amount="10.00")
        assert body["data"][mutation] is None
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert _progress(gql, contract["id"], user="finance")["invoicedAmount"] == "0.00"
