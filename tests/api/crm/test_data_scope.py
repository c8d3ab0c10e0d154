"""A sales rep never reaches another rep's customer; managers see their teams, nested ones included."""

import pytest

LIST = "query($f:Int!,$s:String){ customers(first:$f, filter:{search:$s}) { totalCount edges { node { id name owner { username } } } } }"
ONE = "query($id:ID!){ customer(id:$id) { id name } }"


def _owners(gql, user, search=None):
    data = gql.data(LIST, {"f": 200, "s": search}, as_user=user)["customers"]
    return data, {e["node"]["owner"]["username"] for e in data["edges"]}


def test_rep_lists_only_own_customers(gql):
    data, owners = _owners(gql, "rep")
    assert owners == {"rep"}
    assert data["totalCount"] == len(data["edges"]) > 0


def test_rep_cannot_open_another_reps_customer_by_id(gql):
    theirs, _ = _owners(gql, "rep2")
    other_id = theirs["edges"][0]["node"]["id"]
    body = gql.post(ONE, {"id": other_id}, as_user="rep")
    assert body["data"]["customer"] is None
    assert "errors" not in body, "not found, never forbidden"
    assert gql.data(ONE, {"id": other_id}, as_user="rep2")["customer"]["id"] == other_id


def test_search_does_not_leak_other_customers(gql):
    theirs, _ = _owners(gql, "rep2")
    name = theirs["edges"][0]["node"]["name"]
    data, owners = _owners(gql, "rep", search=name)
    assert owners <= {"rep"}


def test_manager_sees_team_and_nested_team(gql):
    _, owners = _owners(gql, "manager")
    assert owners == {"rep", "rep2", "manager"}


@pytest.mark.parametrize("user", ["director", "admin", "auditor"])
def test_wide_roles_see_everyone(gql, user):
    data, owners = _owners(gql, user)
    assert owners == {"rep", "rep2", "manager"}
    assert data["totalCount"] == 30


def test_rep_receives_only_own_customer_events(client, gql):
    from tests.subscriptions import subscribed

    create = 'mutation($n:String!){ createCustomer(input:{name:$n}){ errors { code } } }'
    with subscribed(client, gql, "rep") as session:
        assert gql.data(create, {"n": "别人的客户 Someone Else's"}, as_user="rep2")["createCustomer"]["errors"] == []
        assert gql.data(create, {"n": "我的新客户 Mine"}, as_user="rep")["createCustomer"]["errors"] == []
        event = session.next_payload()["data"]["systemEvents"]
        assert event["type"] == "customer.created"
        assert event["payload"]["name"] == "我的新客户 Mine"
