"""System-level types: server information and the domain event stream."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON


@strawberry.type(description="Public facts about this server.")
class ServerInfo:
    name: str
    version: str
    environment: str
    server_time: datetime
    display_timezone: str
    default_currency: str


@strawberry.type(description="A domain event the viewer is allowed to see.")
class SystemEvent:
    id: strawberry.ID
    type: str
    aggregate_type: str
    aggregate_id: str
    payload: JSON
    occurred_at: datetime

    @classmethod
    def from_event(cls, event) -> SystemEvent:
        return cls(
            id=strawberry.ID(str(event.id)), type=event.type, aggregate_type=event.aggregate_type,
            aggregate_id=event.aggregate_id, payload=event.payload, occurred_at=event.occurred_at,
        )
