"""The live policy: loaded from the database, reloaded on every instance when it changes."""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from domain.events.envelope import DomainEvent
from domain.identity import policies as stored
from policies.authorizer import Authorizer, read_policy_file

log = logging.getLogger("salesdesk.policies")
_listener: asyncio.Task | None = None


async def load_authorizer(bus) -> Authorizer:
    """Seed the default policy on first start, load it, and follow changes on the bus."""
    global _listener
    await stored.seed_if_empty(read_policy_file())
    authorizer = Authorizer(await stored.stored_lines())
    if bus is not None:
        ready = asyncio.Event()
        _listener = asyncio.create_task(_follow_changes(bus, authorizer, ready))
        await asyncio.wait_for(ready.wait(), 10)
    return authorizer


async def _follow_changes(bus, authorizer: Authorizer, ready: asyncio.Event) -> None:
    async with bus.subscribe() as messages:
        ready.set()
        async for raw in messages:
            try:
                if DomainEvent.from_json(raw).type == "policy.changed":
                    authorizer.load(await stored.stored_lines())
                    log.info("policy reloaded (version %d)", authorizer.version)
            except Exception:
                log.exception("policy reload failed")


async def stop_policy_listener() -> None:
    global _listener
    if _listener is not None:
        _listener.cancel()
        with suppress(asyncio.CancelledError, Exception):
            await _listener
        _listener = None
