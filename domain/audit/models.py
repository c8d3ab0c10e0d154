"""Audit tables: the chained records and the chain head that serialises appends."""

from __future__ import annotations

import json
from typing import Any

from tortoise import fields
from tortoise.models import Model

KINDS = ("mutation", "read", "export", "system")
OUTCOMES = ("ok", "error")


class AuditRecord(Model):
    """One link of the append-only, HMAC-chained audit trail (id is its gap-free position)."""

    id = fields.BigIntField(primary_key=True, generated=False)
    occurred_at = fields.DatetimeField(db_index=True)
    actor_id = fields.IntField(null=True, db_index=True)
    actor_team_id = fields.IntField(null=True)
    actor_name = fields.CharField(max_length=64)
    kind = fields.CharField(max_length=12, db_index=True)
    action = fields.CharField(max_length=100, db_index=True)
    entity_type = fields.CharField(max_length=50, null=True, db_index=True)
    # JSON documents kept as the exact text that was hashed (no JSONB re-encoding).
    entity_ids = fields.TextField(default="[]")
    outcome = fields.CharField(max_length=10, default="ok")
    details = fields.TextField(default="{}")
    changes = fields.TextField(default="[]")
    ip = fields.CharField(max_length=45, null=True)
    user_agent = fields.CharField(max_length=255, null=True)
    request_id = fields.CharField(max_length=64, null=True)
    prev_hash = fields.CharField(max_length=64)
    hash = fields.CharField(max_length=64)

    class Meta:
        table = "audit_record"

    @property
    def entity_id_list(self) -> list[str]:
        return _decoded(self.entity_ids, [])

    @property
    def details_data(self) -> dict[str, Any]:
        return _decoded(self.details, {})

    @property
    def changes_data(self) -> list[dict[str, Any]]:
        return _decoded(self.changes, [])


class AuditChainHead(Model):
    """The single row (id 1) every append locks first: last position and hash of the chain."""

    id = fields.IntField(primary_key=True, generated=False)
    seq = fields.BigIntField(default=0)
    hash = fields.CharField(max_length=64)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "audit_chain_head"


def _decoded(text: str, fallback: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return fallback
