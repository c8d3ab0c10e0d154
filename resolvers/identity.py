"""Identity resolvers: sign in, sessions, users, teams."""

from __future__ import annotations

from typing import Any

from domain.identity import policies, queries, services
from domain.identity.models import Team, User
from policies.authorizer import validate_line
from resolvers.ids import parse_id
from settings import get_settings


async def login(ctx: Any, *, username: str, password: str) -> services.Session:
    return await services.login(username=username, password=password, ip=ctx.actor.ip)


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


async def users(ctx: Any, *, first: int, after: str | None, search: str | None, role: str | None,
                team_id: str | None, active: bool | None):
    return await queries.list_users(first=first, after=after, limit=get_settings().max_page_size,
                                    search=search, role=role, team_id=parse_id(team_id, field="teamId"),
                                    active=active)


async def teams(ctx: Any, *, first: int, after: str | None):
    return await queries.list_teams(first=first, after=after, limit=get_settings().max_page_size)


async def update_user(ctx: Any, *, id: str, display_name: str | None, email: str | None,
                      roles: list[str] | None, team_id: str | None, locale: str | None) -> User:
    return await services.update_user(actor=ctx.actor, user_id=parse_id(id), display_name=display_name,
                                      email=email, roles=roles, team_id=parse_id(team_id, field="teamId"),
                                      locale=locale)


async def set_user_active(ctx: Any, *, id: str, active: bool) -> User:
    return await services.set_user_active(actor=ctx.actor, user_id=parse_id(id), active=active)


async def reset_password(ctx: Any, *, id: str, new_password: str) -> User:
    return await services.reset_password(actor=ctx.actor, user_id=parse_id(id), new_password=new_password)


async def policy_rules(ctx: Any, *, first: int, after: str | None):
    return await queries.list_policy_rules(first=first, after=after, limit=1000)


async def set_policy(ctx: Any, *, line: tuple[str, ...]):
    return await policies.set_rule(actor=ctx.actor, line=line, problem=validate_line(line))


async def remove_policy(ctx: Any, *, line: tuple[str, ...]) -> bool:
    return await policies.remove_rule(actor=ctx.actor, line=line)


async def preload_users(ctx: Any, ids: list[int | None]) -> None:
    """Load the users a page refers to in one query, so their fields resolve synchronously."""
    wanted = [i for i in set(ids) if i is not None and i not in ctx.users]
    if wanted:
        rows = await ctx.loaders.user_by_id.load_many(wanted)
        ctx.users.update({row.id: row for row in rows if row is not None})
