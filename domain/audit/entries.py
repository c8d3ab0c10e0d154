"""What an audit record says, before it is chained; and the field changes noted by services."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from domain.actor import Actor
from domain.audit.masking import mask_value

_changes: ContextVar[list[dict[str, Any]] | None] = ContextVar("salesdesk_audit_changes", default=None)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One thing to record: who did what to which entities, with what outcome (details masked on write)."""

    actor: Actor
    kind: str
    action: str
    entity_type: str | None = None
    entity_ids: tuple[str, ...] = ()
    outcome: str = "ok"
    details: Mapping[str, Any] = field(default_factory=dict)
    changes: tuple[Mapping[str, Any], ...] = ()


def field_changes(entity_type: str, entity_id: Any, before: Mapping[str, Any] | None,
                  after: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """One masked ``{entity, id, field, before, after}`` per field whose value differs."""
    before, after = before or {}, after or {}
    found = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        found.append({"entity": entity_type, "id": str(entity_id), "field": name,
                      "before": mask_value(name, old), "after": mask_value(name, new)})
    return found


def note_change(entity_type: str, entity_id: Any, *, before: Mapping[str, Any] | None = None,
                after: Mapping[str, Any] | None = None) -> None:
    """Add field changes to the audit record of the action being run (no-op outside one)."""
    collected = _changes.get()
    if collected is not None:
        collected.extend(field_changes(entity_type, entity_id, before, after))


@contextmanager
def collecting_changes() -> Iterator[list[dict[str, Any]]]:
    """Collect the changes services note while the block runs."""
    collected: list[dict[str, Any]] = []
    token = _changes.set(collected)
    try:
        yield collected
    finally:
        _changes.reset(token)


def export_entry(*, actor: Actor, name: str, entity_type: str, row_count: int, file_format: str,
                 filters: Mapping[str, Any] | None = None) -> AuditEntry:
    """The record of one export: what was exported, how many rows, with which (masked) filters."""
    return AuditEntry(actor=actor, kind="export", action=name, entity_type=entity_type,
                      details={"format": file_format, "rows": row_count, "filters": dict(filters or {})})
