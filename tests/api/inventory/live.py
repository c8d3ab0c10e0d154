"""Websocket subscriptions to the inventory streams, yielded once the server listens."""

from __future__ import annotations

from contextlib import contextmanager

from tests.helpers import wait_until
from tests.subscriptions import TransportWs

ALERTS = "subscription { alerts { id kind status severity message messageEn product { sku } warehouse { code } } }"
INVENTORY = """subscription($p: [ID!], $w: [ID!]){ inventoryEvents(productIds:$p, warehouseIds:$w){
  kind productId warehouseId onHand reserved available safetyStock belowSafetyStock product { sku } } }"""


class Subscriber(TransportWs):
    def subscribe_to(self, query: str, variables: dict | None = None) -> None:
        self.ws.send_json({"type": "subscribe", "id": "1", "payload": {"query": query, "variables": variables or {}}})


@contextmanager
def subscribed(client, gql, username: str, query: str, variables: dict | None = None):
    bus = client.app.state.bus
    baseline = bus.active_subscriptions
    with client.websocket_connect("/graphql", subprotocols=[Subscriber.protocol]) as ws:
        socket = Subscriber(ws)
        assert socket.init(gql.token(username))["type"] == "connection_ack"
        socket.subscribe_to(query, variables)
        wait_until(lambda: bus.active_subscriptions > baseline)
        yield socket
