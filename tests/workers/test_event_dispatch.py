"""Committed events reach their Dramatiq consumers, once per event even when delivered twice."""

from domain.actor import SYSTEM
from domain.events.consumers import handle_once
from domain.identity.models import Team
from domain.identity.services import create_team
from tests.helpers import wait_until
from workers import events as worker_events


def test_consumer_runs_once_per_event_even_if_dispatched_twice(client, gql):
    seen: list[str] = []

    @worker_events.consumes("team.created", "test.rename-team")
    async def rename(event):
        async with handle_once(consumer="test.rename-team", event_id=event.id) as work:
            if work is None:
                return
            seen.append(str(event.id))
            await Team.filter(id=int(event.aggregate_id)).update(name=event.payload["name"] + " ✓")

    try:
        async def make_team():
            return await create_team(actor=SYSTEM, name="worker team")

        team = gql.run(make_team)
        wait_until(lambda: len(seen) == 1)
        event_id = seen[0]
        worker_events.dispatch_event.send(event_id)  # a duplicate delivery
        worker_events.dispatch_event.send(event_id)
        gql.run(client.app.state.worker.join)

        async def name():
            return (await Team.get(id=team.id)).name

        assert gql.run(name) == "worker team ✓"
        assert seen == [event_id]
    finally:
        worker_events.CONSUMERS["team.created"] = [
            c for c in worker_events.CONSUMERS.get("team.created", []) if c[0] != "test.rename-team"
        ]


def test_failing_consumer_is_retried(client, gql):
    attempts: list[int] = []

    @worker_events.consumes("team.created", "test.flaky")
    async def flaky(event):
        attempts.append(1)
        if len(attempts) < 2:
            raise ConnectionError("mail server busy")

    try:
        async def make_team():
            return await create_team(actor=SYSTEM, name="retry team")

        gql.run(make_team)
        wait_until(lambda: len(attempts) >= 2, timeout=20)
    finally:
        worker_events.CONSUMERS["team.created"] = [
            c for c in worker_events.CONSUMERS.get("team.created", []) if c[0] != "test.flaky"
        ]
