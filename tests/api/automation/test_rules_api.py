"""Automation rules over GraphQL: admins configure, directors and auditors read, reps may not; bad rules
come back as payload errors in the viewer's language; the run log shows what the worker did."""

import pytest

from tests.helpers import wait_until

RULE_FIELDS = "id key name enabled triggerKind eventType subjectType conditions actions"
CREATE = f"""mutation($input: AutomationRuleInput!) {{
  createAutomationRule(input: $input) {{ rule {{ {RULE_FIELDS} }} errors {{ field code message }} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: AutomationRuleInput!) {{
  updateAutomationRule(id: $id, input: $input) {{ rule {{ {RULE_FIELDS} }} errors {{ field code message }} }} }}"""
DELETE = "mutation($id: ID!) { deleteAutomationRule(id: $id) { deletedId errors { code message } } }"
RULES = f"query($f: AutomationRuleFilterInput) {{ automationRules(filter: $f) {{ edges {{ node {{ {RULE_FIELDS} }} }} }} }}"
RUNS = """query($f: AutomationRunFilterInput) { automationRuns(filter: $f) { edges { node {
  id status attempts subjectType subjectId eventType depth outcome errorCode errorMessage rule { name key } } } } }"""
WON_TASK = {"name": "赢单后安排交付 Delivery after a win", "triggerKind": "event", "eventType": "opportunity.won",
            "conditions": {"all": [{"field": "amount", "op": "gte", "value": "500"}]},
            "actions": [{"type": "create_task", "title": "安排交付：{{ title }}", "dueInHours": 48}]}


def test_admin_creates_updates_and_deletes_a_rule(gql):
    created = gql.data(CREATE, {"input": WON_TASK}, as_user="admin")["createAutomationRule"]
    assert created["errors"] == []
    rule = created["rule"]
    assert (rule["subjectType"], rule["enabled"], rule["key"]) == ("Opportunity", True, None)
    assert rule["actions"][0]["dueInHours"] == 48 and rule["actions"][0]["assignTo"] == ["owner"]
    off = gql.data(UPDATE, {"id": rule["id"], "input": {"enabled": False}}, as_user="admin")["updateAutomationRule"]
    assert off["rule"]["enabled"] is False and off["rule"]["eventType"] == "opportunity.won"
    listed = gql.data(RULES, {"f": {"enabled": False}}, as_user="admin")["automationRules"]["edges"]
    assert [n["node"]["id"] for n in listed] == [rule["id"]]
    gone = gql.data(DELETE, {"id": rule["id"]}, as_user="admin")["deleteAutomationRule"]
    assert gone == {"deletedId": rule["id"], "errors": []}


def test_default_rules_are_listed_and_kept(gql):
    edges = gql.data(RULES, as_user="admin")["automationRules"]["edges"]
    defaults = {e["node"]["key"]: e["node"]["id"] for e in edges if e["node"]["key"]}
    assert set(defaults) == {"decision-follow-up", "birthday-greeting", "lead-round-robin", "stale-opportunity",
                             "weekly-pipeline-summary"}
    refused = gql.data(DELETE, {"id": defaults["birthday-greeting"]}, as_user="admin")["deleteAutomationRule"]
    assert refused["deletedId"] is None and [e["code"] for e in refused["errors"]] == ["DEFAULT_RULE_KEPT"]


@pytest.mark.parametrize("change, code, field", [
    ({"actions": [{"type": "create_task", "title": "{{ title"}]}, "INVALID_TEMPLATE", "actions.0.title"),
    ({"conditions": {"all": [{"field": "favouriteColour", "op": "eq", "value": "red"}]}}, "UNKNOWN_FIELD",
     "conditions.all.0.field"),
    ({"eventType": "task.created", "conditions": None}, "CYCLIC_RULE", "actions"),
])
def test_bad_rules_come_back_as_errors_in_the_viewers_language(gql, change, code, field):
    body = {**WON_TASK, **change}
    zh = gql.data(CREATE, {"input": body}, as_user="admin")["createAutomationRule"]
    assert zh["rule"] is None and [(e["code"], e["field"]) for e in zh["errors"]] == [(code, field)]
    response = gql.client.post("/graphql", json={"query": CREATE, "variables": {"input": body}},
                               headers={"Authorization": f"Bearer {gql.token('admin')}", "Accept-Language": "en"})
    [english] = response.json()["data"]["createAutomationRule"]["errors"]
    assert english["message"] != zh["errors"][0]["message"] and english["message"].isascii()


