"""GraphQL types for customers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from schema.context import Info
from schema.identity.types import User, user_field


@strawberry.type
class Customer:
    model: strawberry.Private[Any]
    id: strawberry.ID
    code: str
    name: str
    kind: str
    industry: str | None
    province: str | None
    city: str | None
    level: str
    source: str | None
    stage: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Customer:
        return cls(
            model=m, id=strawberry.ID(str(m.id)), code=m.code, name=m.name, kind=m.kind,
            industry=m.industry, province=m.province, city=m.city, level=m.level, source=m.source,
            stage=m.stage, created_at=m.created_at, updated_at=m.updated_at,
        )

    @strawberry.field
    def owner(self, info: Info) -> User | None:
        return user_field(info, self.model.owner_id)
