"""systemEvents: a committed event reaches websocket subscribers over both protocols."""

import pytest

from domain.actor import SYSTEM
from domain.events import DomainEvent, unit_of_work
from domain.events.relay import relay
from domain.identity.models import User
from domain.identity.services import create_team
from tests.subscriptions import LegacyWs, TransportWs, subscribed


def _new_team(name: str):
    async def work():
        return await create_team(actor=SYSTEM, name=name)
    return work


def _rolled_back(name: str):
    async def work():
        try:
            async with unit_of_work() as uow:
                uow.record(DomainEvent(type="team.created", aggregate_type="Team", aggregate_id="0",
                                       payload={"name": name}, team_id=1))
                raise RuntimeError("rollback")
        except RuntimeError:
            return None
    return work


@pytest.mark.parametrize("transport", [TransportWs, LegacyWs])
def test_committed_event_reaches_subscriber(client, gql, transport):
    with subscribed(client, gql, "admin", transport) as session:
        gql.run(_rolled_back("never committed"))
        team = gql.run(_new_team("直播团队 Live Team"))

        event = session.next_payload()["data"]["systemEvents"]
        assert event["type"] == "team.created"
        assert event["payload"] == {"name": "直播团队 Live Team"}, "the rolled-back event must not arrive first"
        assert event["aggregateId"] == str(team.id)


def test_relay_interrupted_event_arrives_through_sweeper(client, gql):
    async def crash_relay():
        async def down(event):
            raise ConnectionError("relay process died")
        working = relay._sinks
        relay.set_sinks([down])
        try:
            await create_team(actor=SYSTEM, name="swept team")
        finally:
            relay.set_sinks(working)

    async def sweep():
        return await relay.sweep(grace_seconds=0)

    with subscribed(client, gql, "admin") as session:
        gql.run(crash_relay)
        assert gql.run(sweep) == 1
        event = session.next_payload()["data"]["systemEvents"]
        assert event["payload"] == {"name": "swept team"}


def test_subscriber_only_sees_events_in_scope(client, gql):
    """A sales rep does not receive an event about a record someone else owns."""
    async def publish_two():
        async with unit_of_work() as uow:
            uow.record(DomainEvent(type="note.added", aggregate_type="Note", aggregate_id="1",
                                   payload={"for": "someone else"}, owner_id=999_999))
        me = await User.get(username="rep")
        async with unit_of_work() as uow:
            uow.record(DomainEvent(type="note.added", aggregate_type="Note", aggregate_id="2",
                                   payload={"for": "rep"}, owner_id=me.id))

    with subscribed(client, gql, "rep") as session:
        gql.run(publish_two)
        event = session.next_payload()["data"]["systemEvents"]
        assert event["payload"] == {"for": "rep"}


def test_socket_without_token_is_rejected(client):
    from starlette.websockets import WebSocketDisconnect

    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4403


def test_socket_with_bad_token_is_rejected(client):
    from starlette.websockets import WebSocketDisconnect

    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"authorization": "Bearer forged"}})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4403
