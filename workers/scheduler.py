"""Periodic jobs: actors declared with ``periodic=cron(...)`` run on schedule.

Production runs exactly one ``periodiq`` process (``salesdesk scheduler``). The embedded
default has one process, so its app runs ``run_periodic_jobs_forever`` instead. Cron
expressions are in the server's local time (UTC on most servers).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from workers.broker import broker

log = logging.getLogger("salesdesk.workers.scheduler")


def periodic_actors() -> list:
    return [actor for actor in broker.actors.values() if actor.options.get("periodic")]


def send_due(now: datetime) -> list[str]:
    """Send every periodic actor whose schedule matches ``now``; returns their names."""
    due = [actor for actor in periodic_actors() if actor.options["periodic"].validate(now)]
    for actor in due:
        actor.send()
    return [actor.actor_name for actor in due]


async def run_periodic_jobs_forever() -> None:
    """Wake at each minute boundary and send the jobs due then (embedded default only)."""
    while True:
        now = datetime.now().astimezone()
        await asyncio.sleep(60 - now.second - now.microsecond / 1_000_000 + 0.05)
        try:
            send_due(datetime.now().astimezone())
        except Exception:
            log.exception("periodic job scheduling failed")
