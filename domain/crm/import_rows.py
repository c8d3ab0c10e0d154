"""Checking import rows with the rules of ``createCustomer``, and writing the valid ones in batches."""

from __future__ import annotations

import asyncio
import operator
from dataclasses import dataclass, field
from datetime import date
from functools import reduce

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from domain.actor import Actor
from domain.crm.columns import BY_KEY, ColumnMap, choice_value, split_tags
from domain.crm.contacts import ContactData, checked_contact_values
from domain.crm.models import Contact, Customer
from domain.crm.services import CustomerData, checked_customer_values
from domain.errors import DomainError, ValidationFailed
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.identity.models import User
from domain.identity.scope import DataScope

TEXT_KEYS = ("name", "code", "industry", "province", "city", "source", "notes", "phone", "email", "id_number")
COLUMN_OF_FIELD = {column.field: column.key for column in BY_KEY.values()}
DUPLICATE_KEYS = (("phone", "phone_index"), ("email", "email_index"), ("name", "normalized_name"))


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str | None
    field: str | None
    code: str
    message: str


@dataclass
class PreparedRow:
    """A valid row: the customer's column values, its owner and its first contact."""

    number: int
    values: dict = field(default_factory=dict)
    owner_name: str | None = None
    owner_id: int | None = None
    team_id: int | None = None
    contact: dict | None = None
    problems: list[DomainError] = field(default_factory=list)


class RowChecker:
    """Checks rows batch by batch; remembers earlier valid rows so duplicates within the file are caught."""

    def __init__(self, *, actor: Actor, scope: DataScope, columns: ColumnMap, definitions: dict) -> None:
        self.actor, self.scope, self.columns, self.definitions = actor, scope, columns, definitions
        self.seen: dict[tuple[str, str], int] = {}
        self.owners: dict[str, tuple[int, int | None] | None] = {}

    async def check(self, rows) -> tuple[list[PreparedRow], list[RowProblem]]:
        # Parsing, validation and encryption are pure CPU work: off the event loop, so it keeps serving.
        candidates = await asyncio.to_thread(lambda: [self._parse(row) for row in rows])
        await self._load_owners(candidates)
        existing = await _existing_keys([c for c in candidates if not c.problems])
        valid: list[PreparedRow] = []
        problems: list[RowProblem] = []
        for candidate in candidates:
            if not candidate.problems:
                self._check_owner(candidate)
            if not candidate.problems:
                self._check_duplicates(candidate, existing)
            if candidate.problems:
                problems += [self._problem(candidate.number, error) for error in candidate.problems]
            else:
                valid.append(candidate)
        return valid, problems

    def _parse(self, row) -> PreparedRow:
        candidate = PreparedRow(number=row.number)
        if row.problem is not None:
            candidate.problems.append(row.problem)
            return candidate
        cell = self._cells(row.cells)
        try:
            candidate.values = checked_customer_values(self._customer(cell, row.cells, candidate), creating=True,
                                                       definitions=self.definitions)
        except ValidationFailed as failed:
            candidate.problems += failed.errors
        contact = ContactData(name=cell("contact_name"), title=cell("contact_title"), phone=cell("contact_phone"),
                              email=cell("contact_email"), is_primary=True)
        if any((contact.name, contact.title, contact.phone, contact.email)):
            try:
                candidate.contact = checked_contact_values(contact, creating=True)
            except ValidationFailed as failed:
                candidate.problems += [DomainError(e.code, field=f"contact.{e.field}", **e.params)
                                       for e in failed.errors]
        candidate.owner_name = cell("owner")
        return candidate

    def _cells(self, cells: list):
        positions = self.columns.positions

        def cell(key: str) -> str | None:
            index = positions.get(key)
            return cells[index] if index is not None and index < len(cells) else None
        return cell

    def _customer(self, cell, cells: list, candidate: PreparedRow) -> CustomerData:
        data = CustomerData(**{key: cell(key) for key in TEXT_KEYS}, tags=split_tags(cell("tags")),
                            kind=choice_value("kind", cell("kind")), level=choice_value("level", cell("level")),
                            stage=choice_value("stage", cell("stage")), birthday=_date(cell("birthday"), candidate))
        if self.columns.custom:
            data.custom_fields = {key: cells[index] for key, index in self.columns.custom.items()
                                  if index < len(cells) and cells[index] is not None}
        return data

    async def _load_owners(self, candidates: list[PreparedRow]) -> None:
        wanted = {c.owner_name for c in candidates if c.owner_name} - set(self.owners)
        if not wanted:
            return
        found = await User.filter(username__in=list(wanted), is_active=True).values_list("username", "id", "team_id")
        for username, user_id, team_id in found:
            allowed = self.scope.allows(owner_id=user_id, team_id=team_id)
            self.owners[username] = (user_id, team_id) if allowed else None
        self.owners.update({name: None for name in wanted if name not in self.owners})

    def _check_owner(self, candidate: PreparedRow) -> None:
        if candidate.owner_name is None:  # the importer owns rows that name nobody
            candidate.owner_id, candidate.team_id = self.actor.user_id, self.actor.team_id
            return
        owner = self.owners.get(candidate.owner_name)
        if owner is None:
            candidate.problems.append(DomainError("UNKNOWN_OWNER", field="owner"))
        else:
            candidate.owner_id, candidate.team_id = owner

    def _check_duplicates(self, candidate: PreparedRow, existing: dict) -> None:
        values = candidate.values
        keys = [(match, values.get(column)) for match, column in DUPLICATE_KEYS] + [("code", values.get("code"))]
        keys = [(match, value) for match, value in keys if value]
        for match, value in keys:
            label = self.columns.header(match)
            if (match, value) in self.seen:
                candidate.problems.append(DomainError("DUPLICATE_IN_FILE", field=_api_field(match), match=label,
                                                      row=self.seen[(match, value)]))
                return
            if (match, value) in existing:
                code = "DUPLICATE" if match == "code" else "DUPLICATE_CUSTOMER"
                candidate.problems.append(DomainError(code, field=_api_field(match), match=label,
                                                      existing=existing[(match, value)]))
                return
        for key in keys:
            self.seen[key] = candidate.number

    def _problem(self, number: int, error: DomainError) -> RowProblem:
        column = None
        if error.field:
            key = COLUMN_OF_FIELD.get(error.field)
            column = self.columns.header(key if key else error.field)
        return RowProblem(row=number, column=column, field=error.field, code=error.code,
                          message=error.message(self.actor.locale))


