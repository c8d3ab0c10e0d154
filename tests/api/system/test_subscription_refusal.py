"""A subscription the viewer may not open is refused at once, on both websocket protocols, instead of
staying open and answering every event with null."""

import pytest

from tests.subscriptions import LegacyWs, TransportWs

DENIED = [
    ("finance", 'subscription { importProgress(jobId: "1") { id status } }'),
    ("marketing", "subscription { salesEvents { id type } }"),
    ("marketing", "subscription { inventoryEvents { productId } }"),
    ("rep", "subscription { alerts { id } }"),
]


def _first_errors(transport, message) -> list:
    if message["type"] == "error":
        payload = message["payload"]
        return payload if isinstance(payload, list) else payload.get("errors", [payload])
    assert message["type"] in ("next", "data"), message
    return message["payload"]["errors"]


@pytest.mark.parametrize("transport", [TransportWs, LegacyWs])
@pytest.mark.parametrize("user, document", DENIED)
def test_denied_streams_are_refused_immediately(client, gql, transport, user, document):
    with client.websocket_connect("/graphql", subprotocols=[transport.protocol]) as ws:
        session = transport(ws)
        assert session.init(gql.token(user))["type"] == "connection_ack"
        session.subscribe(document)
        message = ws.receive_json()
        while message["type"] == "ka":
            message = ws.receive_json()
        errors = _first_errors(transport, message)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert errors[0]["extensions"]["field"].startswith("Subscription.")
