"""GraphQL types of the audit trail."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.scalars import JSON

from domain.i18n import translate


@strawberry.enum(description="What an audit record describes.")
class AuditKind(Enum):
    MUTATION = "mutation"
    READ = "read"
    EXPORT = "export"
    SYSTEM = "system"


@strawberry.enum
class AuditOutcome(Enum):
    OK = "ok"
    ERROR = "error"


@strawberry.enum(description="Why the chain stops being trustworthy at a link.")
class AuditBreakReason(Enum):
    ALTERED = "altered"
    MISSING = "missing"
    RELINKED = "relinked"
    TRUNCATED = "truncated"
    CHECKPOINT_MISMATCH = "checkpoint_mismatch"
    CHECKPOINT_FORGED = "checkpoint_forged"


@strawberry.type(description="One changed field; sensitive values are masked, secrets redacted.")
class AuditFieldChange:
    entity_type: str
    entity_id: str
    field: str
    before: JSON | None
    after: JSON | None


@strawberry.type(description="One append-only, hash-chained audit record.")
class AuditEvent:
    model: strawberry.Private[Any]
    id: strawberry.ID
    occurred_at: datetime
    actor_id: strawberry.ID | None
    actor_name: str
    kind: AuditKind
    action: str
    entity_type: str | None
    entity_ids: list[str]
    outcome: AuditOutcome
    details: JSON
    changes: list[AuditFieldChange]
    ip: str | None
    user_agent: str | None
    request_id: str | None
    prev_hash: str
    hash: str

    @classmethod
    def from_model(cls, m: Any) -> AuditEvent:
        changes = [AuditFieldChange(entity_type=c.get("entity", ""), entity_id=c.get("id", ""),
                                    field=c.get("field", ""), before=c.get("before"), after=c.get("after"))
                   for c in m.changes_data]
        return cls(
            model=m, id=strawberry.ID(str(m.id)), occurred_at=m.occurred_at,
            actor_id=strawberry.ID(str(m.actor_id)) if m.actor_id is not None else None,
            actor_name=m.actor_name, kind=AuditKind(m.kind), action=m.action, entity_type=m.entity_type,
            entity_ids=m.entity_id_list, outcome=AuditOutcome(m.outcome), details=m.details_data,
            changes=changes, ip=m.ip, user_agent=m.user_agent, request_id=m.request_id,
            prev_hash=m.prev_hash, hash=m.hash,
        )


@strawberry.input
class AuditEventFilter:
    actor_id: strawberry.ID | None = None
    kind: AuditKind | None = None
    action: str | None = None
    entity_type: str | None = None
    entity_id: strawberry.ID | None = None
    outcome: AuditOutcome | None = None
    occurred_from: datetime | None = strawberry.field(default=None, description="Inclusive, UTC if no offset.")
    occurred_to: datetime | None = strawberry.field(default=None, description="Exclusive, UTC if no offset.")

    def as_arguments(self) -> dict[str, Any]:
        return {
            "actor_id": self.actor_id, "kind": self.kind.value if self.kind else None, "action": self.action,
            "entity_type": self.entity_type, "entity_id": self.entity_id,
            "outcome": self.outcome.value if self.outcome else None,
            "occurred_from": self.occurred_from, "occurred_to": self.occurred_to,
        }


@strawberry.type(description="The first link where the chain stops being trustworthy.")
class AuditBrokenLink:
    seq: int
    reason: AuditBreakReason
    record_id: strawberry.ID | None
    checkpoint_seq: int | None
    message: str


@strawberry.type(description="Result of checking every record and checkpoint of the audit chain.")
class AuditChainReport:
    ok: bool
    checked_records: int
    head_seq: int
    last_checkpoint_seq: int | None
    anchored: bool = strawberry.field(description="A signed checkpoint outside the database vouches for the chain.")
    broken_link: AuditBrokenLink | None

    @classmethod
    def from_report(cls, report: Any, locale: str) -> AuditChainReport:
        broken = report.broken
        link = None if broken is None else AuditBrokenLink(
            seq=broken.seq, reason=AuditBreakReason(broken.reason),
            record_id=strawberry.ID(str(broken.record_id)) if broken.record_id is not None else None,
            checkpoint_seq=broken.checkpoint_seq,
            message=translate(broken.code, locale, seq=broken.seq, checkpoint=broken.checkpoint_seq,
                              line=broken.line),
        )
        return cls(ok=report.ok, checked_records=report.checked, head_seq=report.head_seq,
                   last_checkpoint_seq=report.checkpoint_seq, anchored=report.anchored, broken_link=link)
