"""Periodic jobs for the single ``periodiq`` scheduler process (production)."""

from __future__ import annotations

import dramatiq
from periodiq import PeriodiqMiddleware, cron

from workers.broker import broker
from workers.events import sweep_outbox

broker.add_middleware(PeriodiqMiddleware(skip_delay=30))


@dramatiq.actor(periodic=cron("* * * * *"))
def sweep_outbox_every_minute() -> None:
    sweep_outbox.send()
