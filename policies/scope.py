"""Data-scope rules: which rows each role sees, per resource (own / team / all)."""

from __future__ import annotations

from domain.actor import Actor
from domain.identity.queries import managed_team_ids, team_subtree_ids
from domain.identity.scope import ALL, NOTHING, DataScope, ScopeKind

# The widest scope of the actor's roles wins. Resources not listed use "default".
ROLE_SCOPES: dict[str, dict[str, ScopeKind]] = {
    "admin": {"default": "all"},
    "sales_director": {"default": "all"},
    "auditor": {"default": "all"},
    "finance": {"default": "all"},
    "warehouse": {"default": "all"},
    "marketing": {"default": "all"},
    "service": {"default": "all"},
    "sales_manager": {"default": "team"},
    "sales_rep": {"default": "own"},
    "partner": {"default": "own"},
}
_WIDTH = {"none": 0, "own": 1, "team": 2, "all": 3}


def scope_kind(roles: frozenset[str], resource: str) -> ScopeKind:
    best: ScopeKind = "none"
    for role in roles:
        rules = ROLE_SCOPES.get(role, {})
        kind = rules.get(resource, rules.get("default", "none"))
        if _WIDTH[kind] > _WIDTH[best]:
            best = kind
    return best


async def data_scope(actor: Actor, resource: str = "default") -> DataScope:
    """The rows ``actor`` may see of ``resource``; team scope includes nested teams."""
    if actor.is_system:
        return ALL
    kind = scope_kind(actor.roles, resource)
    if kind == "all":
        return ALL
    if kind == "none" or actor.user_id is None:
        return NOTHING
    if kind == "own":
        return DataScope(kind="own", user_id=actor.user_id)
    roots = set(await managed_team_ids(actor.user_id))
    if actor.team_id is not None:
        roots.add(actor.team_id)
    return DataScope(kind="team", user_id=actor.user_id, team_ids=frozenset(await team_subtree_ids(roots)))
