"""Reads of the audit trail for auditors: filtered, newest first, cursor-paginated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.audit.chain import canonical_json
from domain.audit.models import AuditRecord
from domain.identity.scope import DataScope
from domain.pagination import Page, Sort, paginate

NEWEST_FIRST = Sort(column="id", descending=True)


@dataclass(frozen=True, slots=True)
class AuditFilter:
    actor_id: int | None = None
    kind: str | None = None
    action: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    outcome: str | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None


def _filtered(scope: DataScope, audit_filter: AuditFilter):
    queryset = AuditRecord.filter(scope.q(owner_field="actor_id", team_field="actor_team_id"))
    wanted = {
        "actor_id": audit_filter.actor_id, "kind": audit_filter.kind, "action": audit_filter.action,
        "entity_type": audit_filter.entity_type, "outcome": audit_filter.outcome,
        "occurred_at__gte": audit_filter.occurred_from, "occurred_at__lt": audit_filter.occurred_to,
    }
    queryset = queryset.filter(**{name: value for name, value in wanted.items() if value is not None})
    if audit_filter.entity_id is not None:
        # entity_ids is a JSON list of strings: the quoted form matches one whole element.
        queryset = queryset.filter(entity_ids__contains=canonical_json(str(audit_filter.entity_id)))
    return queryset


async def list_audit_events(*, scope: DataScope, audit_filter: AuditFilter, first: int, after: str | None,
                            limit: int) -> Page[AuditRecord]:
    """Records matching the filter, newest first; the cursor continues towards older ones."""
    return await paginate(_filtered(scope, audit_filter), first=first, after=after, limit=limit, sort=NEWEST_FIRST)
