"""Cursor pagination (keyset on the primary key) shared by every list."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from domain.errors import DomainError

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    has_next_page: bool
    end_cursor: str | None
    total_count_query: Any = None


def encode_cursor(row_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{row_id}".encode()).decode()


def decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        row_id = int(value)
    except (ValueError, UnicodeDecodeError):
        raise DomainError("INVALID_CURSOR", field="after") from None
    if kind != "id" or row_id < 0:
        raise DomainError("INVALID_CURSOR", field="after")
    return row_id


def check_page_size(first: int, limit: int) -> None:
    if first < 0 or first > limit:
        raise DomainError("PAGE_TOO_LARGE", field="first", limit=limit)


async def paginate(queryset, *, first: int, after: str | None, limit: int) -> Page:
    """Rows after the cursor in id order, one extra fetched to know if more follow."""
    check_page_size(first, limit)
    after_id = decode_cursor(after)
    window = queryset.filter(id__gt=after_id) if after_id is not None else queryset
    rows = await window.order_by("id").limit(first + 1)
    more = len(rows) > first
    rows = rows[:first]
    return Page(rows=rows, has_next_page=more, end_cursor=encode_cursor(rows[-1].id) if rows else None,
                total_count_query=queryset)


async def count_rows(page: Page) -> int:
    """How many rows the page's filter matches, ignoring the cursor."""
    return await page.total_count_query.count()
