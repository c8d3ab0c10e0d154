"""What a worker process needs before running actors: database, bus, relay sinks."""

from __future__ import annotations

from domain.db import close_database, open_database
from domain.events.bus import EventBus
from domain.events.relay import relay
from settings import get_settings

_bus: EventBus | None = None


async def start_runtime() -> None:
    global _bus
    settings = get_settings()
    await open_database(settings.database_url)
    _bus = EventBus(settings.broadcast_url, settings.bus_namespace)
    await _bus.connect()
    from workers.events import enqueue_consumers

    relay.set_sinks([_bus.publish_event, enqueue_consumers])


async def stop_runtime() -> None:
    global _bus
    if _bus is not None:
        await _bus.disconnect()
        _bus = None
    await close_database()
