"""Customer import from CSV or XLSX: a dry run reports every rejected row; a real run writes the valid ones."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from domain.actor import Actor
from domain.crm.columns import map_headers
from domain.crm.import_jobs import queue_import
from domain.crm.import_rows import RowChecker, RowProblem, with_fresh_codes, write_rows
from domain.crm.models import ImportJob
from domain.crm.services import active_custom_fields
from domain.crm.tabular import read_table
from domain.identity.scope import DataScope
from settings import get_settings


@dataclass
class ImportReport:
    """What an import found (and, unless a dry run, wrote)."""

    dry_run: bool
    total: int = 0
    valid: int = 0
    created: int = 0
    contacts: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len({problem.row for problem in self.problems})


@dataclass(frozen=True)
class ImportOutcome:
    """Small files are answered at once with a report; large ones become a job."""

    report: ImportReport | None = None
    job: ImportJob | None = None


async def import_customers(*, actor: Actor, scope: DataScope, file_name: str | None, content: bytes,
                           dry_run: bool) -> ImportOutcome:
    """Read the file, refuse it early if it is too large or unreadable, then check (and write) its rows."""
    settings = get_settings()
    table = await asyncio.to_thread(read_table, content=content, file_name=file_name, locale=actor.locale,
                                    max_bytes=settings.max_import_bytes, max_rows=settings.max_import_rows)
    definitions = await active_custom_fields()
    columns = map_headers(table.headers, definitions)
    if len(table.rows) > settings.inline_import_rows:
        job = await queue_import(actor=actor, scope=scope, file_name=file_name, content=content, dry_run=dry_run,
                                 total=len(table.rows))
        return ImportOutcome(job=job)
    report = ImportReport(dry_run=dry_run, total=len(table.rows), ignored_columns=columns.ignored)
    checker = RowChecker(actor=actor, scope=scope, columns=columns, definitions=definitions)
    size = settings.import_batch_rows
    for offset in range(0, len(table.rows), size):
        valid, problems = await checker.check(table.rows[offset:offset + size])
        report.valid += len(valid)
        report.problems += problems
        if valid and not dry_run:
            created, contacts = await with_fresh_codes(
                lambda rows=valid: write_rows(actor=actor, rows=rows, file_name=file_name))
            report.created += created
            report.contacts += contacts
    return ImportOutcome(report=report)
