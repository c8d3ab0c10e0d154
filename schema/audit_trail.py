"""Audit trail extension: every mutation, and sensitive reads once per request and field."""

from __future__ import annotations

import logging
from dataclasses import replace
from inspect import isawaitable
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from domain.actor import Actor
from domain.audit import services
from domain.audit.entries import AuditEntry, collecting_changes
from domain.errors import DomainError
from domain.i18n import translate

log = logging.getLogger("salesdesk.audit")
# Fields whose every successful read is audited (type -> GraphQL field names). Values shown
# masked to most viewers are audited when revealed in full, through ``context.revealed``.
AUDITED_READS: dict[str, frozenset[str]] = {"User": frozenset({"email"}),
                                            "Order": frozenset({"costAmount", "grossMargin"}),
                                            "Product": frozenset({"costPrice", "margin", "marginRate"})}


def error_code(error: BaseException) -> str:
    """The stable code of a failure raised while resolving a mutation."""
    if isinstance(error, GraphQLError):
        code = (error.extensions or {}).get("code")
        if code:
            return str(code)
        error = error.original_error or error
    return error.code if isinstance(error, DomainError) else "INTERNAL"


def payload_entities(payload: Any) -> list[tuple[str, str]]:
    """(type, id) of every object with an id carried by a mutation payload."""
    found = []
    for value in (vars(payload).values() if hasattr(payload, "__dict__") else ()):
        for item in value if isinstance(value, list) else (value,):
            definition = getattr(type(item), "__strawberry_definition__", None)
            ident = getattr(item, "id", None)
            if definition is not None and ident is not None:
                found.append((definition.name, str(ident)))
    return found


class MutationNote:
    """What one mutation field was asked to do and how it ended."""

    __slots__ = ("name", "arguments", "outcome", "errors", "entities", "changes")

    def __init__(self, name: str, arguments: dict[str, Any]) -> None:
        self.name, self.arguments = name, arguments
        self.outcome, self.errors, self.entities, self.changes = "error", [], [], []

    def failed(self, error: BaseException) -> None:
        self.errors = [error_code(error)]

    def finished(self, payload: Any, changes: list[dict[str, Any]]) -> None:
        self.errors = [e.code for e in getattr(payload, "errors", None) or []]
        self.outcome = "ok" if payload is not None and not self.errors else "error"
        self.entities = payload_entities(payload)
        self.changes = changes if self.outcome == "ok" else []

    def entry(self, actor: Actor, operation: str | None) -> AuditEntry:
        entity_type = self.entities[0][0] if self.entities else None
        return AuditEntry(
            actor=actor, kind="mutation", action=self.name, entity_type=entity_type,
            entity_ids=tuple(ident for kind, ident in self.entities if kind == entity_type),
            outcome=self.outcome, changes=tuple(self.changes),
            details={"operation": operation, "arguments": self.arguments, "errors": self.errors},
        )


def request_actor(context: Any) -> Actor:
    """The context's actor, with address and user agent taken from the request when it lacks them."""
    actor, request = context.actor, getattr(context, "request", None)
    if actor.ip is not None or request is None:
        return actor
    client, state = getattr(request, "client", None), request.scope.get("state") or {}
    return replace(actor, ip=client.host if client else None, user_agent=request.headers.get("user-agent"),
                   request_id=actor.request_id or state.get("request_id"))


class AuditTrail(SchemaExtension):
    """Per-field work is a dict lookup; records are written once, after execution."""

    def __init__(self, *, execution_context: Any = None) -> None:
        self.mutations: list[MutationNote] = []
        self.reads: dict[tuple[str, str], set[str]] = {}
        self.denied: set[tuple[str, str]] = set()

    def resolve(self, _next, root, info, *args, **kwargs):
        parent = info.parent_type
        fields = AUDITED_READS.get(parent.name)
        if fields is not None and info.field_name in fields:
            return self._sensitive(_next, root, info, args, kwargs)
        if parent is info.schema.mutation_type and info.path.prev is None:
            return self._mutation(_next, root, info, args, kwargs)
        return _next(root, info, *args, **kwargs)

    def _sensitive(self, _next, root, info, args, kwargs):
        """Resolve a sensitive field and note the row's id, unless authorization refused the field."""
        key = (info.parent_type.name, info.field_name)
        if key in self.denied:  # refused once in this request: the other rows are nulled unread
            return _next(root, info, *args, **kwargs)
        try:
            result = _next(root, info, *args, **kwargs)
        except Exception:
            self.denied.add(key)
            raise
        ident = getattr(root, "id", None)
        ids = self.reads.setdefault(key, set())
        if ident is not None:
            ids.add(str(ident))
        return result

    async def _mutation(self, _next, root, info, args, kwargs):
        note = MutationNote(info.field_name, kwargs)  # masked when the record is written
        self.mutations.append(note)
        with collecting_changes() as changes:
            try:
                result = _next(root, info, *args, **kwargs)
                if isawaitable(result):
                    result = await result
            except Exception as error:
                note.failed(error)
                raise
        note.finished(result, changes)
        return result

    async def on_execute(self):
        try:
            yield
        finally:
            await self._flush(getattr(self.execution_context, "result", None))

    async def on_stream_result(self, result) -> None:
        await self._flush(result)  # subscriptions: each event's sensitive reads

    async def _flush(self, result: Any) -> None:
        self._collect_revealed()
        if not self.mutations and not self.reads:
            return
        entries, withhold = self._entries(), bool(self.reads)
        self.mutations, self.reads = [], {}
        try:
            await services.append(entries)
        except Exception:
            log.exception("audit trail write failed; lost records: %s",
                          [(e.kind, e.action, e.actor.username, e.entity_ids) for e in entries])
            if withhold and result is not None:
                self._withhold(result)

    def _collect_revealed(self) -> None:
        """Move the full reveals resolvers noted on the context ("Type.field" -> ids) into reads."""
        revealed = getattr(self.execution_context.context, "revealed", None)
        for key, ids in (revealed or {}).items():
            type_name, _, field_name = key.partition(".")
            self.reads.setdefault((type_name, field_name), set()).update(str(i) for i in ids)
        if revealed:
            revealed.clear()

    def _entries(self) -> list[AuditEntry]:
        context = self.execution_context.context
        actor, operation = request_actor(context), self.execution_context.operation_name
        entries = [note.entry(actor, operation) for note in self.mutations]
        for (type_name, field_name), ids in self.reads.items():
            ordered = tuple(sorted(ids, key=lambda i: (len(i), i)))
            entries.append(AuditEntry(actor=actor, kind="read", action=f"{type_name}.{field_name}",
                                      entity_type=type_name, entity_ids=ordered,
                                      details={"operation": operation, "field": field_name, "count": len(ordered)}))
        return entries

    def _withhold(self, result: Any) -> None:
        """No audit record, no sensitive data: the answer becomes an error."""
        locale = getattr(self.execution_context.context, "locale", None)
        result.data = None
        result.errors = [*(result.errors or []), GraphQLError(
            translate("AUDIT_UNAVAILABLE", locale), extensions={"code": "AUDIT_UNAVAILABLE"})]
