"""The keyed hash chain: canonical record text, record HMACs and signed checkpoint lines."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

GENESIS = "0" * 64
RECORD_PREFIX = "salesdesk-audit-record-v1\n"
CHECKPOINT_PREFIX = "salesdesk-audit-checkpoint-v1\n"
HASHED_COLUMNS = (
    "id", "occurred_at", "actor_id", "actor_team_id", "actor_name", "kind", "action", "entity_type",
    "entity_ids", "outcome", "details", "changes", "ip", "user_agent", "request_id",
)


def canonical_json(value: Any) -> str:
    """One stable text per value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def timestamp_text(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _sign(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def record_hash(key: bytes, record: Any, prev_hash: str) -> str:
    """HMAC-SHA256 over the previous hash and every stored column of ``record``."""
    columns = {name: getattr(record, name) for name in HASHED_COLUMNS}
    columns["occurred_at"] = timestamp_text(columns["occurred_at"])
    return _sign(key, RECORD_PREFIX + prev_hash + "\n" + canonical_json(columns))


def same_hash(left: str, right: str) -> bool:
    return hmac.compare_digest(left.encode(), right.encode())


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The chain head at one moment, as written outside the database."""

    seq: int
    hash: str
    at: str

    def body(self) -> dict[str, Any]:
        return {"at": self.at, "hash": self.hash, "seq": self.seq}


def checkpoint_line(key: bytes, mark: Checkpoint) -> str:
    """One JSON line carrying the head and its HMAC signature."""
    body = mark.body()
    return canonical_json({**body, "sig": _sign(key, CHECKPOINT_PREFIX + canonical_json(body))}) + "\n"


def parse_checkpoint(key: bytes, line: str) -> Checkpoint | None:
    """The checkpoint on ``line``, or None when it is malformed or its signature is wrong."""
    try:
        data = json.loads(line)
        mark = Checkpoint(seq=int(data["seq"]), hash=str(data["hash"]), at=str(data["at"]))
        signature = str(data["sig"])
    except (ValueError, KeyError, TypeError):
        return None
    expected = _sign(key, CHECKPOINT_PREFIX + canonical_json(mark.body()))
    return mark if same_hash(signature, expected) else None
