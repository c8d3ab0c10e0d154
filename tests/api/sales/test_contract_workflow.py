"""The contract workflow below and above the approval threshold, its events, and every refused transition."""

from datetime import timedelta

import pytest

from tests.api.sales.factories import (
    action, approval_rows, business_today, codes, contract_events, new_contract, ok, sign, user_id,
)


def test_at_the_threshold_a_draft_is_signed_directly_and_runs_to_completion(gql):
    contract = new_contract(gql, "rep", amount="100000.00")
    assert contract["status"] == "draft" and contract["number"].startswith("CT")
    assert contract["approvalRequired"] is False and contract["approvalStatus"] == "not_required"
    assert contract["owner"] == {"username": "rep"} and contract["currency"] == "CNY"

    signed = ok(sign(gql, "rep", contract["id"]))
    assert signed["status"] == "signed" and signed["signedDate"] == business_today().isoformat()
    assert ok(action(gql, "rep", "startContractExecution", contract["id"]))["status"] == "executing"
    assert ok(action(gql, "rep", "completeContract", contract["id"]))["status"] == "completed"

    assert [e.type for e in contract_events(gql, contract["id"])] == [
        "contract.created", "contract.signed", "contract.execution_started", "contract.completed"]
    assert approval_rows(gql, contract["id"]) == []


def test_above_the_threshold_it_needs_a_managers_approval_before_signing(gql):
    contract = new_contract(gql, "rep", amount="100000.01")
    assert contract["approvalRequired"] is True and contract["approvalStatus"] == "required"

    refused = sign(gql, "rep", contract["id"])
    assert refused["contract"] is None
    assert refused["errors"][0]["code"] == "APPROVAL_REQUIRED"
    assert "100,000" in refused["errors"][0]["message"]

    pending = ok(action(gql, "rep", "submitContractForApproval", contract["id"], comment="请审批 please approve"))
    assert pending["status"] == "pending_approval" and pending["approvalStatus"] == "pending"
    not_yet = sign(gql, "rep", contract["id"])
    assert not_yet["errors"][0]["code"] == "INVALID_TRANSITION"
    assert "pending_approval" in not_yet["errors"][0]["message"]

    approved = ok(action(gql, "manager", "approveContract", contract["id"], comment="同意 OK"))
    assert approved["status"] == "pending_approval" and approved["approvalStatus"] == "approved"
    signed = ok(sign(gql, "rep", contract["id"], business_today() - timedelta(days=1)))
    assert signed["status"] == "signed" and signed["approvalStatus"] == "approved"
    ok(action(gql, "rep", "startContractExecution", contract["id"]))
    assert ok(action(gql, "rep", "completeContract", contract["id"]))["status"] == "completed"

    rep, manager = int(user_id(gql, "rep")), int(user_id(gql, "manager"))
    assert approval_rows(gql, contract["id"]) == [("submitted", rep, "请审批 please approve"),
                                                  ("approved", manager, "同意 OK")]
    events = contract_events(gql, contract["id"])
    assert [e.type for e in events] == ["contract.created", "contract.submitted", "contract.approved",
                                        "contract.signed", "contract.execution_started", "contract.completed"]
    team = events[0].team_id
    assert team is not None
    assert all(e.owner_id == rep and e.team_id == team for e in events), "routed by the contract's owner and team"
    assert events[2].actor_id == manager and events[2].payload["comment"] == "同意 OK"


def test_rejection_sends_it_back_to_draft_and_it_can_be_resubmitted(gql):
    contract = new_contract(gql, "rep", amount="250000.00")
    ok(action(gql, "rep", "submitContractForApproval", contract["id"]))
    rejected = ok(action(gql, "manager", "rejectContract", contract["id"], comment="价格过低 price too low"))
    assert rejected["status"] == "draft" and rejected["approvalStatus"] == "rejected"
    assert sign(gql, "rep", contract["id"])["errors"][0]["code"] == "APPROVAL_REQUIRED"

    ok(action(gql, "rep", "submitContractForApproval", contract["id"]))
    ok(action(gql, "manager", "approveContract", contract["id"]))
    assert ok(sign(gql, "rep", contract["id"]))["status"] == "signed"
    assert [row[0] for row in approval_rows(gql, contract["id"])] == ["submitted", "rejected", "submitted", "approved"]
    types = [e.type for e in contract_events(gql, contract["id"])]
    assert types == ["contract.created", "contract.submitted", "contract.rejected", "contract.submitted",
                     "contract.approved", "contract.signed"]


def test_rejection_needs_a_reason(gql):
    contract = new_contract(gql, "rep", amount="250000.00")
    ok(action(gql, "rep", "submitContractForApproval", contract["id"]))
    assert codes(action(gql, "manager", "rejectContract", contract["id"], comment="  ")) == {
        ("comment", "REASON_REQUIRED")}


