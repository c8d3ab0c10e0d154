"""A sales rep sees and acts on the orders of their own customers only: by id, list, filter and subscription."""

from contextlib import contextmanager

from tests.api.orders.conftest import created
from tests.helpers import wait_until
from tests.subscriptions import TransportWs

LIST = """query($f: OrderFilterInput) {
  orders(first: 200, filter: $f) { totalCount edges { node { id number owner { username } } } } }"""
ONE = "query($id: ID!) { order(id: $id) { id number } }"
CONFIRM = "mutation($id: ID!) { confirmOrder(id: $id) { order { id } errors { field code } } }"
SALES_EVENTS = "subscription { salesEvents { type aggregateId payload } }"


def _owners(gql, user, filter=None):
    data = gql.data(LIST, {"f": filter}, as_user=user)["orders"]
    return data, {edge["node"]["owner"]["username"] for edge in data["edges"] if edge["node"]["owner"]}


def test_rep_lists_only_orders_of_own_customers(gql, stocked):
    created(gql, stocked, [{"productId": stocked.widget_id, "quantity": 1}], as_user="rep2",
            customer=stocked.rep2_customer_id)
    data, owners = _owners(gql, "rep")
    assert owners == {"rep"}
    assert data["totalCount"] == len(data["edges"]) > 0
    _, owners = _owners(gql, "manager")
    assert owners == {"rep", "rep2", "manager"}, "a manager sees the team and the nested team"
    _, owners = _owners(gql, "finance")
    assert owners == {"rep", "rep2", "manager"}


def test_rep_cannot_open_filter_or_act_on_another_reps_order(gql, stocked):
    theirs = created(gql, stocked, [{"productId": stocked.widget_id, "quantity": 1}], as_user="rep2",
                     customer=stocked.rep2_customer_id)
    body = gql.post(ONE, {"id": theirs["id"]}, as_user="rep")
    assert body["data"]["order"] is None and "errors" not in body, "not found, never forbidden"
    assert gql.data(ONE, {"id": theirs["id"]}, as_user="rep2")["order"]["number"] == theirs["number"]

    data, _ = _owners(gql, "rep", {"customerId": stocked.rep2_customer_id})
    assert data["edges"] == []
    data, _ = _owners(gql, "rep", {"search": theirs["number"]})
    assert data["edges"] == []
    data, _ = _owners(gql, "rep2", {"search": theirs["number"]})
    assert [e["node"]["id"] for e in data["edges"]] == [theirs["id"]]

    refused = gql.data(CONFIRM, {"id": theirs["id"]}, as_user="rep")["confirmOrder"]
    assert refused["errors"] == [{"field": "id", "code": "NOT_FOUND"}]


def test_filters(gql, stocked):
    order = created(gql, stocked, [{"productId": stocked.widget_id, "quantity": 1}])
    data, _ = _owners(gql, "rep", {"statuses": ["draft"], "warehouseId": stocked.warehouse_id})
    assert [e["node"]["id"] for e in data["edges"]] == [order["id"]]
    gql.data(CONFIRM, {"id": order["id"]}, as_user="rep")
    data, _ = _owners(gql, "rep", {"statuses": ["draft"], "warehouseId": stocked.warehouse_id})
    assert data["edges"] == []
    body = gql.post(LIST, {"f": {"statuses": ["lost"]}}, as_user="rep")
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CHOICE"


@contextmanager
def sales_events(client, gql, username, query=SALES_EVENTS):
    """A websocket subscribed to ``query``, yielded once the server is listening."""
    bus = client.app.state.bus
    baseline = bus.active_subscriptions
    with client.websocket_connect("/graphql", subprotocols=[TransportWs.protocol]) as ws:
        session = TransportWs(ws)
        assert session.init(gql.token(username))["type"] == "connection_ack"
        session.subscribe(query)
        wait_until(lambda: bus.active_subscriptions > baseline)
        yield session


def test_rep_receives_only_own_order_events(client, gql, stocked):
    theirs = created(gql, stocked, [{"productId": stocked.widget_id, "quantity": 1}], as_user="rep2",
                     customer=stocked.rep2_customer_id)
    mine = created(gql, stocked, [{"productId": stocked.widget_id, "quantity": 2}])
    with sales_events(client, gql, "rep") as session:
        assert gql.data(CONFIRM, {"id": theirs["id"]}, as_user="rep2")["confirmOrder"]["errors"] == []
        assert gql.data(CONFIRM, {"id": mine["id"]}, as_user="rep")["confirmOrder"]["errors"] == []
        event = session.next_payload()["data"]["salesEvents"]
        assert (event["type"], event["aggregateId"]) == ("order.confirmed", mine["id"])
        assert event["payload"]["number"] == mine["number"]
        assert event["payload"]["totalAmount"] == mine["totalAmount"]


def test_manager_receives_team_order_events(client, gql, stocked):
    theirs = created(gql, stocked, [{"productId": stocked.widget_id, "quantity": 1}], as_user="rep2",
                     customer=stocked.rep2_customer_id)
    with sales_events(client, gql, "manager") as session:
        gql.data(CONFIRM, {"id": theirs["id"]}, as_user="rep2")
        event = session.next_payload()["data"]["salesEvents"]
        assert (event["type"], event["aggregateId"]) == ("order.confirmed", theirs["id"])


def test_contract_events_pass_through_in_scope_and_other_events_do_not(client, gql):
    async def publish():
        from domain.events import DomainEvent, unit_of_work
        from domain.identity.models import User
        rep, rep2 = await User.get(username="rep"), await User.get(username="rep2")
        for type_, aggregate, owner, number in (("contract.signed", "Contract", rep2, "HT-THEIRS"),
                                                 ("customer.updated", "Customer", rep, "C-MINE"),
                                                 ("contract.signed", "Contract", rep, "HT-MINE")):
            async with unit_of_work() as work:
                work.record(DomainEvent(type=type_, aggregate_type=aggregate, aggregate_id="1",
                                        payload={"number": number}, owner_id=owner.id, team_id=owner.team_id))

    with sales_events(client, gql, "rep") as session:
        gql.run(publish)
        event = session.next_payload()["data"]["salesEvents"]
        assert (event["type"], event["payload"]["number"]) == ("contract.signed", "HT-MINE")
