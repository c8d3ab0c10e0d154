"""Audit chain checkpoints, every five minutes from the single scheduler (or the embedded app's loop)."""

from __future__ import annotations

import dramatiq
from periodiq import cron

from workers.broker import broker  # noqa: F401 - the broker must exist before actors
from domain.audit import services


@dramatiq.actor(max_retries=3, min_backoff=5_000, periodic=cron("*/5 * * * *"))
async def checkpoint_audit_chain() -> None:
    """Verify the records added since the last checkpoint and sign the new chain head."""
    await services.checkpoint()
