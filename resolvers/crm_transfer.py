"""Customer import and export resolvers: parse input, call one domain service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from domain.crm import export_jobs, import_jobs, importing
from domain.crm.columns import COLUMNS
from domain.crm.models import ImportJob
from domain.crm.queries import CustomerFilter
from domain.errors import NotFound
from domain.events.envelope import DomainEvent
from policies.scope import data_scope
from resolvers.ids import parse_id
from settings import get_settings

SENSITIVE_TYPE = "Sensitive"


async def _scope(ctx: Any):
    return await data_scope(ctx.actor, "Customer")


async def import_customers(ctx: Any, *, file: Any, dry_run: bool) -> importing.ImportOutcome:
    content = await file.read()
    return await importing.import_customers(actor=ctx.actor, scope=await _scope(ctx), dry_run=dry_run,
                                            file_name=getattr(file, "filename", None), content=content)


async def import_job(ctx: Any, *, id: str) -> ImportJob | None:
    return await import_jobs.get_job(scope=await _scope(ctx), job_id=parse_id(id))


async def import_row_errors(ctx: Any, *, job_id: int, first: int, after: str | None):
    return await import_jobs.row_errors_page(job_id=job_id, first=first, after=after,
                                             limit=get_settings().max_page_size)


async def import_progress(ctx: Any, *, job_id: str) -> AsyncIterator[ImportJob]:
    """The job now, then again after every batch, until it is done or failed (its importer's scope only)."""
    wanted, scope = parse_id(job_id, field="jobId"), await _scope(ctx)
    if await import_jobs.get_job(scope=scope, job_id=wanted) is None:
        raise NotFound(field="jobId")
    async with ctx.bus.subscribe() as messages:  # listening before reading the state, so no batch is missed
        job = await import_jobs.get_job(scope=scope, job_id=wanted)
        yield job
        last = (job.status, job.processed)
        if job.status in import_jobs.FINISHED:
            return
        async for raw in messages:
            event = DomainEvent.from_json(raw)
            if event.type != "import.progress" or event.aggregate_id != str(wanted):
                continue
            job = await import_jobs.get_job(scope=scope, job_id=wanted)
            if (job.status, job.processed) != last:
                last = (job.status, job.processed)
                yield job
            if job.status in import_jobs.FINISHED:
                return


async def export_customers(ctx: Any, *, filter: CustomerFilter, file_format: str):
    """Export what the viewer may read: columns they may not read are left out, sensitive ones masked."""
    decisions = ctx.decisions
    columns = [column.key for column in COLUMNS
               if all(decisions.allowed(type_name, field) for type_name, field in column.readable_as)]
    revealed = [column.sensitive for column in COLUMNS
                if column.sensitive and column.key in columns and decisions.allowed(SENSITIVE_TYPE, column.sensitive)]
    request = export_jobs.ExportRequest(filter=filter, file_format=file_format, columns=columns, revealed=revealed)
    return await export_jobs.request_export(actor=ctx.actor, scope=await _scope(ctx), request=request)


async def export_job(ctx: Any, *, id: str):
    """One of the viewer's own export jobs."""
    return await export_jobs.get_own_job(user_id=ctx.actor.user_id, job_id=parse_id(id))
