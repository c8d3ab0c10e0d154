"""Bad contract input is reported field by field and writes nothing; attachment metadata is checked."""

import pytest

from tests.api.sales.factories import (
    ERRORS, action, codes, contract_events, create_contract, customer_of, new_contract, ok,
)

ATTACH = f"""mutation($id: ID!, $input: ContractAttachmentInput!){{
  addContractAttachment(contractId: $id, input: $input){{
  attachment {{ id fileName contentType sizeBytes sha256 storageKey uploadedBy {{ username }} }} {ERRORS} }} }}"""
ATTACHMENTS = "query($id: ID!){ contract(id: $id){ attachments { fileName sha256 } } }"
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def _counts(gql):
    async def count():
        from domain.events.models import OutboxEvent
        from domain.sales.models import Contract
        return await Contract.all().count(), await OutboxEvent.filter(aggregate_type="Contract").count()
    return gql.run(count)


def test_every_bad_field_is_reported_and_nothing_is_written(gql):
    before = _counts(gql)
    result = create_contract(gql, "rep", title=" ", amount="0", startDate="2026-06-01", endDate="2026-05-31")
    assert result["contract"] is None
    assert codes(result) == {("title", "REQUIRED"), ("amount", "INVALID_AMOUNT"), ("endDate", "END_BEFORE_START")}
    assert {e["message"] for e in result["errors"]} >= {"The end date cannot be before the start date"}
    assert _counts(gql) == before


@pytest.mark.parametrize("amount", ["-1.00", "0.00", "12.345", "100000000000000.00"])
def test_amount_must_be_positive_money(gql, amount):
    assert codes(create_contract(gql, "rep", amount=amount)) == {("amount", "INVALID_AMOUNT")}


def test_a_one_day_term_is_fine(gql):
    assert create_contract(gql, "rep", startDate="2026-06-01", endDate="2026-06-01")["errors"] == []


def test_unknown_or_invisible_customer(gql):
    before = _counts(gql)
    assert codes(create_contract(gql, "rep", customer_id="999999")) == {("customerId", "UNKNOWN_CUSTOMER")}
    someone_elses = customer_of(gql, "rep2")
    assert codes(create_contract(gql, "rep", customer_id=someone_elses)) == {("customerId", "UNKNOWN_CUSTOMER")}
    assert codes(create_contract(gql, "rep", customer_id="abc")) == {("customerId", "INVALID_INPUT")}
    assert _counts(gql) == before
    assert create_contract(gql, "manager", customer_id=someone_elses)["errors"] == [], "rep2's manager may"


def _attach(gql, contract_id, user="rep", **overrides):
    values = {"fileName": "合同扫描件 signed.pdf", "contentType": "application/pdf", "sizeBytes": 2_345_678,
              "sha256": SHA, "storageKey": "contracts/2026/ct-1/signed.pdf"}
    values.update(overrides)
    body = gql.post(ATTACH, {"id": contract_id, "input": values}, as_user=user, headers={"accept-language": "en"})
    assert "errors" not in body, body
    return body["data"]["addContractAttachment"]


def test_attachment_metadata_is_stored_and_recorded(gql):
    contract = new_contract(gql, "rep")
    result = _attach(gql, contract["id"], sha256=SHA.upper(), contentType="application/pdf; charset=binary")
    assert result["errors"] == []
    assert result["attachment"] == {
        "id": result["attachment"]["id"], "fileName": "合同扫描件 signed.pdf", "contentType": "application/pdf",
        "sizeBytes": 2_345_678, "sha256": SHA, "storageKey": "contracts/2026/ct-1/signed.pdf",
        "uploadedBy": {"username": "rep"}}
    assert gql.data(ATTACHMENTS, {"id": contract["id"]}, as_user="auditor")["contract"]["attachments"] == [
        {"fileName": "合同扫描件 signed.pdf", "sha256": SHA}]
    assert contract_events(gql, contract["id"])[-1].type == "contract.attachment_added"
    assert codes(_attach(gql, contract["id"])) == {("sha256", "DUPLICATE")}


@pytest.mark.parametrize("field,value,code", [
    ("contentType", "application/x-msdownload", "UNSUPPORTED_FILE_TYPE"),
    ("contentType", "text/html", "UNSUPPORTED_FILE_TYPE"),
    ("sizeBytes", 0, "INVALID_NUMBER"),
    ("sizeBytes", -1, "INVALID_NUMBER"),
    ("sizeBytes", 50 * 1024 * 1024 + 1, "FILE_TOO_LARGE"),
    ("sha256", "abc123", "INVALID_SHA256"),
    ("sha256", "z" * 64, "INVALID_SHA256"),
    ("fileName", "", "REQUIRED"),
    ("fileName", "../../etc/passwd", "INVALID_FILE_NAME"),
    ("fileName", "x" * 256, "TOO_LONG"),
    ("storageKey", "/absolute/key.pdf", "INVALID_INPUT"),
    ("storageKey", "contracts/../../secret.pdf", "INVALID_INPUT"),
])
def test_attachment_validation(gql, field, value, code):
    contract = new_contract(gql, "rep")
    result = _attach(gql, contract["id"], **{field: value})
    assert result["attachment"] is None
    assert codes(result) == {(field, code)}
    assert gql.data(ATTACHMENTS, {"id": contract["id"]}, as_user="rep")["contract"]["attachments"] == []


def test_size_limit_comes_from_settings(gql, monkeypatch):
    from settings import reset_settings
    monkeypatch.setenv("CONTRACT_ATTACHMENT_MAX_BYTES", "1048576")
    reset_settings()
    contract = new_contract(gql, "rep")
    too_big = _attach(gql, contract["id"], sizeBytes=1048577)
    assert codes(too_big) == {("sizeBytes", "FILE_TOO_LARGE")}
    assert "1 MB" in too_big["errors"][0]["message"]
    assert _attach(gql, contract["id"], sizeBytes=1048576)["errors"] == []


def test_attachments_only_on_visible_contracts(gql):
    theirs = new_contract(gql, "rep2")
    assert codes(_attach(gql, theirs["id"])) == {("contractId", "NOT_FOUND")}


def test_termination_and_transitions_write_nothing_on_error(gql):
    contract = new_contract(gql, "rep")
    before = len(contract_events(gql, contract["id"]))
    assert codes(action(gql, "rep", "terminateContract", contract["id"], reason="x" * 501)) == {("reason", "TOO_LONG")}
    assert len(contract_events(gql, contract["id"])) == before
    assert ok(action(gql, "rep", "terminateContract", contract["id"], reason="作废 void"))["status"] == "terminated"
