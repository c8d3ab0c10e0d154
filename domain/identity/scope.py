"""Row-level data scope: which rows an actor may see (own / team / all)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tortoise.expressions import Q

ScopeKind = Literal["all", "team", "own", "none"]


@dataclass(frozen=True, slots=True)
class DataScope:
    kind: ScopeKind
    user_id: int | None = None
    team_ids: frozenset[int] = frozenset()

    def q(self, *, owner_field: str = "owner_id", team_field: str = "team_id") -> Q:
        """A filter for querysets of rows that carry an owner and a team."""
        if self.kind == "all":
            return Q()
        if self.kind == "none" or self.user_id is None:
            return Q(**{f"{owner_field}__isnull": True}) & Q(**{f"{owner_field}__isnull": False})
        own = Q(**{owner_field: self.user_id})
        if self.kind == "own":
            return own
        return own | Q(**{f"{team_field}__in": list(self.team_ids)})

    def allows(self, *, owner_id: int | None, team_id: int | None) -> bool:
        if self.kind == "all":
            return True
        if self.kind == "none" or self.user_id is None:
            return False
        if owner_id is not None and owner_id == self.user_id:
            return True
        return self.kind == "team" and team_id is not None and team_id in self.team_ids


ALL = DataScope(kind="all")
NOTHING = DataScope(kind="none")
