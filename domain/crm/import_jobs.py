"""Import jobs: large files are stored, then checked and written by a worker in batches with progress."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from domain.actor import Actor
from domain.crm.columns import map_headers
from domain.crm.import_rows import RowChecker, RowProblem, with_fresh_codes, write_rows
from domain.crm.models import ImportJob, ImportRowError, ImportUpload
from domain.crm.services import active_custom_fields
from domain.crm.tabular import read_table
from domain.errors import DomainError
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.identity.models import User
from domain.identity.scope import DataScope
from domain.pagination import Page, Sort, paginate
from settings import get_settings

log = logging.getLogger("salesdesk.crm.imports")
FINISHED = ("done", "failed")


def _job_event(kind: str, job: ImportJob, **changes) -> DomainEvent:
    """Progress is routed like the importer's own records: they (and whoever sees their rows) get it."""
    payload = {"status": job.status, "fileName": job.file_name, "dryRun": job.dry_run, "total": job.total,
               "processed": job.processed, "created": job.created, "rejected": job.rejected, **changes}
    return DomainEvent(type=kind, aggregate_type="ImportJob", aggregate_id=str(job.id), payload=payload,
                       owner_id=job.user_id, team_id=job.team_id, actor_id=job.user_id)


async def queue_import(*, actor: Actor, scope: DataScope, file_name: str | None, content: bytes, dry_run: bool,
                       total: int) -> ImportJob:
    """Store the file and queue a job; the ``import.queued`` event starts a worker on it."""
    async with unit_of_work() as work:
        job = await ImportJob.create(user_id=actor.user_id, team_id=actor.team_id, locale=actor.locale,
                                     scope={"kind": scope.kind, "userId": scope.user_id,
                                            "teamIds": sorted(scope.team_ids)},
                                     file_name=(file_name or "import.csv")[:255], dry_run=dry_run, total=total)
        await ImportUpload.create(job_id=job.id, content=content)
        work.record(_job_event("import.queued", job))
    return job


async def get_job(*, scope: DataScope, job_id: int) -> ImportJob | None:
    """The job, if the viewer's data scope covers the person who started it."""
    return await ImportJob.filter(scope.q(owner_field="user_id", team_field="team_id"), id=job_id).first()


async def row_errors_page(*, job_id: int, first: int, after: str | None, limit: int) -> Page[ImportRowError]:
    return await paginate(ImportRowError.filter(job_id=job_id), first=first, after=after, limit=limit, sort=Sort())


async def run_import_job(*, job_id: int) -> ImportJob | None:
    """Check (and unless a dry run, write) a queued job's rows batch by batch; safe to call twice."""
    now = utcnow()
    if not await ImportJob.filter(id=job_id, status="queued").update(status="running", started_at=now, updated_at=now):
        return None  # already taken by another delivery, finished, or gone
    job = await ImportJob.get(id=job_id)
    try:
        await _process(job)
        await _finish(job, "done")
    except DomainError as error:
        await _finish(job, "failed", error)
    except Exception:
        log.exception("import job %s failed", job_id)
        await _finish(job, "failed", DomainError("IMPORT_FAILED"))
    return job


async def _process(job: ImportJob) -> None:
    settings = get_settings()
    user = await User.get_or_none(id=job.user_id, is_active=True)
    upload = await ImportUpload.get_or_none(job_id=job.id)
    if user is None:
        raise DomainError("USER_DISABLED")
    if upload is None:
        raise DomainError("IMPORT_FAILED")
    actor = Actor(user_id=user.id, username=user.username, roles=frozenset(user.roles), team_id=user.team_id,
                  locale=job.locale)
    scope = DataScope(kind=job.scope["kind"], user_id=job.scope.get("userId"),
                      team_ids=frozenset(job.scope.get("teamIds") or ()))
    table = await asyncio.to_thread(read_table, content=bytes(upload.content), file_name=job.file_name,
                                    max_bytes=settings.max_import_bytes, max_rows=settings.max_import_rows,
                                    locale=job.locale)
    definitions = await active_custom_fields()
    checker = RowChecker(actor=actor, scope=scope, columns=map_headers(table.headers, definitions),
                         definitions=definitions)
    if job.dry_run and job.processed:  # a resumed dry run starts over; nothing of it was written
        await _restart(job)
    size = settings.import_batch_rows
    for offset in range(job.processed, len(table.rows), size):  # earlier batches of a resumed job are committed
        batch = table.rows[offset:offset + size]
        valid, problems = await checker.check(batch)
        await with_fresh_codes(lambda: _commit_batch(job, actor, len(batch), valid, problems))


async def _commit_batch(job: ImportJob, actor: Actor, size: int, valid, problems: list[RowProblem]) -> None:
    async with unit_of_work() as work:
        created = 0
        if valid and not job.dry_run:
            created, _ = await write_rows(actor=actor, rows=valid, file_name=job.file_name, job_id=job.id)
        if problems:
            await ImportRowError.bulk_create([
                ImportRowError(job_id=job.id, row=p.row, column=(p.column or "")[:100] or None,
                               field_name=p.field, code=p.code, message=p.message[:500]) for p in problems])
        counts = {"processed": job.processed + size, "created": job.created + created,
                  "rejected": job.rejected + len({p.row for p in problems})}
        await ImportJob.filter(id=job.id).update(**counts, updated_at=utcnow())
        work.record(_job_event("import.progress", job, **counts))
    for name, value in counts.items():
        setattr(job, name, value)


async def _restart(job: ImportJob) -> None:
    async with unit_of_work():
        await ImportRowError.filter(job_id=job.id).delete()
        await ImportJob.filter(id=job.id).update(processed=0, created=0, rejected=0)
    job.processed = job.created = job.rejected = 0


async def _finish(job: ImportJob, status: str, error: DomainError | None = None) -> None:
    async with unit_of_work() as work:
        job.status, job.finished_at = status, utcnow()
        job.error_code = error.code if error else None
        job.error_message = error.message(job.locale)[:500] if error else None
        await job.save(update_fields=["status", "finished_at", "error_code", "error_message", "updated_at"])
        await ImportUpload.filter(job_id=job.id).delete()
        work.record(_job_event("import.progress", job))


async def requeue_stalled_jobs(*, idle: timedelta = timedelta(minutes=10)) -> list[int]:
    """Jobs whose worker stopped mid-way (no progress for ``idle``) go back to the queue; their ids."""
    stalled = await ImportJob.filter(status="running", updated_at__lt=utcnow() - idle).values_list("id", flat=True)
    if stalled:
        await ImportJob.filter(id__in=list(stalled), status="running").update(status="queued")
    return list(stalled)
