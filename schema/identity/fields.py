"""Identity entry points: Query.me and the sign-in / user / team mutations."""

from __future__ import annotations

import strawberry

from resolvers import identity as resolve
from schema.common import mutation_payload
from schema.context import Info
from schema.identity.types import (
    CreateTeamInput, CreateUserInput, LoginInput, LoginPayload, LogoutPayload, Team, TeamPayload,
    User, UserPayload,
)


def _session(session) -> LoginPayload:
    return LoginPayload(access_token=session.access_token, refresh_token=session.refresh_token,
                        user=User.from_model(session.user))


@strawberry.type
class IdentityQuery:
    @strawberry.field(description="The signed-in user.")
    async def me(self, info: Info) -> User | None:
        row = await resolve.me(info.context)
        return User.from_model(row) if row else None


@strawberry.type
class IdentityMutation:
    @strawberry.mutation(description="Sign in with username and password.")
    async def login(self, info: Info, input: LoginInput) -> LoginPayload | None:
        call = resolve.login(info.context, username=input.username, password=input.password)
        return await mutation_payload(info, call, LoginPayload, _session)

    @strawberry.mutation(description="Exchange a refresh token for a new pair (rotation).")
    async def refresh_token(self, info: Info, refresh_token: str) -> LoginPayload | None:
        call = resolve.refresh_token(info.context, refresh_token=refresh_token)
        return await mutation_payload(info, call, LoginPayload, _session)

    @strawberry.mutation(description="End the session that owns this refresh token.")
    async def logout(self, info: Info, refresh_token: str) -> LogoutPayload | None:
        call = resolve.logout(info.context, refresh_token=refresh_token)
        return await mutation_payload(info, call, LogoutPayload, lambda ok: LogoutPayload(ok=ok))

    @strawberry.mutation
    async def create_user(self, info: Info, input: CreateUserInput) -> UserPayload | None:
        call = resolve.create_user(
            info.context, username=input.username, password=input.password,
            display_name=input.display_name, email=input.email, roles=input.roles, team_id=input.team_id,
        )
        return await mutation_payload(info, call, UserPayload, lambda u: UserPayload(user=User.from_model(u)))

    @strawberry.mutation
    async def create_team(self, info: Info, input: CreateTeamInput) -> TeamPayload | None:
        call = resolve.create_team(info.context, name=input.name, manager_id=input.manager_id,
                                   parent_id=input.parent_id)
        return await mutation_payload(info, call, TeamPayload, lambda t: TeamPayload(team=Team.from_model(t)))
