"""Low stock through the running app: the worker raises one alert while open and it is pushed live."""

from tests.api.catalog.steps import adjust, new_product, new_warehouse, receive, thresholds
from tests.api.inventory.live import ALERTS, subscribed

ALERT_LIST = """query($f: AlertFilterInput){ alerts(filter:$f){ totalCount edges { node { id status kind message
  product { sku } } } } }"""


def _alerts(gql, product_id: str) -> list:
    async def rows():
        from domain.inventory.models import Alert
        return await Alert.filter(product_id=int(product_id)).order_by("id")
    return gql.run(rows)


def test_low_stock_alert_is_raised_once_and_pushed(client, gql):
    product, store = new_product(gql, sku="LOW-1"), new_warehouse(gql, code="ALRT")
    receive(gql, product["id"], store["id"], 20)
    thresholds(gql, product["id"], store["id"], safety=10)

    with subscribed(client, gql, "warehouse", ALERTS) as socket:
        assert adjust(gql, product["id"], store["id"], -12)["stockLevel"]["belowSafetyStock"] is True
        pushed = socket.next_payload()
        assert "errors" not in pushed, pushed
        alert = pushed["data"]["alerts"]
        assert (alert["kind"], alert["status"], alert["product"], alert["warehouse"]) == (
            "low_stock", "open", {"sku": "LOW-1"}, {"code": "ALRT"})
        assert "8" in alert["messageEn"] and "安全库存" in alert["message"]

        adjust(gql, product["id"], store["id"], -1)  # still low: the open alert covers it
        gql.run(client.app.state.worker.join, 60)  # every consumer has seen the second decrease
        assert len(_alerts(gql, product["id"])) == 1

        receive(gql, product["id"], store["id"], 5)  # 12 ≥ 10: resolved, and pushed as such
        resolved = socket.next_payload()["data"]["alerts"]
        assert (resolved["id"], resolved["status"]) == (alert["id"], "resolved")

    rows = _alerts(gql, product["id"])
    assert [(r.status, r.open_key) for r in rows] == [("resolved", None)]
    listed = gql.data(ALERT_LIST, {"f": {"status": "resolved"}}, as_user="manager")["alerts"]
    assert listed["edges"][0]["node"]["product"] == {"sku": "LOW-1"}


def test_alert_stream_is_for_warehouse_and_sales_managers_only(client, gql):
    body = gql.post(ALERT_LIST, {}, as_user="rep")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and body["data"]["alerts"] is None
    assert gql.data(ALERT_LIST, {}, as_user="director")["alerts"]["totalCount"] == 0
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"authorization": f"Bearer {gql.token('rep')}"}})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json({"type": "subscribe", "id": "1", "payload": {"query": ALERTS}})
        message = ws.receive_json()
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
