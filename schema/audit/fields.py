"""Audit entry points: Query.auditEvents and Query.verifyAuditChain (auditors and admins)."""

from __future__ import annotations

import strawberry

from resolvers import audit as resolve
from schema.audit.types import AuditChainReport, AuditEvent, AuditEventFilter
from schema.common import Connection, connection
from schema.context import Info


@strawberry.type
class AuditQuery:
    @strawberry.field(description="The audit trail, newest first.")
    async def audit_events(self, info: Info, filter: AuditEventFilter | None = None, first: int = 50,
                           after: str | None = None) -> Connection[AuditEvent] | None:
        arguments = filter.as_arguments() if filter else {}
        page = await resolve.audit_events(info.context, first=first, after=after, **arguments)
        return connection(page, AuditEvent.from_model)

    @strawberry.field(description="Check every record and checkpoint; names the first broken link.")
    async def verify_audit_chain(self, info: Info) -> AuditChainReport | None:
        report = await resolve.verify_audit_chain(info.context)
        return AuditChainReport.from_report(report, info.context.locale)
