"""Who approves, and who sees which contracts: reps their own, managers their teams (nested ones too)."""

import pytest

from tests.api.sales.factories import (
    LIST_CONTRACTS, ONE_CONTRACT, action, approval_rows, codes, contract_events, manager_of_another_team,
    new_contract, ok, post_action,
)


def _pending(gql, user, amount="180000.00"):
    contract = new_contract(gql, user, amount=amount)
    ok(action(gql, user, "submitContractForApproval", contract["id"]))
    return contract


def _listed(gql, user, **filter_):
    data = gql.data(LIST_CONTRACTS, {"first": 200, "filter": filter_ or None}, as_user=user)["contracts"]
    assert data["totalCount"] == len(data["edges"])
    return {e["node"]["id"]: e["node"]["owner"]["username"] for e in data["edges"]}


def test_the_owner_cannot_approve_their_own_contract(gql):
    contract = _pending(gql, "manager")
    refused = action(gql, "manager", "approveContract", contract["id"])
    assert refused["contract"] is None
    assert codes(refused) == {(None, "SELF_APPROVAL")}
    assert codes(action(gql, "manager", "rejectContract", contract["id"], comment="withdraw")) == {
        (None, "SELF_APPROVAL")}
    assert [row[0] for row in approval_rows(gql, contract["id"])] == ["submitted"]
    assert ok(action(gql, "director", "approveContract", contract["id"]))["approvalStatus"] == "approved"


def test_a_manager_of_another_team_cannot_approve_it_is_not_found(gql):
    outsider = manager_of_another_team(gql)
    contract = _pending(gql, "rep")
    refused = action(gql, outsider, "approveContract", contract["id"])
    assert codes(refused) == {("id", "NOT_FOUND")}
    assert gql.data(ONE_CONTRACT, {"id": contract["id"]}, as_user=outsider)["contract"] is None
    assert contract["id"] not in _listed(gql, outsider)
    assert [row[0] for row in approval_rows(gql, contract["id"])] == ["submitted"]
    assert [e.type for e in contract_events(gql, contract["id"])] == ["contract.created", "contract.submitted"]


def test_the_manager_approves_contracts_of_a_nested_team(gql):
    contract = _pending(gql, "rep2")  # rep2 is in South Squad, nested under the manager's East Sales
    assert ok(action(gql, "manager", "approveContract", contract["id"]))["approvalStatus"] == "approved"


@pytest.mark.parametrize("user", ["rep2", "finance", "auditor", "warehouse"])
def test_only_managers_may_approve(gql, user):
    contract = _pending(gql, "rep")
    body = post_action(gql, user, "approveContract", contract["id"])
    assert body["data"]["approveContract"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert [row[0] for row in approval_rows(gql, contract["id"])] == ["submitted"]


def test_a_rep_sees_only_their_own_contracts_by_id_and_in_lists(gql):
    mine = new_contract(gql, "rep")
    theirs = new_contract(gql, "rep2")
    assert gql.data(ONE_CONTRACT, {"id": mine["id"]}, as_user="rep")["contract"]["id"] == mine["id"]
    body = gql.post(ONE_CONTRACT, {"id": theirs["id"]}, as_user="rep")
    assert body["data"]["contract"] is None and "errors" not in body, "not found, never forbidden"
    assert set(_listed(gql, "rep").values()) == {"rep"}
    assert mine["id"] in _listed(gql, "rep") and theirs["id"] not in _listed(gql, "rep")
    assert codes(action(gql, "rep", "signContract", theirs["id"], signedDate="2026-01-05")) == {("id", "NOT_FOUND")}
    assert codes(action(gql, "rep", "terminateContract", theirs["id"], reason="x")) == {("id", "NOT_FOUND")}


def test_managers_see_their_teams_and_wide_roles_see_all(gql):
    ids = {user: new_contract(gql, user)["id"] for user in ("rep", "rep2", "manager")}
    outsider = manager_of_another_team(gql)
    west = new_contract(gql, outsider)["id"]
    assert set(_listed(gql, "manager")) == set(ids.values())
    assert set(_listed(gql, outsider)) == {west}
    for user in ("director", "finance", "auditor", "admin"):
        assert set(_listed(gql, user)) == set(ids.values()) | {west}


def test_list_filters(gql):
    draft = new_contract(gql, "rep", title="华南框架协议 South framework")
    signed = new_contract(gql, "rep")
    ok(action(gql, "rep", "signContract", signed["id"], signedDate="2026-01-05"))
    assert set(_listed(gql, "rep", statuses=["signed"])) == {signed["id"]}
    assert set(_listed(gql, "rep", search="South framework")) == {draft["id"]}
    assert set(_listed(gql, "rep", search=signed["number"])) == {signed["id"]}
    body = gql.post(LIST_CONTRACTS, {"first": 5, "filter": {"statuses": ["bogus"]}}, as_user="rep")
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CHOICE"


def test_roles_without_contract_access_are_refused(gql):
    body = gql.post(LIST_CONTRACTS, {"first": 5}, as_user="warehouse")
    assert body["data"]["contracts"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
