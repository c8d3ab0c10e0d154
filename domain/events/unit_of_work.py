"""One transaction per business action; its events go to the outbox before commit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import replace

from tortoise.transactions import in_transaction

from domain.events.envelope import DomainEvent
from domain.events.models import OutboxEvent
from domain.events.relay import relay

_current: ContextVar[UnitOfWork | None] = ContextVar("salesdesk_unit_of_work", default=None)
_cause: ContextVar[dict | None] = ContextVar("salesdesk_automation_cause", default=None)


@contextmanager
def caused_by_automation(*, rule_id: int, run_id: int, depth: int) -> Iterator[None]:
    """Events recorded inside carry ``payload["automation"]``, so rules they trigger know their depth."""
    token = _cause.set({"ruleId": rule_id, "runId": run_id, "depth": depth})
    try:
        yield
    finally:
        _cause.reset(token)


class UnitOfWork:
    """Collects the events of one transaction."""

    def __init__(self) -> None:
        self.events: list[DomainEvent] = []

    def record(self, event: DomainEvent) -> None:
        cause = _cause.get()
        if cause is not None and "automation" not in event.payload:
            event = replace(event, payload={**event.payload, "automation": cause})
        self.events.append(event)


@asynccontextmanager
async def unit_of_work() -> AsyncIterator[UnitOfWork]:
    """Open a transaction, or join the one already open in this task.

    Events recorded inside are written to the outbox in the same transaction and
    handed to the relay only after the outermost commit; a rollback drops them.
    """
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    work = UnitOfWork()
    token = _current.set(work)
    try:
        async with in_transaction():
            yield work
            if work.events:
                await OutboxEvent.bulk_create([OutboxEvent.from_event(e) for e in work.events])
    finally:
        _current.reset(token)
    if work.events:
        await relay.publish(work.events)
