"""Publishes committed outbox events to the sinks (bus, job queue); the sweeper retries."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from tortoise.expressions import F

from domain.events.envelope import DomainEvent, utcnow

log = logging.getLogger("salesdesk.events")
Sink = Callable[[DomainEvent], Awaitable[None]]


class EventRelay:
    """At-least-once delivery: publish to every sink, then mark the row published."""

    def __init__(self) -> None:
        self._sinks: list[Sink] = []

    def set_sinks(self, sinks: Sequence[Sink]) -> None:
        self._sinks = list(sinks)

    async def publish(self, events: Sequence[DomainEvent]) -> int:
        """Publish ``events``; returns how many reached every sink and were marked."""
        from domain.events.models import OutboxEvent

        if not self._sinks:
            return 0  # no relay in this process (CLI, scripts): the sweeper publishes them later
        delivered = []
        for event in events:
            try:
                for sink in self._sinks:
                    await sink(event)
            except Exception:
                log.exception("event relay failed; the sweeper will retry", extra={"event_id": str(event.id)})
                await OutboxEvent.filter(id=event.id).update(publish_attempts=F("publish_attempts") + 1)
                continue
            delivered.append(event.id)
        if delivered:
            await OutboxEvent.filter(id__in=delivered, published_at=None).update(published_at=utcnow())
        return len(delivered)

    async def sweep(self, *, grace_seconds: float, batch: int = 500) -> int:
        """Re-publish events left unpublished for longer than ``grace_seconds`` (crash recovery)."""
        from domain.events.models import OutboxEvent

        cutoff = utcnow() - timedelta(seconds=grace_seconds)
        rows = (
            await OutboxEvent.filter(published_at=None, occurred_at__lte=cutoff)
            .order_by("occurred_at")
            .limit(batch)
        )
        if not rows:
            return 0
        log.warning("sweeper re-publishing %d event(s)", len(rows))
        return await self.publish([row.to_event() for row in rows])


relay = EventRelay()
