"""The event value recorded by services and carried on the bus."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from uuid import UUID, uuid4


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True, slots=True)
class DomainEvent:
    """Something that happened. ``owner_id``/``team_id`` drive who may see it."""

    type: str
    aggregate_type: str
    aggregate_id: str
    payload: dict[str, Any] = field(default_factory=dict)
    owner_id: int | None = None
    team_id: int | None = None
    actor_id: int | None = None
    id: UUID = field(default_factory=uuid4)
    occurred_at: datetime = field(default_factory=utcnow)

    def to_json(self) -> str:
        return json.dumps(
            {
                "id": str(self.id),
                "type": self.type,
                "aggregateType": self.aggregate_type,
                "aggregateId": self.aggregate_id,
                "payload": self.payload,
                "ownerId": self.owner_id,
                "teamId": self.team_id,
                "actorId": self.actor_id,
                "occurredAt": self.occurred_at.isoformat(),
            },
            ensure_ascii=False,
            default=str,
        )

    @classmethod
    def from_json(cls, text: str) -> DomainEvent:
        data = json.loads(text)
        return cls(
            id=UUID(data["id"]),
            type=data["type"],
            aggregate_type=data["aggregateType"],
            aggregate_id=data["aggregateId"],
            payload=data.get("payload") or {},
            owner_id=data.get("ownerId"),
            team_id=data.get("teamId"),
            actor_id=data.get("actorId"),
            occurred_at=datetime.fromisoformat(data["occurredAt"]),
        )
