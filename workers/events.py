"""Event fan-out to consumers, and the outbox sweeper."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from uuid import UUID

import dramatiq
from periodiq import cron

from workers.broker import broker  # noqa: F401 - the broker must exist before actors
from domain.events.envelope import DomainEvent
from domain.events.models import OutboxEvent
from domain.events.relay import relay
from settings import get_settings

log = logging.getLogger("salesdesk.workers.events")
Consumer = Callable[[DomainEvent], Awaitable[None]]
# event type -> consumers (each idempotent through domain.events.consumers.handle_once)
CONSUMERS: dict[str, list[tuple[str, Consumer]]] = {}


def consumes(event_type: str, name: str):
    """Register an async consumer of ``event_type`` under a stable ``name``."""

    def register(fn: Consumer) -> Consumer:
        CONSUMERS.setdefault(event_type, []).append((name, fn))
        return fn

    return register


async def enqueue_consumers(event: DomainEvent) -> None:
    """Relay sink: one job per event that has consumers; the job carries only the id."""
    if event.type in CONSUMERS:
        dispatch_event.send(str(event.id))


@dramatiq.actor(max_retries=10, min_backoff=1000, max_backoff=300_000)
async def dispatch_event(event_id: str) -> None:
    row = await OutboxEvent.get_or_none(id=UUID(event_id))
    if row is None:
        log.warning("event %s not found; skipped", event_id)
        return
    event = row.to_event()
    for name, consumer in CONSUMERS.get(event.type, []):
        await consumer(event)


@dramatiq.actor(max_retries=0, periodic=cron("* * * * *"))
async def sweep_outbox() -> None:
    """Publish events a crash left behind (runs every minute from the scheduler)."""
    await relay.sweep(grace_seconds=get_settings().outbox_sweep_grace_seconds)
