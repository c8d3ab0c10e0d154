"""Reads for screens and loaders."""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.expressions import Q

from domain.identity.models import PolicyRule, Team, User
from domain.pagination import Page, paginate


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


async def list_users(*, first: int, after: str | None, limit: int, search: str | None = None,
                     role: str | None = None, team_id: int | None = None,
                     active: bool | None = None) -> Page[User]:
    queryset = User.all()
    if search:
        term = search.strip()[:100]
        queryset = queryset.filter(Q(username__icontains=term) | Q(display_name__icontains=term))
    if team_id is not None:
        queryset = queryset.filter(team_id=team_id)
    if active is not None:
        queryset = queryset.filter(is_active=active)
    if role:
        # roles is a short JSON list and users number in the thousands: match in Python, page in SQL.
        rows = await User.all().values_list("id", "roles")
        queryset = queryset.filter(id__in=[uid for uid, roles in rows if role in (roles or [])])
    return await paginate(queryset, first=first, after=after, limit=limit)


async def list_teams(*, first: int, after: str | None, limit: int) -> Page[Team]:
    return await paginate(Team.all(), first=first, after=after, limit=limit)


async def list_policy_rules(*, first: int, after: str | None, limit: int) -> Page[PolicyRule]:
    return await paginate(PolicyRule.all(), first=first, after=after, limit=limit)


async def token_versions() -> dict[int, int]:
    """Users whose sessions were ended at least once: id -> current token version."""
    rows = await User.filter(token_version__gt=0).values_list("id", "token_version")
    return dict(rows)