def _api_field(match: str) -> str:
    return BY_KEY[match].field or match


def _date(text: str | None, candidate: PreparedRow) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10].replace("/", "-"))
    except ValueError:
        candidate.problems.append(DomainError("INVALID_DATE", field="birthday"))
        return None


async def _existing_keys(candidates: list[PreparedRow]) -> dict[tuple[str, str], str]:
    """(match, value) -> code of the existing customer, for every duplicate key of ``candidates``."""
    wanted = {column: [c.values[column] for c in candidates if c.values.get(column)] for _, column in DUPLICATE_KEYS}
    conditions = [Q(**{f"{column}__in": values}) for column, values in wanted.items() if values]
    found: dict[tuple[str, str], str] = {}
    if conditions:
        rows = await Customer.filter(reduce(operator.or_, conditions), merged_into_id=None).values("code", *wanted)
        for row in rows:
            for match, column in DUPLICATE_KEYS:
                if row[column]:
                    found.setdefault((match, row[column]), row["code"])
    codes = [c.values["code"] for c in candidates if c.values.get("code")]
    if codes:
        for code in await Customer.filter(code__in=codes).values_list("code", flat=True):
            found[("code", code)] = code
    return found


async def write_rows(*, actor: Actor, rows: list[PreparedRow], file_name: str | None,
                     job_id: int | None = None) -> tuple[int, int]:
    """Insert valid rows with their contacts and one ``customer.imported`` event; (customers, contacts).

    Joins the unit of work already open, so a job's batch commits with its progress.
    """
    async with unit_of_work() as work:
        given = {row.values["code"] for row in rows if row.values.get("code")}
        codes = await _fresh_codes(len(rows) - len(given), taken=given)
        now = utcnow()
        customers = [Customer(**{**row.values, "code": row.values.get("code") or next(codes)}, owner_id=row.owner_id,
                              team_id=row.team_id, assigned_at=now) for row in rows]
        await Customer.bulk_create(customers, batch_size=500)
        ids = dict(await Customer.filter(code__in=[c.code for c in customers]).values_list("code", "id"))
        contacts = [Contact(customer_id=ids[customer.code], **row.contact)
                    for customer, row in zip(customers, rows, strict=True) if row.contact]
        if contacts:
            await Contact.bulk_create(contacts, batch_size=500)
        created = sorted(ids.values())
        work.record(DomainEvent(type="customer.imported", aggregate_type="Customer", aggregate_id=str(created[0]),
                                payload={"count": len(created), "customerIds": created, "contacts": len(contacts),
                                         "fileName": file_name, "jobId": job_id},
                                owner_id=actor.user_id, team_id=actor.team_id, actor_id=actor.user_id))
    return len(created), len(contacts)


async def with_fresh_codes(write):
    """Run a batch write; again when a concurrent writer took one of its generated codes first."""
    for attempt in range(3):
        try:
            return await write()
        except IntegrityError:
            if attempt == 2:
                raise


async def _fresh_codes(count: int, *, taken: set[str]):
    """``count`` unused customer codes following the newest id (C0000123)."""
    newest = await Customer.all().order_by("-id").limit(1).values_list("id", flat=True)
    number = (newest[0] if newest else 0) + 1
    codes: list[str] = []
    while len(codes) < count:
        candidates = [f"C{n:07d}" for n in range(number, number + count - len(codes) + 10)]
        number += len(candidates)
        used = set(await Customer.filter(code__in=candidates).values_list("code", flat=True)) | taken
        codes += [code for code in candidates if code not in used][: count - len(codes)]
    return iter(codes)
