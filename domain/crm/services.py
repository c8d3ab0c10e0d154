"""CRM actions: create and change customers, contacts and interactions; ownership and the public pool."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from domain.actor import Actor
from domain.crm import validation as check
from domain.crm.models import Contact, Customer, CustomFieldDefinition, Interaction, OwnershipChange
from domain.errors import DomainError, NotFound, ValidationFailed
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.identity.models import User
from domain.identity.scope import DataScope
from domain.audit.entries import note_change
from domain.protection import blind_index, decrypt, encrypt
from settings import get_settings

CUSTOMER_TEXT_LIMITS = {"name": 200, "industry": 50, "province": 30, "city": 30, "source": 30, "notes": 5000}


@dataclass
class CustomerData:
    """Fields a person can set on a customer; None means "leave unchanged" on update."""

    name: str | None = None
    code: str | None = None
    kind: str | None = None
    industry: str | None = None
    province: str | None = None
    city: str | None = None
    level: str | None = None
    source: str | None = None
    stage: str | None = None
    tags: list[str] | None = None
    birthday: date | None = None
    notes: str | None = None
    phone: str | None = None
    email: str | None = None
    id_number: str | None = None
    custom_fields: dict | None = None
    extra: dict = field(default_factory=dict)


def customer_event(kind: str, customer: Customer, actor: Actor, **payload) -> DomainEvent:
    return DomainEvent(type=kind, aggregate_type="Customer", aggregate_id=str(customer.id),
                       payload={"code": customer.code, "name": customer.name, **payload},
                       owner_id=customer.owner_id, team_id=customer.team_id, actor_id=actor.user_id)


async def active_custom_fields() -> dict[str, CustomFieldDefinition]:
    """The active custom field definitions by key."""
    return {d.key: d for d in await CustomFieldDefinition.filter(active=True)}


async def _checked_values(data: CustomerData, *, creating: bool) -> dict:
    """Validate every field at once; returns column values for the customer row."""
    definitions = await active_custom_fields() if data.custom_fields is not None else {}
    return checked_customer_values(data, creating=creating, definitions=definitions)


def checked_customer_values(data: CustomerData, *, creating: bool,
                            definitions: dict[str, CustomFieldDefinition]) -> dict:
    """Column values for a customer row, or ``ValidationFailed`` listing every bad field (no I/O)."""
    problems: list[DomainError] = []
    values: dict = {}

    def attempt(fn):
        try:
            return fn()
        except DomainError as error:
            problems.append(error)
            return None

    for name, limit in CUSTOMER_TEXT_LIMITS.items():
        attempt(lambda n=name, lim=limit: check.check_text(getattr(data, n), n, max_length=lim,
                                                           required=creating and n == "name"))
    attempt(lambda: check.check_text(data.code, "code", max_length=32))
    attempt(lambda: check.check_customer_choices(kind=data.kind, level=data.level, stage=data.stage))
    tags = attempt(lambda: check.check_tags(data.tags))
    phone = attempt(lambda: check.normalise_phone(data.phone))
    email = attempt(lambda: check.normalise_email(data.email))
    id_number = attempt(lambda: check.normalise_id_number(data.id_number))
    custom = _checked_custom_fields(data.custom_fields, definitions, problems, creating=creating)
    if problems:
        raise ValidationFailed(problems)
    for name in ("name", "code", "kind", "industry", "province", "city", "level", "source", "stage",
                 "birthday", "notes"):
        value = getattr(data, name)
        if value is not None:
            values[name] = value.strip() if isinstance(value, str) else value
    if "name" in values:
        values["normalized_name"] = check.normalise_company_name(values["name"])
    if data.tags is not None:
        values["tags"] = tags
    if custom is not None:
        values["custom_fields"] = custom
    for column, raw, normalised in (("phone", data.phone, phone), ("email", data.email, email),
                                    ("id_number", data.id_number, id_number)):
        if raw is not None:
            values[f"{column}_encrypted"] = encrypt(normalised)
            values[f"{column}_index"] = blind_index(column, normalised)
    return values


def _checked_custom_fields(raw: dict | None, definitions: dict[str, CustomFieldDefinition], problems: list, *,
                           creating: bool) -> dict | None:
    if raw is None and not creating:
        return None
    result = {}
    for key in (raw or {}):
        if key not in definitions:
            problems.append(DomainError("INVALID_INPUT", field=f"customFields.{key}"))
    for key, definition in definitions.items():
        if raw is None or (key not in raw and not definition.required):
            continue
        try:
            value = check.coerce_custom_value(definition, (raw or {}).get(key))
        except DomainError as error:
            problems.append(error)
            continue
        if value is not None:
            result[key] = value
    return result


async def find_duplicate(values: dict, *, exclude_id: int | None = None) -> tuple[Customer, str] | None:
    """An existing customer with the same phone, e-mail or normalised company name."""
    checks = (("phone", "phone_index"), ("email", "email_index"), ("name", "normalized_name"))
    for label, column in checks:
        value = values.get(column)
        if not value:
            continue
        query = Customer.filter(merged_into_id=None, **{column: value})
        if exclude_id is not None:
            query = query.exclude(id=exclude_id)
        found = await query.first()
        if found is not None:
            return found, label
    return None


async def _next_code() -> str:
    last = await Customer.all().order_by("-id").first()
    return f"C{(last.id + 1 if last else 1):07d}"


async def _owner_team(owner_id: int | None, scope: DataScope | None = None) -> int | None:
    """The owner's team; the owner must be active and, given a scope, someone the actor may assign to."""
    if owner_id is None:
        return None
    owner = await User.get_or_none(id=owner_id, is_active=True)
    if owner is None or (scope is not None and not scope.allows(owner_id=owner.id, team_id=owner.team_id)):
        raise DomainError("UNKNOWN_OWNER", field="ownerId")
    return owner.team_id


