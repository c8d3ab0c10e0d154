"""Idempotent event consumption: a consumer's effects apply at most once per event id."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.events.models import ProcessedEvent
from domain.events.unit_of_work import UnitOfWork, unit_of_work


@asynccontextmanager
async def handle_once(*, consumer: str, event_id: UUID) -> AsyncIterator[UnitOfWork | None]:
    """Open a unit of work that also records (consumer, event).

    Yields the unit of work the first time, ``None`` when the event was already
    handled; the record commits together with the consumer's effects.
    """
    async with unit_of_work() as work:
        try:
            async with in_transaction():
                await ProcessedEvent.create(consumer=consumer, event_id=event_id)
        except IntegrityError:
            yield None
            return
        yield work
