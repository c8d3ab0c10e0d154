"""Customer export: the list's filter and data scope, streamed in chunks to CSV or XLSX, sensitive values masked."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncIterator, Collection
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.actor import Actor
from domain.crm.columns import BY_KEY, COLUMNS, Column, choice_label
from domain.crm.export_files import CsvSheet, ExportFile, XlsxSheet, data_path, expiry, new_token, save_export
from domain.crm.models import Customer
from domain.crm.queries import CustomerFilter, contacts_by_customer, filtered_customers
from domain.errors import DomainError
from domain.events import DomainEvent, unit_of_work
from domain.i18n import normalise_locale
from domain.identity.models import User
from domain.identity.scope import DataScope
from domain.protection import decrypt, mask_email, mask_id_number, mask_phone
from settings import get_settings

FORMATS = ("csv", "xlsx")
CHUNK = 1000
SECRETS = {"phone": ("phone_encrypted", mask_phone), "email": ("email_encrypted", mask_email),
           "id_number": ("id_number_encrypted", mask_id_number)}


async def export_customers(*, actor: Actor, scope: DataScope, filter: CustomerFilter, file_format: str,
                           columns: Collection[str], revealed: Collection[str]) -> ExportFile:
    """Write the customers matching ``filter`` to a file only ``actor`` may download; records ``customer.exported``.

    ``columns`` are the column keys the viewer may read; ``revealed`` the ``Type.field`` values
    they may see in full (the rest are masked).
    """
    if file_format not in FORMATS:
        raise DomainError("INVALID_CHOICE", field="format", allowed=" / ".join(FORMATS))
    limit = get_settings().max_export_rows
    queryset = filtered_customers(scope, filter)
    if not filter.tags and await queryset.count() > limit:
        raise DomainError("TOO_MANY_ROWS", field="filter", limit=limit)
    chosen = [column for column in COLUMNS if column.key in columns]
    token = new_token()
    path = data_path(token, file_format)
    try:
        count = await _write(path, file_format, queryset, filter, chosen, set(revealed), actor.locale, limit)
        export = ExportFile(token=token, format=file_format, file_name=_download_name(file_format, actor.locale),
                            row_count=count, user_id=actor.user_id, expires_at=expiry())
        save_export(export)
        async with unit_of_work() as work:
            work.record(DomainEvent(
                type="customer.exported", aggregate_type="CustomerExport", aggregate_id=uuid.uuid4().hex,
                payload={"rowCount": count, "format": file_format, "filter": _filter_payload(filter),
                         "columns": [c.key for c in chosen], "revealed": sorted(revealed)},
                owner_id=actor.user_id, team_id=actor.team_id, actor_id=actor.user_id))
    except BaseException:
        path.unlink(missing_ok=True)
        path.with_suffix(".json").unlink(missing_ok=True)
        raise
    return export


async def _write(path, file_format: str, queryset, filter: CustomerFilter, chosen: list[Column],
                 revealed: set[str], locale: str, limit: int) -> int:
    headers = [column.label(locale) for column in chosen]
    title = "客户" if normalise_locale(locale) == "zh-CN" else "Customers"
    sheet = CsvSheet(path, headers) if file_format == "csv" else XlsxSheet(path, headers, title)
    count = 0
    try:
        async for rows in _chunks(queryset, filter.tags):
            count += len(rows)
            if count > limit:
                raise DomainError("TOO_MANY_ROWS", field="filter", limit=limit)
            owners, contacts = await _related(rows, {column.key for column in chosen})
            await asyncio.to_thread(lambda: sheet.write(_render(rows, chosen, owners, contacts, revealed, locale)))
    finally:
        await asyncio.to_thread(sheet.close)
    return count


async def _chunks(queryset, tags: list[str] | None) -> AsyncIterator[list[Customer]]:
    """Matching customers in id order, ``CHUNK`` at a time (tags matched in Python, as the list does)."""
    wanted, last = set(tags or ()), 0
    while True:
        rows = await queryset.filter(id__gt=last).order_by("id").limit(CHUNK)
        if not rows:
            return
        last = rows[-1].id
        yield [row for row in rows if wanted <= set(row.tags or [])]


async def _related(rows: list[Customer], keys: set[str]) -> tuple[dict, dict]:
    """Owner usernames and primary contacts of a chunk, when those columns are exported."""
    owners = {}
    if "owner" in keys:
        owners = dict(await User.filter(id__in={r.owner_id for r in rows if r.owner_id})
                      .values_list("id", "username"))
    contacts = {}
    if keys & {"contact_name", "contact_title", "contact_phone", "contact_email"}:
        contacts = {cid: found[0] for cid, found in (await contacts_by_customer([r.id for r in rows])).items()}
    return owners, contacts


def _render(rows: list[Customer], chosen: list[Column], owners: dict, contacts: dict, revealed: set[str],
            locale: str) -> list[list]:
    """Cell values of a chunk (decrypting and masking; run off the event loop)."""
    zone = ZoneInfo(get_settings().display_timezone)
    return [[_value(column, row, owners, contacts.get(row.id), revealed, locale, zone) for column in chosen]
            for row in rows]


def _value(column: Column, row: Customer, owners: dict, contact, revealed: set[str], locale: str, zone):
    key = column.key
    if key in SECRETS:
        encrypted, mask = SECRETS[key]
        return _secret(getattr(row, encrypted), mask, column.sensitive in revealed)
    if key.startswith("contact_"):
        return _contact_value(key[len("contact_"):], contact, revealed)
    if key == "owner":
        return owners.get(row.owner_id)
    if key == "tags":
        return ", ".join(row.tags or [])
    if key in ("kind", "stage"):
        return choice_label(key, getattr(row, key), locale)
    value = getattr(row, key)
    if isinstance(value, datetime):
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    return value.isoformat() if hasattr(value, "isoformat") else value


def _contact_value(name: str, contact, revealed: set[str]):
    if contact is None:
        return None
    if name in ("phone", "email"):
        mask = mask_phone if name == "phone" else mask_email
        return _secret(getattr(contact, f"{name}_encrypted"), mask, BY_KEY[f"contact_{name}"].sensitive in revealed)
    return getattr(contact, name)


def _secret(encrypted: str | None, mask, in_full: bool) -> str | None:
    value = decrypt(encrypted)
    return value if in_full or value is None else mask(value)


def _download_name(file_format: str, locale: str) -> str:
    stamp = datetime.now(ZoneInfo(get_settings().display_timezone)).strftime("%Y%m%d-%H%M")
    stem = "customers" if normalise_locale(locale) == "en" else "客户导出"
    return f"{stem}-{stamp}.{file_format}"


def _filter_payload(filter: CustomerFilter) -> dict:
    return {key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in dataclasses.asdict(filter).items() if value not in (None, [], "")}
