"""Mutations through GraphQL leave a record: actor, address, user agent, outcome, masked arguments."""

from domain.audit.masking import REDACTED
from tests.api.audit.conftest import audit_records

CREATE_TEAM = "mutation NewTeam($n:String!){ createTeam(input:{name:$n}){ team{ id } errors{ code } } }"
CREATE_USER = """mutation($p:String!){ createUser(input:{username:"zhao.lei", password:$p, displayName:"赵磊",
  email:"zhao.lei@example.cn", roles:["sales_rep"]}){ user{ id } errors{ code } } }"""


def test_a_mutation_is_recorded_with_actor_address_and_user_agent(gql):
    body = gql.post(CREATE_TEAM, {"n": "西南大区 Southwest"}, as_user="admin",
                    headers={"User-Agent": "SalesdeskWeb/2.1 (iPad)", "X-Request-ID": "req-team-1"})
    team_id = body["data"]["createTeam"]["team"]["id"]
    (record,) = audit_records(gql, action="createTeam")
    assert (record.kind, record.outcome, record.actor_name) == ("mutation", "ok", "admin")
    assert record.actor_id is not None
    assert (record.ip, record.user_agent, record.request_id) == ("testclient", "SalesdeskWeb/2.1 (iPad)", "req-team-1")
    assert (record.entity_type, record.entity_id_list) == ("Team", [team_id])
    assert record.details_data == {"operation": "NewTeam", "arguments": {"input": {
        "name": "西南大区 Southwest", "managerId": None, "parentId": None}}, "errors": []}


def test_secrets_and_personal_data_in_arguments_are_masked(gql):
    body = gql.post(CREATE_USER, {"p": "Very-Secret-2026"}, as_user="admin")
    assert body["data"]["createUser"]["errors"] == []
    (record,) = audit_records(gql, action="createUser")
    arguments = record.details_data["arguments"]["input"]
    assert arguments["password"] == REDACTED and arguments["email"] == "z***@example.cn"
    assert "Very-Secret-2026" not in record.details and "zhao.lei@example.cn" not in record.details


def test_a_refused_mutation_is_recorded_with_its_error_codes(gql):
    gql.post(CREATE_TEAM, {"n": "重复 Duplicate"}, as_user="admin")
    body = gql.post(CREATE_TEAM, {"n": "重复 Duplicate"}, as_user="admin")
    assert body["data"]["createTeam"]["errors"] == [{"code": "DUPLICATE"}]
    body = gql.post(CREATE_TEAM, {"n": "越权 Not allowed"}, as_user="rep")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    first, duplicate, denied = audit_records(gql, action="createTeam")
    assert first.outcome == "ok"
    assert (duplicate.outcome, duplicate.details_data["errors"], duplicate.entity_ids) == ("error", ["DUPLICATE"], "[]")
    assert (denied.outcome, denied.details_data["errors"], denied.actor_name) == ("error", ["FORBIDDEN"], "rep")


def test_sign_in_is_recorded_without_the_password(gql):
    gql.token("finance")
    body = gql.post("mutation{ login(input:{username:\"finance\", password:\"wrong-password\"}){ errors{ code } } }",
                    headers={"User-Agent": "curl/8.5"})
    assert body["data"]["login"]["errors"] == [{"code": "INVALID_CREDENTIALS"}]
    ok, failed = audit_records(gql, action="login")
    assert (ok.outcome, ok.entity_type, ok.actor_name) == ("ok", "User", "anonymous")
    assert (failed.outcome, failed.ip, failed.user_agent) == ("error", "testclient", "curl/8.5")
    assert failed.details_data["arguments"]["input"] == {"username": "finance", "password": REDACTED}
