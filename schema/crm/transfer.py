"""Customer import (CSV/XLSX upload, dry run, jobs with live progress) and export (CSV/XLSX download)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.file_uploads import Upload

from domain.crm.export_files import ExportFile
from domain.crm.export_jobs import finished_file
from domain.i18n import translate
from resolvers import crm_transfer as resolve
from schema.authorization import live
from schema.common import Connection, UserError, connection, mutation_payload
from schema.context import Info
from schema.crm.inputs import CustomerFilterInput


@strawberry.enum
class ImportJobStatus(Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@strawberry.enum
class ExportFormat(Enum):
    CSV = "csv"
    XLSX = "xlsx"


@strawberry.type(description="One problem with one row of an import file; row 1 is the header.")
class ImportRowError:
    row: int
    column: str | None = strawberry.field(description="The column as the file names it.")
    field: str | None
    code: str
    message: str

    @classmethod
    def from_problem(cls, p: Any) -> ImportRowError:
        """From a report's problem or a job's stored row error."""
        field = p.field_name if hasattr(p, "field_name") else p.field
        return cls(row=p.row, column=p.column, field=field, code=p.code, message=p.message)


@strawberry.type(description="What an import found and, unless it was a dry run, wrote.")
class ImportReport:
    dry_run: bool
    total: int
    valid: int
    rejected: int
    created: int
    contacts_created: int
    ignored_columns: list[str]
    row_errors: list[ImportRowError]

    @classmethod
    def from_report(cls, r: Any) -> ImportReport:
        return cls(dry_run=r.dry_run, total=r.total, valid=r.valid, rejected=r.rejected, created=r.created,
                   contacts_created=r.contacts, ignored_columns=r.ignored_columns,
                   row_errors=[ImportRowError.from_problem(p) for p in r.problems])


@strawberry.type(description="A large import, checked and written by a worker in batches.")
class ImportJob:
    model: strawberry.Private[Any]
    id: strawberry.ID
    file_name: str
    dry_run: bool
    status: ImportJobStatus
    total: int
    processed: int
    created: int
    rejected: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def from_model(cls, m: Any) -> ImportJob:
        return cls(model=m, id=strawberry.ID(str(m.id)), file_name=m.file_name, dry_run=m.dry_run,
                   status=ImportJobStatus(m.status), total=m.total, processed=m.processed, created=m.created,
                   rejected=m.rejected, created_at=m.created_at, started_at=m.started_at, finished_at=m.finished_at)

    @strawberry.field(description="Why the job failed, if it did.")
    def error(self) -> UserError | None:
        if not self.model.error_code:
            return None
        return UserError(field="file", code=self.model.error_code, message=self.model.error_message or "")

    @strawberry.field(description="Every rejected row, in file order.")
    async def row_errors(self, info: Info, first: int = 100, after: str | None = None) -> Connection[ImportRowError]:
        page = await resolve.import_row_errors(info.context, job_id=self.model.id, first=first, after=after)
        return connection(page, ImportRowError.from_problem)


@strawberry.type
class ImportCustomersPayload:
    report: ImportReport | None = None
    job: ImportJob | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="A finished export, downloadable by its maker (Bearer token) until it expires.")
class CustomerExport:
    url: str
    file_name: str
    format: ExportFormat
    row_count: int
    expires_at: datetime


@strawberry.type(description="A large export written by a worker; `export` appears when it is done.")
class CustomerExportJob:
    model: strawberry.Private[Any]
    id: strawberry.ID
    status: str = strawberry.field(description="queued / running / done / failed")
    format: ExportFormat
    row_count: int
    error_code: str | None
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def from_model(cls, m: Any) -> CustomerExportJob:
        return cls(model=m, id=strawberry.ID(str(m.id)), status=m.status, format=ExportFormat(m.file_format),
                   row_count=m.row_count, error_code=m.error_code, created_at=m.created_at,
                   finished_at=m.finished_at)

    @strawberry.field(description="Why it failed, in the viewer's language.")
    def error_message(self, info: Info) -> str | None:
        return translate(self.error_code, info.context.locale) if self.error_code else None

    @strawberry.field(description="The file, once done and until it expires.")
    def export(self) -> CustomerExport | None:
        found = finished_file(self.model)
        return _export(found) if found else None


@strawberry.type
class ExportCustomersPayload:
    export: CustomerExport | None = strawberry.field(default=None, description="Set when the file is ready at once.")
    job: CustomerExportJob | None = strawberry.field(
        default=None, description="Set for large exports: follow `customerExportJob(id)` or the notifications.")
    errors: list[UserError] = strawberry.field(default_factory=list)


def _imported(outcome) -> ImportCustomersPayload:
    if outcome.job is not None:
        return ImportCustomersPayload(job=ImportJob.from_model(outcome.job))
    return ImportCustomersPayload(report=ImportReport.from_report(outcome.report))


def _export(e) -> CustomerExport:
    return CustomerExport(url=e.url, file_name=e.file_name, format=ExportFormat(e.format), row_count=e.row_count,
                          expires_at=e.expires_at)


def _exported(result) -> ExportCustomersPayload:
    if isinstance(result, ExportFile):
        return ExportCustomersPayload(export=_export(result))
    return ExportCustomersPayload(job=CustomerExportJob.from_model(result))


@strawberry.type
class CrmTransferQuery:
    @strawberry.field(description="An import job started by the viewer (or someone in their data scope).")
    async def import_job(self, info: Info, id: strawberry.ID) -> ImportJob | None:
        job = await resolve.import_job(info.context, id=id)
        return ImportJob.from_model(job) if job else None

    @strawberry.field(description="One of the viewer's own large exports.")
    async def customer_export_job(self, info: Info, id: strawberry.ID) -> CustomerExportJob | None:
        job = await resolve.export_job(info.context, id=id)
        return CustomerExportJob.from_model(job) if job else None


@strawberry.type
class CrmTransferMutation:
    @strawberry.mutation(description="Import customers (and their first contact) from CSV (UTF-8 or GBK) or XLSX. "
                                     "A dry run (the default) writes nothing; large files become a job.")
    async def import_customers(self, info: Info, file: Upload, dry_run: bool = True) -> ImportCustomersPayload | None:
        call = resolve.import_customers(info.context, file=file, dry_run=dry_run)
        return await mutation_payload(info, call, ImportCustomersPayload, _imported)

    @strawberry.mutation(description="Export the customers matching the filter; sensitive values masked "
                                     "unless the viewer may see them in full.")
    async def export_customers(self, info: Info, filter: CustomerFilterInput | None = None,
                               format: ExportFormat = ExportFormat.CSV) -> ExportCustomersPayload | None:
        call = resolve.export_customers(info.context, filter=(filter or CustomerFilterInput()).to_filter(),
                                        file_format=format.value)
        return await mutation_payload(info, call, ExportCustomersPayload, _exported)


@strawberry.type
class CrmTransferSubscription:
    @strawberry.subscription(description="An import job's progress after every batch; ends when it is done.")
    @live
    async def import_progress(self, info: Info, job_id: strawberry.ID) -> AsyncGenerator[ImportJob | None, None]:
        async for job in resolve.import_progress(info.context, job_id=job_id):
            yield ImportJob.from_model(job)
