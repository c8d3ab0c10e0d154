"""Task reminders reach the assignee live (notifications subscription), once, and stay in their list."""

from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from tests.api.funnel.documents import CREATE_TASK, mutate
from tests.helpers import wait_until
from tests.subscriptions import LegacyWs, TransportWs

SUBSCRIPTION = "subscription { notifications { id kind message subjectType subjectId read params } }"
LIST = """query($unread: Boolean!){ notifications(first: 10, unreadOnly: $unread){ totalCount
  edges { node { id kind message read } } } }"""
READ = """mutation($id: ID!){ markNotificationRead(id: $id){
  notification { id read readAt } errors { field code } } }"""
DUE = datetime(2031, 6, 1, 2, 0, tzinfo=timezone.utc)  # 10:00 in Asia/Shanghai


@contextmanager
def listening(client, gql, username, transport=TransportWs):
    bus = client.app.state.bus
    baseline = bus.active_subscriptions
    with client.websocket_connect("/graphql", subprotocols=[transport.protocol],
                                  headers={"accept-language": "en"}) as ws:
        session = transport(ws)
        assert session.init(gql.token(username))["type"] == "connection_ack"
        session.subscribe(SUBSCRIPTION)
        wait_until(lambda: bus.active_subscriptions > baseline)
        yield session


def _task(gql, user, title, remind_minutes_before=30):
    made = mutate(gql, user, CREATE_TASK, "createTask", {"input": {
        "title": title, "dueAt": DUE.isoformat(),
        "remindAt": (DUE - timedelta(minutes=remind_minutes_before)).isoformat()}})
    assert made["errors"] == []
    return made["task"]["id"]


def _run_reminders(gql, now):
    from domain.sales.tasks import deliver_due_reminders

    return gql.run(lambda: deliver_due_reminders(now=now))


def test_the_assignee_receives_the_reminder_live_and_only_once(client, gql):
    theirs = _task(gql, "rep2", "别人的提醒 Someone else's", remind_minutes_before=60)
    mine = _task(gql, "rep", "给客户回电 Call the customer back")
    with listening(client, gql, "rep") as session:
        assert _run_reminders(gql, DUE - timedelta(minutes=30)) == 2
        assert _run_reminders(gql, DUE - timedelta(minutes=30)) == 0, "a second run sends nothing"
        event = session.next_payload()["data"]["notifications"]
    assert (event["kind"], event["subjectType"], event["subjectId"], event["read"]) == (
        "task.reminder", "Task", mine, False)
    assert event["message"] == "Reminder: 给客户回电 Call the customer back (due 2031-06-01 10:00)"
    assert event["params"]["title"] == "给客户回电 Call the customer back"

    listed = gql.data(LIST, {"unread": True}, as_user="rep")["notifications"]
    assert listed["totalCount"] == 1 and listed["edges"][0]["node"]["id"] == event["id"]
    assert listed["edges"][0]["node"]["message"] == "任务提醒：给客户回电 Call the customer back（2031-06-01 10:00 截止）"
    other = gql.data(LIST, {"unread": False}, as_user="rep2")["notifications"]["edges"]
    assert [n["node"]["kind"] for n in other] == ["task.reminder"] and theirs

    assert [e["code"] for e in mutate(gql, "rep2", READ, "markNotificationRead", {"id": event["id"]})["errors"]] == [
        "NOT_FOUND"]
    read = mutate(gql, "rep", READ, "markNotificationRead", {"id": event["id"]})
    assert read["errors"] == [] and read["notification"]["read"] is True
    assert gql.data(LIST, {"unread": True}, as_user="rep")["notifications"]["totalCount"] == 0


def test_the_legacy_protocol_and_other_users_stay_apart(client, gql):
    _task(gql, "rep", "rep 的提醒")
    _task(gql, "rep2", "rep2 的提醒", remind_minutes_before=10)
    with listening(client, gql, "rep2", transport=LegacyWs) as session:
        assert _run_reminders(gql, DUE) == 2
        event = session.next_payload()["data"]["notifications"]
    assert event["message"] == "Reminder: rep2 的提醒 (due 2031-06-01 10:00)", "rep's reminder went first, not here"
