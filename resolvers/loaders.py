"""Per-request DataLoaders, named <Target>By<Key>Loader."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from domain.identity import queries as identity_queries


def _by_id(fetch):
    async def load(ids: list[int]):
        found = {row.id: row for row in await fetch(ids)}
        return [found.get(i) for i in ids]

    return load


def UserByIdLoader() -> DataLoader:  # noqa: N802 - named after what it loads
    return DataLoader(load_fn=_by_id(identity_queries.users_by_ids))


def TeamByIdLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=_by_id(identity_queries.teams_by_ids))


@dataclass
class Loaders:
    user_by_id: DataLoader = field(default_factory=UserByIdLoader)
    team_by_id: DataLoader = field(default_factory=TeamByIdLoader)
