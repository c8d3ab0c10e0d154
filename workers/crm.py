"""CRM background jobs: stale customers return to the pool; customer imports and large exports; expired files."""

from __future__ import annotations

import dramatiq
from periodiq import cron

from workers.broker import broker  # noqa: F401 - the broker must exist before actors
from domain.actor import SYSTEM
from domain.crm import export_jobs, import_jobs
from domain.crm.export_files import remove_expired_exports
from domain.crm.services import return_stale_customers
from domain.events.envelope import DomainEvent
from settings import get_settings
from workers.events import consumes


@dramatiq.actor(max_retries=3, periodic=cron("15 19 * * *"))  # 03:15 Asia/Shanghai on a UTC server
async def return_stale_customers_to_pool() -> None:
    """Customers without an interaction for POOL_RETURN_DAYS go back to the pool, in batches."""
    days = get_settings().pool_return_days
    while await return_stale_customers(actor=SYSTEM, days=days) == 500:
        pass


@consumes("import.queued", "crm.start-import")
async def start_import(event: DomainEvent) -> None:
    """A queued import gets its own job (a second delivery finds it taken and does nothing)."""
    run_customer_import.send(int(event.aggregate_id))


@dramatiq.actor(max_retries=0, time_limit=4 * 3600 * 1000)
async def run_customer_import(job_id: int) -> None:
    """Check and write an import job's rows batch by batch, publishing progress after each."""
    await import_jobs.run_import_job(job_id=job_id)


@consumes("export.queued", "crm.start-export")
async def start_export(event: DomainEvent) -> None:
    """A queued export gets its own job (a second delivery finds it taken and does nothing)."""
    run_customer_export.send(int(event.aggregate_id))


@dramatiq.actor(max_retries=0, time_limit=2 * 3600 * 1000)
async def run_customer_export(job_id: int) -> None:
    """Write a large export's file, then tell its maker."""
    await export_jobs.run_export_job(job_id=job_id)


@dramatiq.actor(max_retries=0, periodic=cron("*/10 * * * *"))
async def tidy_customer_transfers() -> None:
    """Delete expired export files; put imports whose worker stopped mid-way back in the queue."""
    remove_expired_exports()
    for job_id in await import_jobs.requeue_stalled_jobs():
        run_customer_import.send(job_id)
    for job_id in await export_jobs.requeue_stalled_jobs():
        run_customer_export.send(job_id)
