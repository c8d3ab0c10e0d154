"""Audit actions: append to the chain, record exports, checkpoint the head, verify the chain."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain.actor import Actor
from domain.audit.chain import GENESIS, Checkpoint, canonical_json, record_hash, same_hash, timestamp_text
from domain.audit.checkpoints import append_checkpoint, last_checkpoint, read_checkpoints
from domain.audit.entries import AuditEntry, export_entry
from domain.audit.masking import masked
from domain.audit.models import AuditChainHead, AuditRecord
from domain.audit.verify import BrokenLink, walk_chain, truncation
from domain.events.envelope import utcnow
from settings import get_settings

log = logging.getLogger("salesdesk.audit")
HEAD_ID = 1


def audit_key() -> bytes:
    """The HMAC key; it lives in the environment, never in the database."""
    return get_settings().audit_hmac_key.encode("utf-8")


def checkpoint_path() -> Path:
    """The append-only file of signed chain heads (AUDIT_CHECKPOINT_PATH)."""
    return Path(get_settings().audit_checkpoint_path)


async def append(entries: Sequence[AuditEntry]) -> list[AuditRecord]:
    """Chain ``entries`` in one transaction; concurrent appenders queue on the head row."""
    if not entries:
        return []
    key = audit_key()
    async with in_transaction():
        seq, prev = await _claim(len(entries))
        rows = []
        for entry in entries:
            seq += 1
            row = _record(entry, seq, prev)
            row.hash = prev = record_hash(key, row, prev)
            rows.append(row)
        await AuditRecord.bulk_create(rows)
        await AuditChainHead.filter(id=HEAD_ID).update(hash=prev, updated_at=utcnow())
    return rows


async def _claim(count: int) -> tuple[int, str]:
    """Reserve ``count`` positions (the update locks the head); returns what they follow."""
    if not await AuditChainHead.filter(id=HEAD_ID).update(seq=F("seq") + count):
        await _restore_head()
        await AuditChainHead.filter(id=HEAD_ID).update(seq=F("seq") + count)
    seq, head_hash = (await AuditChainHead.filter(id=HEAD_ID).values_list("seq", "hash"))[0]
    return seq - count, head_hash


async def _restore_head() -> None:
    """Recreate a deleted head row from the newest record, so auditing keeps working."""
    log.warning("audit chain head row missing; rebuilding it from the newest record")
    last = await AuditRecord.all().order_by("-id").first()
    await AuditChainHead.get_or_create(id=HEAD_ID, defaults={
        "seq": last.id if last else 0, "hash": last.hash if last else GENESIS})


def _clip(text: str | None, size: int) -> str | None:
    if text is None:
        return None
    return "".join(ch for ch in str(text) if ch.isprintable())[:size]


def _record(entry: AuditEntry, seq: int, prev: str) -> AuditRecord:
    actor = entry.actor
    return AuditRecord(
        id=seq, occurred_at=utcnow(), actor_id=actor.user_id, actor_team_id=actor.team_id,
        actor_name=_clip(actor.username, 64) or "", kind=entry.kind, action=_clip(entry.action, 100) or "",
        entity_type=_clip(entry.entity_type, 50), entity_ids=canonical_json([str(i) for i in entry.entity_ids]),
        outcome=entry.outcome, details=canonical_json(masked(dict(entry.details))),
        changes=canonical_json([dict(change) for change in entry.changes]), ip=_clip(actor.ip, 45),
        user_agent=_clip(actor.user_agent, 255), request_id=_clip(actor.request_id, 64), prev_hash=prev,
    )


async def record_export(*, actor: Actor, name: str, entity_type: str, row_count: int, file_format: str,
                        filters: Mapping[str, Any] | None = None) -> AuditRecord:
    """Audit one export; call it before the rows are handed out."""
    (row,) = await append([export_entry(actor=actor, name=name, entity_type=entity_type,
                                        row_count=row_count, file_format=file_format, filters=filters)])
    return row


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The outcome of a full verification."""

    ok: bool
    checked: int
    head_seq: int
    checkpoint_seq: int | None
    anchored: bool
    broken: BrokenLink | None


async def verify_chain(*, path: Path | None = None) -> ChainReport:
    """Check every record and every checkpoint; the report names the first broken link."""
    key = audit_key()
    marks, forged_line = await asyncio.to_thread(read_checkpoints, path or checkpoint_path(), key)
    walk = await walk_chain(key, anchors={mark.seq: mark.hash for mark in marks})
    broken = walk.broken or truncation(walk, marks)
    if broken is None and forged_line is not None:
        broken = BrokenLink(seq=walk.last_seq + 1, reason="checkpoint_forged", line=forged_line)
    heads = await AuditRecord.all().order_by("-id").limit(1).values_list("id", flat=True)
    newest = max((mark.seq for mark in marks), default=None)
    return ChainReport(ok=broken is None, checked=walk.checked, head_seq=heads[0] if heads else 0,
                       checkpoint_seq=newest, anchored=bool(marks), broken=broken)


@dataclass(frozen=True, slots=True)
class CheckpointOutcome:
    """The line written, or the break that stopped the checkpoint (neither: nothing new)."""

    written: Checkpoint | None = None
    broken: BrokenLink | None = None


async def checkpoint(*, path: Path | None = None) -> CheckpointOutcome:
    """Verify the records added since the last checkpoint and, when intact, sign the new head."""
    key, path = audit_key(), path or checkpoint_path()
    last = await asyncio.to_thread(last_checkpoint, path, key)
    after_seq, after_hash = (last.seq, last.hash) if last else (0, GENESIS)
    if last is not None:
        anchor = await AuditRecord.get_or_none(id=last.seq)
        if anchor is None or not same_hash(anchor.hash, last.hash):
            reason = "truncated" if anchor is None else "checkpoint_mismatch"
            return _refused(BrokenLink(seq=last.seq, reason=reason, checkpoint_seq=last.seq))
    walk = await walk_chain(key, after_seq=after_seq, after_hash=after_hash)
    if walk.broken is not None:
        return _refused(walk.broken)
    if walk.last_seq == after_seq:
        return CheckpointOutcome()
    mark = Checkpoint(seq=walk.last_seq, hash=walk.last_hash, at=timestamp_text(utcnow()))
    await append_checkpoint(path, key, mark)
    return CheckpointOutcome(written=mark)


def _refused(broken: BrokenLink) -> CheckpointOutcome:
    log.error("audit chain broken at record %s (%s); no checkpoint written", broken.seq, broken.reason)
    return CheckpointOutcome(broken=broken)
