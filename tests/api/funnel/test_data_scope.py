"""A rep never reaches another rep's opportunities, leads or tasks (by id, in lists, on the board).

Managers see their teams' (nested teams included).
"""

import pytest

from tests.api.funnel.documents import (
    BOARD, COMPLETE_TASK, CREATE_TASK, LIST, MOVE, ONE, default_pipeline, mutate, new_opportunity, stage_ids,
)

TASKS = "query{ tasks(first: 100){ totalCount edges { node { id assignee { username } } } } }"
LEADS = "query{ leads(first: 100){ totalCount edges { node { id owner { username } phone } } } }"
CREATE_LEAD = """mutation($input: LeadInput!){ createLead(input: $input){ lead { id phone } errors { field code } } }"""


@pytest.fixture
def deals(gql):
    return {"rep": new_opportunity(gql, "rep", title="rep deal", amount="100.00"),
            "rep2": new_opportunity(gql, "rep2", title="rep2 deal", amount="300.00")}


def _owners(gql, user):
    data = gql.data(LIST, {"first": 100}, as_user=user)["opportunities"]
    return data["totalCount"], {e["node"]["owner"]["username"] for e in data["edges"]}


def test_by_id_other_reps_opportunity_is_not_found_not_forbidden(gql, deals):
    body = gql.post(ONE, {"id": deals["rep2"]["id"]}, as_user="rep")
    assert body["data"]["opportunity"] is None and "errors" not in body
    assert gql.data(ONE, {"id": deals["rep2"]["id"]}, as_user="rep2")["opportunity"]["title"] == "rep2 deal"
    variables = {"id": deals["rep2"]["id"], "stage": stage_ids(gql)["Proposal"]}
    refused = mutate(gql, "rep", MOVE, "moveOpportunity", variables)
    assert [e["code"] for e in refused["errors"]] == ["NOT_FOUND"]


def test_lists_follow_the_data_scope(gql, deals):
    assert _owners(gql, "rep") == (1, {"rep"})
    assert _owners(gql, "rep2") == (1, {"rep2"})
    assert _owners(gql, "manager") == (2, {"rep", "rep2"}), "team and nested team"
    assert _owners(gql, "director")[0] == 2


def test_the_board_counts_only_visible_cards(gql, deals):
    pipeline = default_pipeline(gql)["id"]

    def lead_column(user):
        stages = gql.data(BOARD, {"p": pipeline, "first": 10}, as_user=user)["pipelineBoard"]["stages"]
        assert [s["stage"]["nameEn"] for s in stages][0] == "Lead"
        return stages[0]

    mine = lead_column("rep")
    assert (mine["count"], mine["totalAmount"], mine["weightedAmount"]) == (1, "100.00", "10.00")
    assert [e["node"]["title"] for e in mine["opportunities"]["edges"]] == ["rep deal"]
    assert mine["opportunities"]["totalCount"] == 1
    team = lead_column("manager")
    assert (team["count"], team["totalAmount"], team["weightedAmount"]) == (2, "400.00", "40.00")
    assert {e["node"]["owner"]["username"] for e in team["opportunities"]["edges"]} == {"rep", "rep2"}


def test_tasks_and_leads_follow_the_data_scope(gql):
    for user in ("rep", "rep2"):
        made = mutate(gql, user, CREATE_TASK, "createTask", {"input": {"title": f"{user} call",
                                                                      "dueAt": "2030-01-01T09:00:00+08:00"}})
        assert made["errors"] == []
        lead = mutate(gql, user, CREATE_LEAD, "createLead", {"input": {"name": f"{user} 的线索",
                                                                      "phone": "13800138000"}})
        assert lead["errors"] == [] and lead["lead"]["phone"] == "13800138000"
    rep_tasks = gql.data(TASKS, as_user="rep")["tasks"]
    assert {e["node"]["assignee"]["username"] for e in rep_tasks["edges"]} == {"rep"}
    assert gql.data(TASKS, as_user="manager")["tasks"]["totalCount"] == 2
    theirs = gql.data(TASKS, as_user="rep2")["tasks"]["edges"][0]["node"]["id"]
    assert [e["code"] for e in mutate(gql, "rep", COMPLETE_TASK, "completeTask", {"id": theirs})["errors"]] == [
        "NOT_FOUND"]

    assert {e["node"]["owner"]["username"] for e in gql.data(LEADS, as_user="rep")["leads"]["edges"]} == {"rep"}
    audited = gql.data(LEADS, as_user="auditor")["leads"]["edges"]
    assert len(audited) == 2 and all(e["node"]["phone"] == "138****8000" for e in audited), "masked for auditors"


def test_a_rep_cannot_assign_work_outside_their_scope(gql):
    rep2 = gql.data("{ me { id } }", as_user="rep2")["me"]["id"]
    refused = mutate(gql, "rep", CREATE_TASK, "createTask", {"input": {
        "title": "给别人的任务", "dueAt": "2030-01-01T09:00:00Z", "assigneeId": rep2}})
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("assigneeId", "UNKNOWN_ASSIGNEE")]
    made = mutate(gql, "manager", CREATE_TASK, "createTask", {"input": {
        "title": "经理派的任务", "dueAt": "2030-01-01T09:00:00Z", "assigneeId": rep2}})
    assert made["errors"] == [] and made["task"]["assignee"]["username"] == "rep2"


@pytest.mark.parametrize("user", ["warehouse", "partner"])
def test_roles_outside_sales_cannot_read_the_funnel(gql, user):
    body = gql.post("query{ opportunities(first: 1){ totalCount } tasks(first: 1){ totalCount } }", as_user=user)
    assert {e["extensions"]["code"] for e in body["errors"]} == {"FORBIDDEN"}
    assert body["data"] == {"opportunities": None, "tasks": None}
