"""System resolvers: server facts and the filtered domain event stream."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import Any

from domain.errors import DomainError
from domain.events.envelope import DomainEvent
from policies.scope import data_scope
from settings import get_settings

VERSION = "0.1.0"
_SEEN_LIMIT = 1024


def server_info() -> dict[str, Any]:
    settings = get_settings()
    return {
        "name": "Salesdesk",
        "version": VERSION,
        "environment": settings.environment,
        "server_time": datetime.now(timezone.utc),
        "display_timezone": settings.display_timezone,
        "default_currency": settings.default_currency,
    }


async def system_events(ctx: Any, *, types: list[str] | None = None) -> AsyncIterator[DomainEvent]:
    """Events on the bus that the viewer's data scope allows, each delivered once."""
    if not ctx.actor.is_authenticated:
        raise DomainError("UNAUTHENTICATED")
    scope = await data_scope(ctx.actor, "SystemEvent")
    wanted = set(types or ())
    seen: OrderedDict[str, None] = OrderedDict()
    async with ctx.bus.subscribe() as messages:
        async for raw in messages:
            event = DomainEvent.from_json(raw)
            key = str(event.id)
            if key in seen or (wanted and event.type not in wanted):
                continue
            seen[key] = None
            if len(seen) > _SEEN_LIMIT:
                seen.popitem(last=False)
            if scope.allows(owner_id=event.owner_id, team_id=event.team_id):
                yield event
