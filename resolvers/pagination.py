"""Counting the rows behind a page."""

from __future__ import annotations

from domain.pagination import Page, count_rows


async def total_count(page: Page) -> int:
    return await count_rows(page)
