"""Several app processes and a worker process share one event stream over Redis."""

from __future__ import annotations

import json
import sys

import httpx
import pytest
from websockets.sync.client import connect

from tests.backend import REDIS_URL, RUN_ID
from tests.e2e.servers import active_subscriptions, app_server, login, process_env, running
from tests.helpers import wait_until

pytestmark = pytest.mark.redis

SUBSCRIPTION = "subscription { systemEvents { type payload } }"


def _subscribe(base: str, token: str):
    ws = connect(base.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"],
                 open_timeout=10)
    ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))
    assert json.loads(ws.recv(timeout=10))["type"] == "connection_ack"
    ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": {"query": SUBSCRIPTION}}))
    return ws


def _next_event(ws) -> dict:
    while True:
        message = json.loads(ws.recv(timeout=20))
        if message["type"] == "next":
            return message["payload"]["data"]["systemEvents"]


@pytest.fixture
def redis_env(database_url):
    return process_env(DATABASE_URL=database_url, REDIS_URL=REDIS_URL, SALESDESK_ENV="test",
                       BUS_NAMESPACE=f"salesdesk-e2e-{RUN_ID}", IN_PROCESS_WORKER="0")


def test_event_committed_on_b_reaches_subscriber_on_a(redis_env, tmp_path):
    with app_server(redis_env, tmp_path / "a.log") as a, app_server(redis_env, tmp_path / "b.log") as b:
        baseline = active_subscriptions(a)
        ws = _subscribe(a, login(a, "admin"))
        try:
            wait_until(lambda: active_subscriptions(a) > baseline)
            mutation = 'mutation { createTeam(input:{name:"跨进程 Cross Process"}) { team { id } errors { code } } }'
            body = httpx.post(f"{b}/graphql", json={"query": mutation},
                              headers={"Authorization": f"Bearer {login(b, 'admin')}"}, timeout=10).json()
            assert body["data"]["createTeam"]["errors"] == []
            event = _next_event(ws)
            assert event == {"type": "team.created", "payload": {"name": "跨进程 Cross Process"}}
        finally:
            ws.close()


def test_worker_process_sweeps_events_left_by_a_crash(redis_env, tmp_path, database_url):
    """An event whose relay never ran is published by `salesdesk worker` running the sweeper."""
    import asyncio

    from dramatiq import Message
    from dramatiq.brokers.redis import RedisBroker

    async def orphan_event():
        from domain.db import close_database, open_database
        from domain.events import DomainEvent, unit_of_work
        from domain.events.relay import relay

        async def crashed(event):
            raise ConnectionError("relay died before publishing")

        await open_database(database_url)
        relay.set_sinks([crashed])
        try:
            async with unit_of_work() as work:
                work.record(DomainEvent(type="team.created", aggregate_type="Team", aggregate_id="0",
                                        payload={"name": "orphan"}, team_id=1))
        finally:
            relay.set_sinks([])
            await close_database()

    worker_env = dict(redis_env, OUTBOX_SWEEP_GRACE_SECONDS="0")
    worker_args = [sys.executable, "-m", "cli", "worker", "--processes", "1", "--threads", "1"]
    with app_server(redis_env, tmp_path / "a.log") as a, \
            running(worker_args, worker_env, tmp_path / "worker.log"):
        baseline = active_subscriptions(a)
        ws = _subscribe(a, login(a, "admin"))
        try:
            wait_until(lambda: active_subscriptions(a) > baseline)
            asyncio.run(orphan_event())
            broker = RedisBroker(url=REDIS_URL, namespace=redis_env["BUS_NAMESPACE"])
            broker.enqueue(Message(queue_name="default", actor_name="sweep_outbox", args=(), kwargs={},
                                   options={}))
            assert _next_event(ws) == {"type": "team.created", "payload": {"name": "orphan"}}
        finally:
            ws.close()


def test_policy_change_on_b_applies_on_a_within_seconds(redis_env, tmp_path):
    with app_server(redis_env, tmp_path / "a.log") as a, app_server(redis_env, tmp_path / "b.log") as b:
        finance = login(a, "finance")

        def finance_reads_email() -> bool:
            body = httpx.post(f"{a}/graphql", json={"query": "{ me { email } }"},
                              headers={"Authorization": f"Bearer {finance}"}, timeout=10).json()
            return not body.get("errors")

        assert not finance_reads_email()
        mutation = 'mutation { setPolicy(input:{subject:"finance", object:"User.email", action:"read"}) { errors { code } } }'
        body = httpx.post(f"{b}/graphql", json={"query": mutation},
                          headers={"Authorization": f"Bearer {login(b, 'admin')}"}, timeout=10).json()
        assert body["data"]["setPolicy"]["errors"] == []
        wait_until(finance_reads_email, timeout=5)
