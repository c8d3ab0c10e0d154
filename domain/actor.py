"""Who is acting: built once per request or job and passed to every service."""

from __future__ import annotations

from dataclasses import dataclass, field

SYSTEM_USERNAME = "system"


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    username: str
    roles: frozenset[str] = frozenset()
    team_id: int | None = None
    locale: str = "zh-CN"
    ip: str | None = None
    user_agent: str | None = None
    request_id: str | None = None
    api_key_id: int | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None or self.username == SYSTEM_USERNAME

    @property
    def is_system(self) -> bool:
        return self.username == SYSTEM_USERNAME

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


ANONYMOUS = Actor(user_id=None, username="anonymous")
SYSTEM = Actor(user_id=None, username=SYSTEM_USERNAME, roles=frozenset({"admin"}))
