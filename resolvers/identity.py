"""Identity resolvers: sign in, sessions, users, teams."""

from __future__ import annotations

from typing import Any

from domain.identity import queries, services
from domain.identity.models import Team, User
from resolvers.ids import parse_id


async def login(ctx: Any, *, username: str, password: str) -> services.Session:
    return await services.login(username=username, password=password)


async def refresh_token(ctx: Any, *, refresh_token: str) -> services.Session:
    return await services.refresh_session(refresh_token=refresh_token)


async def logout(ctx: Any, *, refresh_token: str) -> bool:
    await services.logout(refresh_token=refresh_token)
    return True


async def create_user(ctx: Any, *, username: str, password: str, display_name: str,
                      email: str | None, roles: list[str], team_id: str | None) -> User:
    return await services.create_user(
        actor=ctx.actor, username=username, password=password, display_name=display_name,
        email=email, roles=roles, team_id=parse_id(team_id, field="teamId"),
    )


async def create_team(ctx: Any, *, name: str, manager_id: str | None, parent_id: str | None) -> Team:
    return await services.create_team(
        actor=ctx.actor, name=name, manager_id=parse_id(manager_id, field="managerId"),
        parent_id=parse_id(parent_id, field="parentId"),
    )


async def me(ctx: Any) -> User | None:
    if ctx.actor.user_id is None:
        return None
    return await queries.get_user(ctx.actor.user_id)
