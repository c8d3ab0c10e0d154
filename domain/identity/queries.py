"""Reads for screens and loaders."""

from __future__ import annotations

from collections.abc import Iterable

from domain.identity.models import Team, User


async def users_by_ids(ids: Iterable[int]) -> list[User]:
    return await User.filter(id__in=list(ids))


async def teams_by_ids(ids: Iterable[int]) -> list[Team]:
    return await Team.filter(id__in=list(ids))


async def get_user(user_id: int) -> User | None:
    return await User.get_or_none(id=user_id)


async def team_subtree_ids(root_ids: Iterable[int]) -> set[int]:
    """The given teams and every team nested below them."""
    pending = set(root_ids)
    found: set[int] = set()
    while pending:
        found |= pending
        children = await Team.filter(parent_id__in=list(pending)).values_list("id", flat=True)
        pending = set(children) - found
    return found


async def managed_team_ids(user_id: int) -> list[int]:
    return await Team.filter(manager_id=user_id).values_list("id", flat=True)
