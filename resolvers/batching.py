"""Batch functions for DataLoaders: one query for many keys, answers in key order."""

from __future__ import annotations


def by_id(fetch):
    """Rows by primary key; a missing key answers None."""

    async def load(ids: list[int]):
        found = {row.id: row for row in await fetch(ids)}
        return [found.get(i) for i in ids]

    return load


def grouped(fetch, default=None):
    """Groups keyed by a foreign key; a key with no rows answers ``default`` (an empty list if None)."""

    async def load(keys: list[int]):
        found = await fetch(keys)
        return [found.get(k, [] if default is None else default) for k in keys]

    return load
