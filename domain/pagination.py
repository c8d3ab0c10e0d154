"""Cursor pagination (keyset on a sort column plus the primary key) shared by every list."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from tortoise.expressions import Q

from domain.errors import DomainError

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    has_next_page: bool
    end_cursor: str | None
    total_count_query: Any = None
    sort: Any = None


@dataclass(frozen=True)
class Sort:
    """Order by a non-null column, then by id for a stable order."""

    column: str = "id"
    descending: bool = False


def encode_cursor(row_id: int, value: Any = None) -> str:
    if isinstance(value, (datetime, date)):
        value = value.isoformat()
    raw = f"id:{row_id}" if value is None else "k:" + json.dumps([value, row_id], ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str | None) -> tuple[Any, int] | None:
    """(sort value or None, id) from a cursor; ``INVALID_CURSOR`` when it was not made by us."""
    if cursor is None:
        return None
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind == "id":
            return None, int(value)
        if kind == "k":
            sort_value, row_id = json.loads(value)
            return sort_value, int(row_id)
    except (ValueError, UnicodeDecodeError, TypeError):
        pass
    raise DomainError("INVALID_CURSOR", field="after")


def check_page_size(first: int, limit: int) -> None:
    if first < 0 or first > limit:
        raise DomainError("PAGE_TOO_LARGE", field="first", limit=limit)


def _after(sort: Sort, value: Any, row_id: int) -> Q:
    if sort.column == "id":
        return Q(id__lt=row_id) if sort.descending else Q(id__gt=row_id)
    op = "lt" if sort.descending else "gt"
    return Q(**{f"{sort.column}__{op}": value}) | (Q(**{sort.column: value}) & Q(**{f"id__{op}": row_id}))


async def paginate(queryset, *, first: int, after: str | None, limit: int, sort: Sort = Sort(),
                   rows_as: Callable[..., Any] | None = None) -> Page:
    """Rows after the cursor in sort order, one extra fetched to know whether more follow.

    ``rows_as`` builds each row from its column values instead of a model instance (a read model for
    hot list screens: about twice as fast, the same attributes, no ORM methods).
    """
    check_page_size(first, limit)
    position = decode_cursor(after)
    window = queryset
    if position is not None:
        value, row_id = position
        if sort.column != "id" and value is None:
            raise DomainError("INVALID_CURSOR", field="after")
        window = queryset.filter(_after(sort, _typed(queryset.model, sort.column, value), row_id))
    sign = "-" if sort.descending else ""
    ordering = [f"{sign}{sort.column}"] + ([f"{sign}id"] if sort.column != "id" else [])
    window = window.order_by(*ordering).limit(first + 1)
    rows = [rows_as(**values) for values in await window.values()] if rows_as else await window
    more = len(rows) > first
    rows = rows[:first]
    end = cursor_for(rows[-1], sort) if rows else None
    return Page(rows=rows, has_next_page=more, end_cursor=end, total_count_query=queryset, sort=sort)


def _typed(model, column: str, value: Any) -> Any:
    """Turn a cursor's JSON value back into the column's type."""
    from tortoise import fields

    field = model._meta.fields_map.get(column)
    try:
        if isinstance(field, fields.DatetimeField) and isinstance(value, str):
            return datetime.fromisoformat(value)
        if isinstance(field, fields.DateField) and isinstance(value, str):
            return date.fromisoformat(value)
    except ValueError:
        raise DomainError("INVALID_CURSOR", field="after") from None
    return value


def cursor_for(row: Any, sort: Sort = Sort()) -> str:
    if sort.column == "id":
        return encode_cursor(row.id)
    return encode_cursor(row.id, getattr(row, sort.column))


async def count_rows(page: Page) -> int:
    """How many rows the page's filter matches, ignoring the cursor."""
    return await page.total_count_query.count()
