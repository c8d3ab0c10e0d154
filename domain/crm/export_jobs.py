"""Large customer exports as worker jobs: the request answers at once, the file follows.

Up to ``INLINE_EXPORT_ROWS`` rows the file is written inside the request, as before; above that a job
is queued with everything the request decided (filter, data scope, readable and revealed columns),
and the worker writes the file, then tells its maker in-app. Only the maker sees the job and its file.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, timedelta

from domain.actor import Actor
from domain.crm.export_files import ExportFile, find_export
from domain.crm.exporting import FORMATS, export_customers
from domain.crm.models import ExportJob
from domain.crm.queries import CustomerFilter, filtered_customers
from domain.errors import DomainError
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.identity.models import User
from domain.identity.scope import DataScope
from settings import get_settings

log = logging.getLogger("salesdesk.crm.export")
DATES = ("last_interaction_before", "last_interaction_after")
FINISHED = ("done", "failed")


@dataclasses.dataclass
class ExportRequest:
    """What a person asked to export and what they may see of it."""

    filter: CustomerFilter
    file_format: str
    columns: list[str]
    revealed: list[str]


def _stored_filter(f: CustomerFilter) -> dict:
    values = dataclasses.asdict(f)
    return {k: (v.isoformat() if k in DATES and v is not None else v) for k, v in values.items()}


def _loaded_filter(values: dict) -> CustomerFilter:
    return CustomerFilter(**{k: (datetime.fromisoformat(v) if k in DATES and v else v) for k, v in values.items()})


async def request_export(*, actor: Actor, scope: DataScope, request: ExportRequest) -> ExportFile | ExportJob:
    """The finished file for a small export; a queued job for a large one."""
    if request.file_format not in FORMATS:
        raise DomainError("INVALID_CHOICE", field="format", allowed=" / ".join(FORMATS))
    settings = get_settings()
    rows = await filtered_customers(scope, request.filter).count()
    if rows <= settings.inline_export_rows:
        return await export_customers(actor=actor, scope=scope, filter=request.filter,
                                      file_format=request.file_format, columns=request.columns,
                                      revealed=request.revealed)
    if not request.filter.tags and rows > settings.max_export_rows:
        raise DomainError("TOO_MANY_ROWS", field="filter", limit=settings.max_export_rows)
    async with unit_of_work() as work:
        job = await ExportJob.create(
            user_id=actor.user_id, locale=actor.locale, file_format=request.file_format,
            scope={"kind": scope.kind, "userId": scope.user_id, "teamIds": sorted(scope.team_ids)},
            customer_filter=_stored_filter(request.filter), columns=list(request.columns),
            revealed=list(request.revealed))
        work.record(DomainEvent(type="export.queued", aggregate_type="ExportJob", aggregate_id=str(job.id),
                                payload={"rows": rows, "format": request.file_format}, owner_id=actor.user_id,
                                actor_id=actor.user_id))
    return job


async def get_own_job(*, user_id: int | None, job_id: int) -> ExportJob | None:
    return await ExportJob.filter(id=job_id, user_id=user_id).first() if user_id is not None else None


def finished_file(job: ExportJob) -> ExportFile | None:
    """The job's file while it can still be downloaded."""
    return find_export(token=job.token, user_id=job.user_id) if job.status == "done" and job.token else None


async def run_export_job(*, job_id: int) -> ExportJob | None:
    """Write a queued job's file as its maker (who must still be active); safe to call twice."""
    if not await ExportJob.filter(id=job_id, status="queued").update(status="running", started_at=utcnow()):
        return None  # taken by another delivery, finished, or gone
    job = await ExportJob.get(id=job_id)
    try:
        export = await _write(job)
    except DomainError as error:
        return await _finish(job, "failed", code=error.code)
    except Exception:
        log.exception("export job %s failed", job_id)
        return await _finish(job, "failed", code="EXPORT_FAILED")
    return await _finish(job, "done", export=export)


async def requeue_stalled_jobs(*, older_than: timedelta = timedelta(hours=2)) -> list[int]:
    """Jobs whose worker stopped mid-way (running longer than any export takes) go back in the queue."""
    stalled = await ExportJob.filter(status="running", started_at__lt=utcnow() - older_than).values_list(
        "id", flat=True)
    if stalled:
        await ExportJob.filter(id__in=stalled, status="running").update(status="queued")
    queued = await ExportJob.filter(status="queued", created_at__lt=utcnow() - timedelta(minutes=10)).values_list(
        "id", flat=True)  # their message was lost
    return [*stalled, *queued]


async def _write(job: ExportJob) -> ExportFile:
    user = await User.get_or_none(id=job.user_id, is_active=True)
    if user is None:
        raise DomainError("USER_DISABLED")
    actor = Actor(user_id=user.id, username=user.username, roles=frozenset(user.roles), team_id=user.team_id,
                  locale=job.locale)
    scope = DataScope(kind=job.scope["kind"], user_id=job.scope.get("userId"),
                      team_ids=frozenset(job.scope.get("teamIds") or ()))
    return await export_customers(actor=actor, scope=scope, filter=_loaded_filter(job.customer_filter),
                                  file_format=job.file_format, columns=job.columns, revealed=job.revealed)


async def _finish(job: ExportJob, status: str, *, code: str | None = None,
                  export: ExportFile | None = None) -> ExportJob:
    from domain.sales.notifications import notify

    now = utcnow()
    changes = {"status": status, "error_code": code, "finished_at": now,
               "row_count": export.row_count if export else 0, "token": export.token if export else None}
    async with unit_of_work() as work:
        await ExportJob.filter(id=job.id).update(**changes)
        await notify(work, user_id=job.user_id, kind=f"export.{status}",
                     code="NOTIFY_EXPORT_READY" if status == "done" else "NOTIFY_EXPORT_FAILED",
                     params={"rows": changes["row_count"]}, now=now, subject=("ExportJob", job.id),
                     dedupe_key=f"export:{job.id}")
    for key, value in changes.items():
        setattr(job, key, value)
    return job
