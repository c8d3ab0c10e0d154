"""GraphQL types for users and teams."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from schema.common import UserError
from schema.context import Info


@strawberry.type
class Team:
    model: strawberry.Private[Any]
    id: strawberry.ID
    name: str

    @classmethod
    def from_model(cls, model: Any) -> Team:
        return cls(model=model, id=strawberry.ID(str(model.id)), name=model.name)

    @strawberry.field
    def manager(self, info: Info) -> User | None:
        return user_field(info, self.model.manager_id)

    @strawberry.field
    async def parent(self, info: Info) -> Team | None:
        if self.model.parent_id is None:
            return None
        row = await info.context.loaders.team_by_id.load(self.model.parent_id)
        return Team.from_model(row) if row else None


@strawberry.type
class User:
    model: strawberry.Private[Any]
    id: strawberry.ID
    username: str
    display_name: str
    roles: list[str]
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None

    @classmethod
    def from_model(cls, model: Any) -> User:
        return cls(
            model=model, id=strawberry.ID(str(model.id)), username=model.username,
            display_name=model.display_name, roles=list(model.roles), is_active=model.is_active,
            created_at=model.created_at, last_login_at=model.last_login_at,
        )

    @strawberry.field(description="Sensitive: readable by admins and the user's managers.")
    def email(self) -> str | None:
        return self.model.email

    @strawberry.field
    async def team(self, info: Info) -> Team | None:
        if self.model.team_id is None:
            return None
        row = await info.context.loaders.team_by_id.load(self.model.team_id)
        return Team.from_model(row) if row else None


@strawberry.type
class LoginPayload:
    access_token: str | None = None
    refresh_token: str | None = None
    user: User | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LogoutPayload:
    ok: bool = False
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class UserPayload:
    user: User | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class TeamPayload:
    team: Team | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class LoginInput:
    username: str
    password: str


@strawberry.input
class CreateUserInput:
    username: str
    password: str
    display_name: str
    email: str | None = None
    roles: list[str] = strawberry.field(default_factory=list)
    team_id: strawberry.ID | None = None


@strawberry.input
class CreateTeamInput:
    name: str
    manager_id: strawberry.ID | None = None
    parent_id: strawberry.ID | None = None


@strawberry.input
class UpdateUserInput:
    display_name: str | None = None
    email: str | None = None
    roles: list[str] | None = None
    team_id: strawberry.ID | None = None
    locale: str | None = None


@strawberry.input
class UserFilter:
    search: str | None = None
    role: str | None = None
    team_id: strawberry.ID | None = None
    active: bool | None = None


@strawberry.type(description="One authorization rule: p (role, object, action) or g (member role, parent role).")
class PolicyRule:
    id: strawberry.ID
    ptype: str
    subject: str
    object: str
    action: str | None

    @classmethod
    def from_model(cls, m: Any) -> PolicyRule:
        return cls(id=strawberry.ID(str(m.id)), ptype=m.ptype, subject=m.v0, object=m.v1,
                   action=m.v2 or None)


@strawberry.input
class PolicyRuleInput:
    ptype: str = "p"
    subject: str
    object: str
    action: str | None = None

    def as_line(self) -> tuple[str, ...]:
        if self.ptype == "g":
            return ("g", self.subject.strip(), self.object.strip())
        return (self.ptype, self.subject.strip(), self.object.strip(), (self.action or "").strip())


@strawberry.type
class PolicyRulePayload:
    rule: PolicyRule | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class RemovePolicyPayload:
    removed: bool = False
    errors: list[UserError] = strawberry.field(default_factory=list)


def user_field(info: Info, user_id: int | None):
    """A related user: synchronous when preloaded for the page, else through the loader."""
    if user_id is None:
        return None
    row = info.context.users.get(user_id)
    if row is not None:
        return User.from_model(row)
    return _load_user(info, user_id)


async def _load_user(info: Info, user_id: int) -> User | None:
    row = await info.context.loaders.user_by_id.load(user_id)
    return User.from_model(row) if row else None
