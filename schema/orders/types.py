"""GraphQL types for orders (the summary shape; order management adds more)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry


@strawberry.type
class Order:
    model: strawberry.Private[Any]
    id: strawberry.ID
    number: str
    status: str
    currency: str
    total_amount: Decimal
    ordered_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Order:
        return cls(model=m, id=strawberry.ID(str(m.id)), number=m.number, status=m.status, currency=m.currency,
                   total_amount=m.total_amount, ordered_at=m.ordered_at)