async def create_customer(*, actor: Actor, scope: DataScope, data: CustomerData, owner_id: int | None,
                          allow_duplicate: bool = False) -> Customer:
    """Create a customer owned by ``owner_id`` (None: the public pool); refuses likely duplicates."""
    values = await _checked_values(data, creating=True)
    async with unit_of_work() as work:
        team_id = await _owner_team(owner_id, scope)
        if not allow_duplicate:
            duplicate = await find_duplicate(values)
            if duplicate is not None:
                existing, match = duplicate
                raise DomainError("DUPLICATE_CUSTOMER", field=match, match=match, existing=existing.code)
        values.setdefault("code", await _next_code())
        try:
            customer = await Customer.create(**values, owner_id=owner_id, team_id=team_id,
                                             assigned_at=utcnow() if owner_id else None)
        except IntegrityError:
            raise DomainError("DUPLICATE", field="code") from None
        work.record(customer_event("customer.created", customer, actor))
    return customer


async def get_visible(scope: DataScope, customer_id: int) -> Customer:
    customer = await Customer.filter(scope.q(), id=customer_id, merged_into_id=None).first()
    if customer is None:
        raise NotFound()
    return customer


async def update_customer(*, actor: Actor, scope: DataScope, customer_id: int, data: CustomerData) -> Customer:
    values = await _checked_values(data, creating=False)
    async with unit_of_work() as work:
        customer = await get_visible(scope, customer_id)
        before = _audit_view(customer, values)
        for key, value in values.items():
            setattr(customer, key, value)
        try:
            await customer.save()
        except IntegrityError:
            raise DomainError("DUPLICATE", field="code") from None
        after = _audit_view(customer, values)
        note_change("Customer", customer.id, before=before, after=after)
        changed = sorted(k for k in after if before[k] != after[k])
        work.record(customer_event("customer.updated", customer, actor, changed=changed))
    return customer


def _audit_view(customer: Customer, values: dict) -> dict:
    """The changed fields as people read them: sensitive ones decrypted (the audit trail masks them)."""
    view = {}
    for key in values:
        if key.endswith("_index"):
            continue
        if key.endswith("_encrypted"):
            view[key.removesuffix("_encrypted")] = decrypt(getattr(customer, key))
        elif key != "normalized_name":
            view[key] = getattr(customer, key)
    return view