def test_only_admins_change_rules_and_reps_cannot_read_them(gql):
    for user in ("rep", "manager", "director"):
        body = gql.post(CREATE, {"input": WON_TASK}, as_user=user)
        assert body["data"]["createAutomationRule"] is None
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    denied = gql.post(RULES, as_user="rep")
    assert denied["data"]["automationRules"] is None and denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert gql.data(RULES, as_user="director")["automationRules"]["edges"]
    assert gql.data(RUNS, as_user="auditor")["automationRuns"] == {"edges": []}


MOVE = "mutation($id: ID!, $stage: ID!) { moveOpportunity(id: $id, stageId: $stage) { errors { code } } }"
NEW_OPP = """mutation($c: ID!) { createOpportunity(input: {customerId: $c, title: "华东集采 East bulk buy",
  amount: "80000.00"}) { opportunity { id } errors { code } } }"""
STAGES = "{ pipelines { isDefault stages { id nameEn } } }"
MY_CUSTOMERS = "{ customers(first: 1) { edges { node { id } } } }"
TASKS = "query($o: ID!) { tasks(filter: {opportunityId: $o}) { edges { node { title priority assignee { username } } } } }"


def test_moving_a_deal_to_decision_gives_the_rep_a_follow_up_task_through_the_worker(gql):
    customer = gql.data(MY_CUSTOMERS, as_user="rep")["customers"]["edges"][0]["node"]["id"]
    opp = gql.data(NEW_OPP, {"c": customer}, as_user="rep")["createOpportunity"]["opportunity"]["id"]
    pipeline = next(p for p in gql.data(STAGES, as_user="rep")["pipelines"] if p["isDefault"])
    decision = next(s["id"] for s in pipeline["stages"] if s["nameEn"] == "Negotiation/Decision")
    assert gql.data(MOVE, {"id": opp, "stage": decision}, as_user="rep")["moveOpportunity"]["errors"] == []

    def follow_up():
        return gql.data(TASKS, {"o": opp}, as_user="rep")["tasks"]["edges"]
    wait_until(follow_up, timeout=20)
    [task] = follow_up()
    assert task["node"]["title"].endswith("华东集采 East bulk buy") and task["node"]["priority"] == "high"
    assert task["node"]["assignee"]["username"] == "rep"
    runs = gql.data(RUNS, {"f": {"subjectType": "Opportunity", "subjectId": opp, "statuses": ["succeeded"]}},
                    as_user="admin")["automationRuns"]["edges"]
    [run] = [r["node"] for r in runs if r["node"]["rule"]["key"] == "decision-follow-up"]
    assert (run["eventType"], run["attempts"], run["depth"]) == ("opportunity.stage_entered", 1, 0)
    assert run["outcome"][0]["result"].startswith("task ")


LEAD = """mutation { createLead(input: {name: "展会名片 Trade fair card", source: "trade_fair", autoAssign: true}) {
  lead { id owner { username } } errors { code } } }"""
LEAD_OWNER = "query($id: ID!) { lead(id: $id) { owner { username } } }"


def test_a_lead_left_for_automatic_assignment_is_given_to_a_rep(gql):
    created = gql.data(LEAD, as_user="marketing")["createLead"]
    assert created["errors"] == [] and created["lead"]["owner"] is None
    lead_id = created["lead"]["id"]

    def owner():
        found = gql.data(LEAD_OWNER, {"id": lead_id}, as_user="admin")["lead"]["owner"]
        return found and found["username"]
    wait_until(owner, timeout=20)
    assert owner() in ("rep", "rep2")
