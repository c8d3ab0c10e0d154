"""auditEvents and verifyAuditChain: auditors and admins only; filters, pages, the first broken link."""

import pytest

from tests.api.audit.conftest import audit_records
from tests.domain.audit.factories import drop_append_only_triggers, run_sql

EVENTS = """query($f: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $f, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind action actorId actorName entityType entityIds outcome details
                          ip userAgent occurredAt hash prevHash changes { field before after } } } } }"""
VERIFY = """{ verifyAuditChain { ok checkedRecords headSeq lastCheckpointSeq anchored
  brokenLink { seq reason recordId checkpointSeq message } } }"""


def _create_teams(gql, count: int) -> None:
    for n in range(count):
        gql.data(f'mutation {{ createTeam(input: {{name: "团队 {n}"}}) {{ errors {{ code }} }} }}', as_user="admin")


@pytest.mark.parametrize("username", ["auditor", "admin"])
def test_auditors_and_admins_read_the_trail_newest_first(gql, username):
    _create_teams(gql, 3)
    data = gql.data(EVENTS, {"f": {"kind": "MUTATION", "action": "createTeam"}}, as_user=username)
    events = data["auditEvents"]
    assert events["totalCount"] == 3
    nodes = [edge["node"] for edge in events["edges"]]
    assert [int(n["id"]) for n in nodes] == sorted((int(n["id"]) for n in nodes), reverse=True)
    newest = nodes[0]
    assert (newest["kind"], newest["outcome"], newest["actorName"], newest["entityType"]) == (
        "MUTATION", "OK", "admin", "Team")
    assert newest["details"]["arguments"]["input"]["name"] == "团队 2"
    assert (newest["ip"], newest["userAgent"]) == ("testclient", "salesdesk-tests/1.0")
    assert newest["occurredAt"].endswith("+00:00") and len(newest["hash"]) == 64


def test_pages_continue_towards_older_records(gql):
    _create_teams(gql, 5)
    first = gql.data(EVENTS, {"f": {"action": "createTeam"}, "first": 2}, as_user="auditor")["auditEvents"]
    assert first["pageInfo"]["hasNextPage"] is True
    after = first["pageInfo"]["endCursor"]
    rest = gql.data(EVENTS, {"f": {"action": "createTeam"}, "first": 10, "after": after}, as_user="auditor")
    ids = [e["node"]["id"] for e in first["edges"] + rest["auditEvents"]["edges"]]
    assert len(ids) == 5 == len(set(ids)) and rest["auditEvents"]["pageInfo"]["hasNextPage"] is False


def test_filter_by_entity_and_actor(gql):
    _create_teams(gql, 2)
    team_record = audit_records(gql, action="createTeam")[0]
    entity = team_record.entity_id_list[0]
    data = gql.data(EVENTS, {"f": {"entityType": "Team", "entityId": entity}}, as_user="auditor")
    assert [e["node"]["entityIds"] for e in data["auditEvents"]["edges"]] == [[entity]]
    data = gql.data(EVENTS, {"f": {"actorId": str(team_record.actor_id), "kind": "MUTATION"}}, as_user="auditor")
    assert {e["node"]["actorName"] for e in data["auditEvents"]["edges"]} == {"admin"}


def test_a_sales_rep_is_forbidden(gql):
    for query in (EVENTS, VERIFY):
        body = gql.post(query, as_user="rep")
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert body["data"] is None or not any(body["data"].values())


def test_verify_reports_an_intact_chain(gql):
    _create_teams(gql, 2)
    report = gql.data(VERIFY, as_user="auditor")["verifyAuditChain"]
    assert report["ok"] is True and report["brokenLink"] is None and report["anchored"] is False
    assert report["checkedRecords"] == report["headSeq"] >= 2


def test_verify_names_the_first_broken_link(gql):
    _create_teams(gql, 3)
    target = audit_records(gql, action="createTeam")[1].id

    async def tamper():
        await drop_append_only_triggers()
        await run_sql(f"UPDATE audit_record SET actor_name = 'nobody' WHERE id = {target}")

    gql.run(tamper)
    body = gql.post(VERIFY, as_user="auditor", headers={"Accept-Language": "en"})
    report = body["data"]["verifyAuditChain"]
    assert report["ok"] is False
    link = report["brokenLink"]
    assert (link["seq"], link["reason"], link["recordId"]) == (target, "ALTERED", str(target))
    assert link["message"] == f"Audit record #{target} was altered"