def test_termination_keeps_the_reason_and_is_recorded(gql):
    contract = new_contract(gql, "rep")
    ok(sign(gql, "rep", contract["id"]))
    ok(action(gql, "rep", "startContractExecution", contract["id"]))
    ended = ok(action(gql, "rep", "terminateContract", contract["id"], reason="客户破产 customer went bankrupt"))
    assert ended["status"] == "terminated" and ended["terminatedReason"] == "客户破产 customer went bankrupt"
    event = contract_events(gql, contract["id"])[-1]
    assert event.type == "contract.terminated" and event.payload["reason"] == "客户破产 customer went bankrupt"
    assert codes(action(gql, "rep", "terminateContract", new_contract(gql, "rep")["id"], reason=" ")) == {
        ("reason", "REASON_REQUIRED")}


def _draft(gql):
    return new_contract(gql, "rep", amount="300000.00")


def _pending(gql):
    contract = _draft(gql)
    ok(action(gql, "rep", "submitContractForApproval", contract["id"]))
    return contract


def _signed(gql):
    contract = new_contract(gql, "rep")
    ok(sign(gql, "rep", contract["id"]))
    return contract


def _executing(gql):
    contract = _signed(gql)
    ok(action(gql, "rep", "startContractExecution", contract["id"]))
    return contract


def _completed(gql):
    contract = _executing(gql)
    ok(action(gql, "rep", "completeContract", contract["id"]))
    return contract


def _terminated(gql):
    contract = _draft(gql)
    ok(action(gql, "rep", "terminateContract", contract["id"], reason="作废 void"))
    return contract


@pytest.mark.parametrize("state,user,mutation,args,status", [
    (_draft, "manager", "approveContract", {}, "draft"),
    (_draft, "manager", "rejectContract", {"comment": "no"}, "draft"),
    (_draft, "rep", "startContractExecution", {}, "draft"),
    (_draft, "rep", "completeContract", {}, "draft"),
    (_pending, "rep", "submitContractForApproval", {}, "pending_approval"),
    (_pending, "rep", "signContract", {}, "pending_approval"),
    (_pending, "rep", "completeContract", {}, "pending_approval"),
    (_signed, "rep", "signContract", {}, "signed"),
    (_signed, "rep", "submitContractForApproval", {}, "signed"),
    (_signed, "rep", "completeContract", {}, "signed"),
    (_signed, "manager", "approveContract", {}, "signed"),
    (_executing, "rep", "startContractExecution", {}, "executing"),
    (_executing, "rep", "signContract", {}, "executing"),
    (_completed, "rep", "terminateContract", {"reason": "too late"}, "completed"),
    (_completed, "rep", "startContractExecution", {}, "completed"),
    (_terminated, "rep", "signContract", {}, "terminated"),
    (_terminated, "rep", "startContractExecution", {}, "terminated"),
    (_terminated, "rep", "terminateContract", {"reason": "again"}, "terminated"),
    (_terminated, "rep", "submitContractForApproval", {}, "terminated"),
])
def test_invalid_transitions_name_the_current_status_and_change_nothing(gql, state, user, mutation, args, status):
    contract = state(gql)
    before = contract_events(gql, contract["id"])
    if mutation == "signContract":
        args = {"signedDate": business_today().isoformat()}
    result = action(gql, user, mutation, contract["id"], **args)
    assert result["contract"] is None
    assert [(e["code"], e["message"]) for e in result["errors"]] == [
        ("INVALID_TRANSITION", f"Not possible while the status is {status}")]
    assert gql.data("query($id: ID!){ contract(id: $id){ status } }", {"id": contract["id"]},
                    as_user="rep")["contract"]["status"] == status
    assert len(contract_events(gql, contract["id"])) == len(before)


def test_approving_twice_is_refused(gql):
    contract = _pending(gql)
    ok(action(gql, "manager", "approveContract", contract["id"]))
    assert codes(action(gql, "director", "approveContract", contract["id"])) == {(None, "ALREADY_APPROVED")}
    assert len(approval_rows(gql, contract["id"])) == 2


def test_signed_date_is_required_to_be_today_or_earlier(gql):
    contract = new_contract(gql, "rep")
    tomorrow = business_today() + timedelta(days=1)
    assert codes(sign(gql, "rep", contract["id"], tomorrow)) == {("signedDate", "DATE_IN_FUTURE")}
    assert gql.data("query($id: ID!){ contract(id: $id){ status signedDate } }", {"id": contract["id"]},
                    as_user="rep")["contract"] == {"status": "draft", "signedDate": None}


def test_messages_are_in_chinese_by_default(gql):
    from tests.api.sales.factories import CONTRACT
    contract = _draft(gql)
    document = ("mutation($id: ID!){ completeContract(id: $id){ contract { %s } errors { code message } } }"
                % CONTRACT)
    body = gql.post(document, {"id": contract["id"]}, as_user="rep")
    assert body["data"]["completeContract"]["errors"] == [
        {"code": "INVALID_TRANSITION", "message": "当前状态为 draft，不能执行此操作"}]
