"""Administration: users, teams and the authorization policy, through GraphQL."""

CREATE_USER = """mutation($input: CreateUserInput!){ createUser(input:$input){
  user { id username roles team { name } } errors { field code message } } }"""
CREATE_TEAM = """mutation($input: CreateTeamInput!){ createTeam(input:$input){
  team { id name parent { name } manager { username } } errors { field code } } }"""
SET_POLICY = """mutation($input: PolicyRuleInput!){ setPolicy(input:$input){
  rule { ptype subject object action } errors { field code message } } }"""
REMOVE_POLICY = "mutation($input: PolicyRuleInput!){ removePolicy(input:$input){ removed errors { code } } }"


def test_admin_builds_nested_teams_and_users(gql):
    parent = gql.data(CREATE_TEAM, {"input": {"name": "华北大区 North"}}, as_user="admin")["createTeam"]
    child = gql.data(CREATE_TEAM, {"input": {"name": "北京组 Beijing", "parentId": parent["team"]["id"]}},
                     as_user="admin")["createTeam"]
    assert child["team"]["parent"] == {"name": "华北大区 North"}
    created = gql.data(CREATE_USER, {"input": {
        "username": "li.lei", "password": "Sales-Rep-2026", "displayName": "李雷",
        "roles": ["sales_rep"], "teamId": child["team"]["id"], "email": "li.lei@example.cn"}},
        as_user="admin")["createUser"]
    assert created["errors"] == []
    assert created["user"]["team"] == {"name": "北京组 Beijing"}
    assert gql.token("li.lei", "Sales-Rep-2026")


def test_create_user_reports_every_bad_field(gql):
    result = gql.post(CREATE_USER, {"input": {"username": "x", "password": "Sales-Rep-2026", "displayName": "",
                                              "roles": ["emperor"], "email": "not-mail"}},
                      as_user="admin", headers={"accept-language": "en"})
    errors = {(e["field"], e["code"]) for e in result["data"]["createUser"]["errors"]}
    assert errors == {("username", "INVALID_INPUT"), ("displayName", "REQUIRED"), ("roles", "UNKNOWN_ROLE"),
                      ("email", "INVALID_EMAIL")}


def test_weak_and_demo_passwords_are_refused(gql):
    for password in ("short", "Demo-2026!"):
        result = gql.data(CREATE_USER, {"input": {"username": "weak.user", "password": password,
                                                  "displayName": "Weak", "roles": ["sales_rep"]}}, as_user="admin")
        assert result["createUser"]["errors"][0]["code"] == "WEAK_PASSWORD"


def test_duplicate_username_is_refused(gql):
    result = gql.data(CREATE_USER, {"input": {"username": "rep", "password": "Sales-Rep-2026",
                                              "displayName": "Copy", "roles": ["sales_rep"]}}, as_user="admin")
    assert result["createUser"]["errors"] == [{"field": "username", "code": "DUPLICATE",
                                               "message": "记录已存在"}]


def test_non_admin_cannot_create_users(gql):
    body = gql.post(CREATE_USER, {"input": {"username": "sneaky", "password": "Sales-Rep-2026",
                                            "displayName": "S", "roles": ["admin"]}}, as_user="manager")
    assert body["data"]["createUser"] is None
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN", "field": "Mutation.createUser"}
    assert body["errors"][0]["path"] == ["createUser"]


def test_users_filter_by_role_and_search(gql):
    data = gql.data('{ users(filter:{role:"sales_rep"}) { totalCount edges { node { username } } } }',
                    as_user="admin")["users"]
    assert sorted(e["node"]["username"] for e in data["edges"]) == ["rep", "rep2"]
    assert data["totalCount"] == 2
    found = gql.data('{ users(filter:{search:"财务"}) { edges { node { username } } } }', as_user="admin")
    assert [e["node"]["username"] for e in found["users"]["edges"]] == ["finance"]


def test_reset_password_and_update_roles(gql):
    rep_id = gql.data('{ users(filter:{search:"rep2"}) { edges { node { id } } } }',
                      as_user="admin")["users"]["edges"][0]["node"]["id"]
    reset = gql.data('mutation($id:ID!){ resetPassword(id:$id, newPassword:"Brand-New-Secret-1"){ errors { code } } }',
                     {"id": rep_id}, as_user="admin")
    assert reset["resetPassword"]["errors"] == []
    assert gql.token("rep2", "Brand-New-Secret-1")
    updated = gql.data('mutation($id:ID!){ updateUser(id:$id, input:{roles:["sales_manager"], locale:"en"}){ '
                       'user { roles } errors { code } } }', {"id": rep_id}, as_user="admin")
    assert updated["updateUser"] == {"user": {"roles": ["sales_manager"]}, "errors": []}


def test_policy_change_applies_at_run_time(gql):
    me_email = "{ me { email } }"
    denied = gql.post(me_email, as_user="finance")
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    added = gql.data(SET_POLICY, {"input": {"subject": "finance", "object": "User.email", "action": "read"}},
                     as_user="admin")["setPolicy"]
    assert added == {"rule": {"ptype": "p", "subject": "finance", "object": "User.email", "action": "read"},
                     "errors": []}
    from tests.helpers import wait_until

    wait_until(lambda: not gql.post(me_email, as_user="finance").get("errors"), timeout=5)

    removed = gql.data(REMOVE_POLICY, {"input": {"subject": "finance", "object": "User.email", "action": "read"}},
                       as_user="admin")["removePolicy"]
    assert removed == {"removed": True, "errors": []}
    wait_until(lambda: gql.post(me_email, as_user="finance").get("errors"), timeout=5)


def test_malformed_policy_is_rejected_clearly(gql):
    for rule in ({"subject": "finance", "object": "no-dot", "action": "read"},
                 {"subject": "finance", "object": "User.email", "action": "delete"},
                 {"ptype": "x", "subject": "finance", "object": "User.email", "action": "read"},
                 {"subject": "finance", "object": "User.*x", "action": "read"}):
        result = gql.post(SET_POLICY, {"input": rule}, as_user="admin", headers={"accept-language": "en"})
        errors = result["data"]["setPolicy"]["errors"]
        assert errors[0]["code"] == "INVALID_POLICY", rule
        assert errors[0]["message"].startswith("Invalid policy rule")


def test_policies_are_listed_for_admins_only(gql):
    listed = gql.data("{ policies(first: 1000) { edges { node { subject object action } } } }", as_user="admin")
    rules = {(e["node"]["subject"], e["node"]["object"], e["node"]["action"]) for e in listed["policies"]["edges"]}
    assert ("admin", "*", "*") in rules
    denied = gql.post("{ policies { edges { node { id } } } }", as_user="manager")
    assert denied["data"]["policies"] is None
