"""Administration of users, teams and authorization policy."""

from __future__ import annotations

import strawberry

from resolvers import identity as resolve
from schema.common import Connection, connection, mutation_payload
from schema.context import Info
from schema.identity.types import (
    PolicyRule, PolicyRuleInput, PolicyRulePayload, RemovePolicyPayload, Team, UpdateUserInput, User,
    UserFilter, UserPayload,
)


def _user_payload(user) -> UserPayload:
    return UserPayload(user=User.from_model(user))


@strawberry.type
class IdentityAdminQuery:
    @strawberry.field
    async def users(self, info: Info, filter: UserFilter | None = None, first: int = 50,
                    after: str | None = None) -> Connection[User] | None:
        f = filter or UserFilter()
        page = await resolve.users(info.context, first=first, after=after, search=f.search, role=f.role,
                                   team_id=f.team_id, active=f.active)
        return connection(page, User.from_model)

    @strawberry.field
    async def teams(self, info: Info, first: int = 100, after: str | None = None) -> Connection[Team] | None:
        return connection(await resolve.teams(info.context, first=first, after=after), Team.from_model)

    @strawberry.field
    async def policies(self, info: Info, first: int = 500,
                       after: str | None = None) -> Connection[PolicyRule] | None:
        page = await resolve.policy_rules(info.context, first=first, after=after)
        return connection(page, PolicyRule.from_model)


@strawberry.type
class IdentityAdminMutation:
    @strawberry.mutation
    async def update_user(self, info: Info, id: strawberry.ID, input: UpdateUserInput) -> UserPayload | None:
        call = resolve.update_user(info.context, id=id, display_name=input.display_name, email=input.email,
                                   roles=input.roles, team_id=input.team_id, locale=input.locale)
        return await mutation_payload(info, call, UserPayload, _user_payload)

    @strawberry.mutation(description="Disable an account; its sessions end at once.")
    async def disable_user(self, info: Info, id: strawberry.ID) -> UserPayload | None:
        call = resolve.set_user_active(info.context, id=id, active=False)
        return await mutation_payload(info, call, UserPayload, _user_payload)

    @strawberry.mutation
    async def enable_user(self, info: Info, id: strawberry.ID) -> UserPayload | None:
        call = resolve.set_user_active(info.context, id=id, active=True)
        return await mutation_payload(info, call, UserPayload, _user_payload)

    @strawberry.mutation(description="Set a new password; the user's sessions end.")
    async def reset_password(self, info: Info, id: strawberry.ID, new_password: str) -> UserPayload | None:
        call = resolve.reset_password(info.context, id=id, new_password=new_password)
        return await mutation_payload(info, call, UserPayload, _user_payload)

    @strawberry.mutation(description="Add an authorization rule; every instance applies it within seconds.")
    async def set_policy(self, info: Info, input: PolicyRuleInput) -> PolicyRulePayload | None:
        call = resolve.set_policy(info.context, line=input.as_line())
        return await mutation_payload(info, call, PolicyRulePayload,
                                      lambda row: PolicyRulePayload(rule=PolicyRule.from_model(row)))

    @strawberry.mutation
    async def remove_policy(self, info: Info, input: PolicyRuleInput) -> RemovePolicyPayload | None:
        call = resolve.remove_policy(info.context, line=input.as_line())
        return await mutation_payload(info, call, RemovePolicyPayload,
                                      lambda removed: RemovePolicyPayload(removed=removed))
