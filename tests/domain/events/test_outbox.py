"""Events are written to the outbox with the change, published after commit, swept after a crash."""

import uuid

import pytest

from domain.actor import SYSTEM
from domain.events import DomainEvent, unit_of_work
from domain.events.consumers import handle_once
from domain.events.models import OutboxEvent, ProcessedEvent
from domain.events.relay import relay
from domain.identity.models import Team
from domain.identity.services import create_team


class Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.events: list[DomainEvent] = []
        self.fail = fail

    async def __call__(self, event: DomainEvent) -> None:
        if self.fail:
            raise ConnectionError("bus down")
        self.events.append(event)


def _event(name: str = "test.happened") -> DomainEvent:
    return DomainEvent(type=name, aggregate_type="Test", aggregate_id="1", payload={"k": "值"})


async def test_committed_event_is_stored_then_published(db):
    sink = Recorder()
    relay.set_sinks([sink])
    team = await create_team(actor=SYSTEM, name="新团队 New Team")
    assert [e.type for e in sink.events] == ["team.created"]
    row = await OutboxEvent.get(id=sink.events[0].id)
    assert row.aggregate_id == str(team.id)
    assert row.published_at is not None


async def test_rolled_back_transaction_stores_and_publishes_nothing(db):
    sink = Recorder()
    relay.set_sinks([sink])
    before = await OutboxEvent.all().count()
    with pytest.raises(RuntimeError):
        async with unit_of_work() as work:
            await Team.create(name="doomed team")
            work.record(_event("team.doomed"))
            raise RuntimeError("rule failed after the write")
    assert sink.events == []
    assert await OutboxEvent.all().count() == before
    assert not await Team.exists(name="doomed team")


async def test_nested_units_share_one_transaction(db):
    sink = Recorder()
    relay.set_sinks([sink])
    with pytest.raises(RuntimeError):
        async with unit_of_work():
            await create_team(actor=SYSTEM, name="inner team")
            assert sink.events == [], "inner unit must not publish before the outer commit"
            raise RuntimeError("outer fails")
    assert not await Team.exists(name="inner team")
    assert sink.events == []


async def test_failed_relay_leaves_event_for_the_sweeper(db):
    relay.set_sinks([Recorder(fail=True)])
    async with unit_of_work() as work:
        work.record(_event())
    row = await OutboxEvent.get(type="test.happened")
    assert row.published_at is None
    assert row.publish_attempts == 1

    sink = Recorder()
    relay.set_sinks([sink])
    assert await relay.sweep(grace_seconds=0) == 1
    assert [e.id for e in sink.events] == [row.id]
    await row.refresh_from_db()
    assert row.published_at is not None
    assert await relay.sweep(grace_seconds=0) == 0, "a published event is not swept again"


async def test_sweeper_waits_for_the_grace_period(db):
    relay.set_sinks([Recorder(fail=True)])
    async with unit_of_work() as work:
        work.record(_event())
    relay.set_sinks([Recorder()])
    assert await relay.sweep(grace_seconds=3600) == 0


async def test_event_round_trips_through_json():
    event = _event()
    again = DomainEvent.from_json(event.to_json())
    assert again == event


async def test_consumer_effects_apply_once_per_event(db):
    event_id = uuid.uuid4()
    applied = []
    for _ in range(3):
        async with handle_once(consumer="counter", event_id=event_id) as work:
            if work is not None:
                applied.append(1)
    assert applied == [1]
    assert await ProcessedEvent.filter(consumer="counter", event_id=event_id).count() == 1


async def test_failed_consumer_does_not_mark_event_processed(db):
    event_id = uuid.uuid4()
    with pytest.raises(ValueError):
        async with handle_once(consumer="flaky", event_id=event_id) as work:
            assert work is not None
            raise ValueError("boom")
    async with handle_once(consumer="flaky", event_id=event_id) as work:
        assert work is not None, "a retry after failure must run again"
