"""Websocket subscription clients for tests (graphql-transport-ws and legacy graphql-ws)."""

from __future__ import annotations

from contextlib import contextmanager

from tests.helpers import wait_until

SUBSCRIPTION = "subscription { systemEvents { id type aggregateType aggregateId payload occurredAt } }"


class TransportWs:
    """graphql-transport-ws client over Starlette's test websocket."""

    protocol = "graphql-transport-ws"

    def __init__(self, ws):
        self.ws = ws

    def init(self, token):
        self.ws.send_json({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
        return self.ws.receive_json()

    def subscribe(self, query):
        self.ws.send_json({"type": "subscribe", "id": "1", "payload": {"query": query}})

    def next_payload(self):
        message = self.ws.receive_json()
        assert message["type"] == "next", message
        return message["payload"]


class LegacyWs(TransportWs):
    """The older graphql-ws (subscriptions-transport-ws) protocol."""

    protocol = "graphql-ws"

    def subscribe(self, query):
        self.ws.send_json({"type": "start", "id": "1", "payload": {"query": query}})

    def next_payload(self):
        while True:
            message = self.ws.receive_json()
            if message["type"] != "ka":
                break
        assert message["type"] == "data", message
        return message["payload"]


@contextmanager
def subscribed(client, gql, username, transport=TransportWs):
    """A websocket session subscribed to systemEvents, yielded once the server is listening."""
    bus = client.app.state.bus
    baseline = bus.active_subscriptions
    with client.websocket_connect("/graphql", subprotocols=[transport.protocol]) as ws:
        session = transport(ws)
        assert session.init(gql.token(username))["type"] == "connection_ack"
        session.subscribe(SUBSCRIPTION)
        wait_until(lambda: bus.active_subscriptions > baseline)
        yield session
