"""Audit resolvers: the trail for auditors and the chain check."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from domain.audit import queries, services
from domain.audit.models import AuditRecord
from domain.pagination import Page
from policies.scope import data_scope
from resolvers.ids import parse_id
from settings import get_settings


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


async def audit_events(ctx: Any, *, first: int, after: str | None, actor_id: str | None = None,
                       kind: str | None = None, action: str | None = None, entity_type: str | None = None,
                       entity_id: str | None = None, outcome: str | None = None,
                       occurred_from: datetime | None = None, occurred_to: datetime | None = None,
                       ) -> Page[AuditRecord]:
    scope = await data_scope(ctx.actor, "AuditEvent")
    audit_filter = queries.AuditFilter(
        actor_id=parse_id(actor_id, field="actorId"), kind=kind, action=action, entity_type=entity_type,
        entity_id=entity_id, outcome=outcome, occurred_from=_utc(occurred_from), occurred_to=_utc(occurred_to),
    )
    return await queries.list_audit_events(scope=scope, audit_filter=audit_filter, first=first, after=after,
                                           limit=get_settings().max_page_size)


async def verify_audit_chain(ctx: Any) -> services.ChainReport:
    return await services.verify_chain()
