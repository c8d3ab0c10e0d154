"""Audit test helpers: entries, a per-test checkpoint file, an attacker with database access."""

from __future__ import annotations

import importlib
from pathlib import Path

from tortoise import connections

from domain.actor import Actor
from domain.audit import services
from domain.audit.entries import AuditEntry
from settings import Settings, reset_settings

ALICE = Actor(user_id=7, username="alice", roles=frozenset({"sales_rep"}), team_id=3, ip="10.0.0.7",
              user_agent="Mozilla/5.0 (审计 test)", request_id="req-1")
_migration = importlib.import_module("domain.migrations.0003_audit")


def use_checkpoint_file(monkeypatch, path: Path) -> Path:
    """Point AUDIT_CHECKPOINT_PATH at ``path`` for this test."""
    monkeypatch.setenv("AUDIT_CHECKPOINT_PATH", str(path))
    if "audit_checkpoint_path" not in Settings.model_fields:
        monkeypatch.setattr(Settings, "audit_checkpoint_path", str(path), raising=False)
    reset_settings()
    return path


def entry(number: int = 0, **overrides) -> AuditEntry:
    values = dict(actor=ALICE, kind="mutation", action="updateCustomer", entity_type="Customer",
                  entity_ids=(str(number),), details={"arguments": {"id": str(number), "note": f"第{number}次"}})
    return AuditEntry(**{**values, **overrides})


async def append_entries(count: int) -> list:
    rows = []
    for number in range(1, count + 1):
        rows += await services.append([entry(number)])
    return rows


async def run_sql(*statements: str) -> None:
    connection = connections.get("default")
    for statement in statements:
        await connection.execute_query(statement)


async def drop_append_only_triggers() -> None:
    """What someone with database access can do: remove the append-only triggers."""
    await run_sql(*_migration.ALLOW_CHANGES[connections.get("default").capabilities.dialect])
