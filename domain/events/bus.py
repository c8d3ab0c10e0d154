"""The pub/sub bus (broadcaster): memory:// in one process, redis:// across instances."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from broadcaster import Broadcast
from broadcaster._backends.redis import RedisBackend

from domain.events.envelope import DomainEvent

EVENTS = "events"
log = logging.getLogger("salesdesk.bus")


class OrderedRedisBackend(RedisBackend):
    """Registers SUBSCRIBE before waking the listener.

    The upstream backend wakes its listener first; with redis-py 8 the listener then
    sees no channel and never delivers. Subscribing first is correct for every version.
    """

    async def subscribe(self, channel: str) -> None:
        await self._pubsub.subscribe(channel)
        self._ready.set()


class EventBus:
    """Publishes domain events and hands out subscriptions; counts live subscribers."""

    def __init__(self, url: str, namespace: str = "salesdesk") -> None:
        self.url = url
        self.events_channel = f"{namespace}.{EVENTS}"
        backend = OrderedRedisBackend(url) if url.startswith(("redis://", "rediss://")) else None
        self._broadcast = Broadcast(backend=backend) if backend else Broadcast(url)
        self.active_subscriptions = 0
        self.connected = False

    async def connect(self) -> None:
        await self._broadcast.connect()
        self.connected = True

    async def disconnect(self) -> None:
        if self.connected:
            self.connected = False
            await self._broadcast.disconnect()

    async def publish_event(self, event: DomainEvent) -> None:
        await self._broadcast.publish(self.events_channel, event.to_json())

    async def publish(self, channel: str, message: str) -> None:
        await self._broadcast.publish(channel, message)

    @asynccontextmanager
    async def subscribe(self, channel: str | None = None) -> AsyncIterator[AsyncIterator[str]]:
        """Yield an async iterator of raw messages on ``channel`` (default: domain events)."""
        async with self._broadcast.subscribe(channel or self.events_channel) as subscriber:
            self.active_subscriptions += 1
            try:
                yield _messages(subscriber)
            finally:
                self.active_subscriptions -= 1

    async def ping(self, timeout: float = 2.0) -> bool:
        """True when the bus can carry messages right now."""
        if not self.connected:
            return False
        if not self.url.startswith(("redis://", "rediss://")):
            return True
        from redis.asyncio import Redis

        client = Redis.from_url(self.url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            return bool(await asyncio.wait_for(client.ping(), timeout))
        except Exception:
            log.warning("redis ping failed", exc_info=True)
            return False
        finally:
            await client.aclose()


async def _messages(subscriber) -> AsyncIterator[str]:
    async for event in subscriber:
        if event is None:
            return
        yield event.message
