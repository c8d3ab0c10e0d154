"""Query.serverInfo and Subscription.systemEvents."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from resolvers import system as resolve
from schema.authorization import live
from schema.context import Info
from schema.system.types import ServerInfo, SystemEvent


@strawberry.type
class SystemQuery:
    @strawberry.field
    def server_info(self, info: Info) -> ServerInfo | None:
        return ServerInfo(**resolve.server_info())


@strawberry.type
class SystemSubscription:
    @strawberry.subscription(description="Every domain event the viewer may see, live.")
    @live
    async def system_events(
        self, info: Info, types: list[str] | None = None
    ) -> AsyncGenerator[SystemEvent | None, None]:
        async for event in resolve.system_events(info.context, types=types):
            yield SystemEvent.from_event(event)