async def _record_owner_change(work, customer: Customer, actor: Actor, *, to_owner: int | None, kind: str,
                               reason: str | None) -> None:
    previous = customer.owner_id
    customer.owner_id = to_owner
    customer.team_id = await _owner_team(to_owner)
    customer.assigned_at = utcnow() if to_owner else None
    await customer.save(update_fields=["owner_id", "team_id", "assigned_at", "updated_at"])
    await OwnershipChange.create(customer=customer, from_owner_id=previous, to_owner_id=to_owner, kind=kind,
                                 reason=reason, actor_id=actor.user_id)
    note_change("Customer", customer.id, before={"ownerId": previous}, after={"ownerId": to_owner})
    work.record(customer_event(f"customer.{kind}", customer, actor, fromOwnerId=previous, toOwnerId=to_owner,
                               reason=reason))


def _check_bulk(ids: list[int]) -> list[int]:
    limit = get_settings().max_bulk_ids
    unique = list(dict.fromkeys(ids))
    if not unique:
        raise DomainError("REQUIRED", field="ids")
    if len(unique) > limit:
        raise DomainError("TOO_MANY_IDS", field="ids", limit=limit)
    return unique


async def assign_customers(*, actor: Actor, scope: DataScope, ids: list[int], owner_id: int,
                           reason: str) -> list[Customer]:
    """Give customers (all visible to the actor) to ``owner_id``; all or nothing, with a reason."""
    if not reason or not reason.strip():
        raise DomainError("REASON_REQUIRED", field="reason")
    check.check_text(reason, "reason", max_length=500)
    wanted = _check_bulk(ids)
    async with unit_of_work() as work:
        await _owner_team(owner_id, scope)
        customers = await Customer.filter(scope.q(), id__in=wanted, merged_into_id=None)
        if len(customers) != len(wanted):
            raise NotFound(field="ids")
        for customer in customers:
            if customer.owner_id != owner_id:
                await _record_owner_change(work, customer, actor, to_owner=owner_id, kind="assigned",
                                           reason=reason.strip())
    return customers


async def claim_customer(*, actor: Actor, customer_id: int) -> Customer:
    """Take a customer from the public pool, within the daily claim limit."""
    limit = get_settings().pool_claim_daily_limit
    async with unit_of_work() as work:
        start = _start_of_local_day()
        claimed_today = await OwnershipChange.filter(to_owner_id=actor.user_id, kind="claimed",
                                                     changed_at__gte=start).count()
        if claimed_today >= limit:
            raise DomainError("CLAIM_LIMIT_REACHED", limit=limit)
        team_id = await _owner_team(actor.user_id)
        taken = await Customer.filter(id=customer_id, owner_id=None, merged_into_id=None).update(
            owner_id=actor.user_id, team_id=team_id, assigned_at=utcnow())
        if not taken:
            raise DomainError("NOT_IN_POOL", field="id")
        customer = await Customer.get(id=customer_id)
        await OwnershipChange.create(customer=customer, from_owner_id=None, to_owner_id=actor.user_id,
                                     kind="claimed", actor_id=actor.user_id)
        note_change("Customer", customer.id, before={"ownerId": None}, after={"ownerId": actor.user_id})
        work.record(customer_event("customer.claimed", customer, actor, toOwnerId=actor.user_id))
    return customer


async def release_customer(*, actor: Actor, scope: DataScope, customer_id: int, reason: str) -> Customer:
    if not reason or not reason.strip():
        raise DomainError("REASON_REQUIRED", field="reason")
    async with unit_of_work() as work:
        customer = await get_visible(scope, customer_id)
        await _record_owner_change(work, customer, actor, to_owner=None, kind="released", reason=reason.strip())
    return customer


async def return_stale_customers(*, actor: Actor, days: int, now: datetime | None = None,
                                 batch: int = 500) -> int:
    """Customers nobody has talked to for ``days`` go back to the public pool; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    stale = Q(last_interaction_at__lt=cutoff) | Q(last_interaction_at=None, assigned_at__lt=cutoff)
    rows = await Customer.filter(stale, owner_id__not_isnull=True, merged_into_id=None).limit(batch)
    for customer in rows:
        async with unit_of_work() as work:
            await _record_owner_change(work, customer, actor, to_owner=None, kind="returned",
                                       reason=f"no interaction for {days} days / {days} 天未跟进")
    return len(rows)


def _start_of_local_day() -> datetime:
    zone = ZoneInfo(get_settings().display_timezone)
    local = datetime.now(zone)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)
