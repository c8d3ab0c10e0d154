"""Tasks through the API: per-field errors, recurrence on completion, overdue flag, filters."""

from tests.api.funnel.documents import COMPLETE_TASK, CREATE_TASK, mutate, new_opportunity

TASKS = """query($filter: TaskFilterInput){ tasks(first: 50, filter: $filter){ totalCount
  edges { node { id title overdue status opportunity { id } } } } }"""


def test_reminder_after_due_is_refused_and_past_due_is_allowed(gql):
    refused = mutate(gql, "rep", CREATE_TASK, "createTask", {"input": {
        "title": "拜访客户", "kind": "visit", "dueAt": "2030-05-01T10:00:00+08:00",
        "remindAt": "2030-05-01T10:30:00+08:00"}})
    assert refused["task"] is None
    assert [(e["field"], e["code"], e["message"]) for e in refused["errors"]] == [
        ("remindAt", "REMINDER_AFTER_DUE", "The reminder cannot be later than the due time")]

    past = mutate(gql, "rep", CREATE_TASK, "createTask", {"input": {
        "title": "补记电话", "dueAt": "2020-01-01T09:00:00", "priority": "high"}})
    assert past["errors"] == []
    assert past["task"]["dueAt"].startswith("2020-01-01T01:00:00"), "no zone: read in Asia/Shanghai"
    assert (past["task"]["overdue"], past["task"]["kind"], past["task"]["assignee"]["username"]) == (
        True, "todo", "rep")
    overdue = gql.data(TASKS, {"filter": {"overdue": True}}, as_user="rep")["tasks"]
    assert [e["node"]["id"] for e in overdue["edges"]] == [past["task"]["id"]]


def test_completing_a_recurring_task_returns_its_successor(gql):
    made = mutate(gql, "rep", CREATE_TASK, "createTask", {"input": {
        "title": "每周例会 Weekly check-in", "dueAt": "2040-01-08T10:00:00+08:00",
        "remindAt": "2040-01-08T09:45:00+08:00", "recurrence": "weekly"}})["task"]
    done = mutate(gql, "rep", COMPLETE_TASK, "completeTask", {"id": made["id"]})
    assert done["errors"] == [] and done["task"]["status"] == "done"
    successor = done["nextTask"]
    assert successor["previousId"] == made["id"] and successor["recurrence"] == "weekly"
    assert successor["dueAt"].startswith("2040-01-15T02:00:00") and successor["remindAt"].startswith("2040-01-15T01:45")
    again = mutate(gql, "rep", COMPLETE_TASK, "completeTask", {"id": made["id"]})
    assert [e["code"] for e in again["errors"]] == ["INVALID_TRANSITION"] and again["nextTask"] is None
    open_tasks = gql.data(TASKS, {"filter": {"statuses": ["open"]}}, as_user="rep")["tasks"]["edges"]
    titles = [e["node"]["title"] for e in open_tasks]
    assert titles == ["每周例会 Weekly check-in"]


def test_tasks_link_to_visible_records(gql):
    opp = new_opportunity(gql, "rep")
    made = mutate(gql, "rep", CREATE_TASK, "createTask", {"input": {
        "title": "发方案 Send proposal", "kind": "email", "dueAt": "2040-02-01T10:00:00Z", "opportunityId": opp["id"]}})
    assert made["errors"] == [] and made["task"]["customerId"] == opp["customer"]["id"]
    linked = gql.data(TASKS, {"filter": {"opportunityId": opp["id"]}}, as_user="rep")["tasks"]["edges"]
    assert [e["node"]["opportunity"]["id"] for e in linked] == [opp["id"]]
    hidden = new_opportunity(gql, "rep2")
    refused = mutate(gql, "rep", CREATE_TASK, "createTask", {"input": {
        "title": "x", "dueAt": "2040-02-01T10:00:00Z", "opportunityId": hidden["id"], "orderId": "99999999"}})
    assert sorted((e["field"], e["code"]) for e in refused["errors"]) == [
        ("opportunityId", "UNKNOWN_OPPORTUNITY"), ("orderId", "UNKNOWN_ORDER")]
