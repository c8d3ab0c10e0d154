"""CRM background jobs: customers nobody follows up return to the public pool."""

from __future__ import annotations

import dramatiq
from periodiq import cron

from workers.broker import broker  # noqa: F401 - the broker must exist before actors
from domain.actor import SYSTEM
from domain.crm.services import return_stale_customers
from settings import get_settings


@dramatiq.actor(max_retries=3, periodic=cron("15 19 * * *"))  # 03:15 Asia/Shanghai on a UTC server
async def return_stale_customers_to_pool() -> None:
    """Customers without an interaction for POOL_RETURN_DAYS go back to the pool, in batches."""
    days = get_settings().pool_return_days
    while await return_stale_customers(actor=SYSTEM, days=days) == 500:
        pass
