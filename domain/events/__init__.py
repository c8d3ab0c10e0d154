"""Domain events: recorded in an outbox in the same transaction, relayed after commit."""

from domain.events.envelope import DomainEvent
from domain.events.unit_of_work import UnitOfWork, unit_of_work

__all__ = ["DomainEvent", "UnitOfWork", "unit_of_work"]
