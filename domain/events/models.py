"""Outbox and consumer bookkeeping tables."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from domain.events.envelope import DomainEvent


class OutboxEvent(Model):
    """An event written in the same transaction as the change that caused it."""

    id = fields.UUIDField(primary_key=True)
    type = fields.CharField(max_length=100, db_index=True)
    aggregate_type = fields.CharField(max_length=50)
    aggregate_id = fields.CharField(max_length=64)
    payload = fields.JSONField(default=dict)
    owner_id = fields.IntField(null=True)
    team_id = fields.IntField(null=True)
    actor_id = fields.IntField(null=True)
    occurred_at = fields.DatetimeField(db_index=True)
    published_at = fields.DatetimeField(null=True, db_index=True)
    publish_attempts = fields.IntField(default=0)

    class Meta:
        table = "outbox_event"

    @classmethod
    def from_event(cls, event: DomainEvent) -> OutboxEvent:
        return cls(
            id=event.id,
            type=event.type,
            aggregate_type=event.aggregate_type,
            aggregate_id=event.aggregate_id,
            payload=event.payload,
            owner_id=event.owner_id,
            team_id=event.team_id,
            actor_id=event.actor_id,
            occurred_at=event.occurred_at,
        )

    def to_event(self) -> DomainEvent:
        return DomainEvent(
            id=self.id,
            type=self.type,
            aggregate_type=self.aggregate_type,
            aggregate_id=self.aggregate_id,
            payload=self.payload or {},
            owner_id=self.owner_id,
            team_id=self.team_id,
            actor_id=self.actor_id,
            occurred_at=self.occurred_at,
        )


class ProcessedEvent(Model):
    """One row per consumer and event, which makes every consumer idempotent."""

    id = fields.IntField(primary_key=True)
    consumer = fields.CharField(max_length=100)
    event_id = fields.UUIDField()
    processed_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "processed_event"
        unique_together = (("consumer", "event_id"),)
