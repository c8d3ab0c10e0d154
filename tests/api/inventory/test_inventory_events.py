"""inventoryEvents: live stock level changes, filtered by product and warehouse, and by permission."""

from tests.api.catalog.steps import new_product, new_warehouse, receive, thresholds
from tests.api.inventory.live import INVENTORY, subscribed


def test_level_changes_stream_for_the_chosen_product_and_warehouse(client, gql):
    watched, ignored = new_product(gql, sku="LIVE-1"), new_product(gql, sku="LIVE-2")
    store, elsewhere = new_warehouse(gql), new_warehouse(gql)
    variables = {"p": [watched["id"]], "w": [store["id"]]}
    with subscribed(client, gql, "rep", INVENTORY, variables) as socket:
        receive(gql, ignored["id"], store["id"], 5)  # another product
        receive(gql, watched["id"], elsewhere["id"], 6)  # another warehouse
        receive(gql, watched["id"], store["id"], 7)
        thresholds(gql, watched["id"], store["id"], safety=10)

        first = socket.next_payload()
        assert "errors" not in first, first
        assert first["data"]["inventoryEvents"] == {
            "kind": "receipt", "productId": watched["id"], "warehouseId": store["id"], "onHand": 7, "reserved": 0,
            "available": 7, "safetyStock": 0, "belowSafetyStock": False, "product": {"sku": "LIVE-1"}}
        second = socket.next_payload()["data"]["inventoryEvents"]
        assert (second["kind"], second["safetyStock"], second["belowSafetyStock"]) == ("thresholds", 10, True)


def test_roles_without_stock_access_cannot_subscribe(client, gql):
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"authorization": f"Bearer {gql.token('marketing')}"}})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json({"type": "subscribe", "id": "1", "payload": {"query": INVENTORY}})
        message = ws.receive_json()
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
