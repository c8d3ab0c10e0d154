"""Walk the chain in order and report the first broken link."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.audit.chain import GENESIS, Checkpoint, record_hash, same_hash
from domain.audit.models import AuditRecord

BATCH = 1000
# reason -> message code (domain/i18n.py)
BREAK_CODES = {
    "altered": "AUDIT_RECORD_ALTERED",
    "missing": "AUDIT_RECORD_MISSING",
    "relinked": "AUDIT_LINK_BROKEN",
    "truncated": "AUDIT_CHAIN_TRUNCATED",
    "checkpoint_mismatch": "AUDIT_CHECKPOINT_MISMATCH",
    "checkpoint_forged": "AUDIT_CHECKPOINT_FORGED",
}


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """Where the chain first stops being trustworthy, and why."""

    seq: int
    reason: str
    record_id: int | None = None
    checkpoint_seq: int | None = None
    line: int | None = None

    @property
    def code(self) -> str:
        return BREAK_CODES[self.reason]


@dataclass(frozen=True, slots=True)
class Walk:
    """How far a walk got: the last intact position and hash, rows checked, the first break."""

    last_seq: int
    last_hash: str
    checked: int
    broken: BrokenLink | None = None


async def walk_chain(key: bytes, *, after_seq: int = 0, after_hash: str = GENESIS,
                     anchors: Mapping[int, str] | None = None, batch: int = BATCH) -> Walk:
    """Check every record after ``after_seq``: position, link to its predecessor, HMAC, anchors."""
    anchors = anchors or {}
    expected, prev, checked = after_seq + 1, after_hash, 0
    while True:
        rows = await AuditRecord.filter(id__gte=expected).order_by("id").limit(batch)
        for row in rows:
            broken = _check(key, row, expected, prev, anchors)
            if broken is not None:
                return Walk(expected - 1, prev, checked, broken)
            prev, expected, checked = row.hash, expected + 1, checked + 1
        if len(rows) < batch:
            return Walk(expected - 1, prev, checked)


def _check(key: bytes, row: AuditRecord, expected: int, prev: str,
           anchors: Mapping[int, str]) -> BrokenLink | None:
    if row.id != expected:
        return BrokenLink(seq=expected, reason="missing", record_id=row.id)
    if not same_hash(row.prev_hash, prev):
        return BrokenLink(seq=expected, reason="relinked", record_id=row.id)
    if not same_hash(record_hash(key, row, prev), row.hash):
        return BrokenLink(seq=expected, reason="altered", record_id=row.id)
    anchored = anchors.get(row.id)
    if anchored is not None and not same_hash(anchored, row.hash):
        return BrokenLink(seq=expected, reason="checkpoint_mismatch", record_id=row.id, checkpoint_seq=row.id)
    return None


def truncation(walk: Walk, marks: list[Checkpoint]) -> BrokenLink | None:
    """A break when a checkpoint vouches for records the walk never reached."""
    if walk.broken is not None or not marks:
        return None
    newest = max(marks, key=lambda mark: mark.seq)
    if newest.seq > walk.last_seq:
        return BrokenLink(seq=walk.last_seq + 1, reason="truncated", checkpoint_seq=newest.seq)
    return None
