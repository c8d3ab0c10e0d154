"""Who gets new work: round-robin or least-load among the active people of a role (within a team).

The round-robin turn is a counter on the rule, advanced by an atomic update inside the caller's
transaction, so two workers assigning at once never hand out the same turn.
"""

from __future__ import annotations

from tortoise.expressions import F
from tortoise.functions import Count

from domain.automation.models import AutomationRule
from domain.errors import DomainError
from domain.identity.models import User
from domain.identity.queries import team_subtree_ids
from domain.sales.pipeline_models import Lead, Opportunity, Task

STRATEGIES = ("round_robin", "least_load")
# what counts as someone's current load, per kind of record being assigned
OPEN_WORK = {"Lead": (Lead, {"status": "open"}), "Opportunity": (Opportunity, {"status": "open"}),
             "Customer": (Opportunity, {"status": "open"}), "Task": (Task, {"status": "open"})}


async def candidates(*, role: str, team_id: int | None) -> list[User]:
    """Active people holding ``role`` (in the team or the teams below it), in a stable order."""
    query = User.filter(is_active=True)
    if team_id is not None:
        query = query.filter(team_id__in=await team_subtree_ids([team_id]))
    return [u for u in await query.order_by("id") if role in (u.roles or [])]


async def _next_turn(rule_id: int) -> int:
    await AutomationRule.filter(id=rule_id).update(round_robin_turn=F("round_robin_turn") + 1)
    return (await AutomationRule.filter(id=rule_id).values_list("round_robin_turn", flat=True))[0]


async def _least_loaded(people: list[User], subject: str) -> User:
    model, open_filter = OPEN_WORK[subject]
    owner = "assignee_id" if model is Task else "owner_id"
    counts = dict(await model.filter(**open_filter, **{f"{owner}__in": [p.id for p in people]})
                  .annotate(n=Count("id")).group_by(owner).values_list(owner, "n"))
    return min(people, key=lambda p: (counts.get(p.id, 0), p.id))


async def choose_owner(*, rule_id: int, strategy: str, role: str, team_id: int | None, subject: str) -> User:
    """The next person to give a record to; NO_ASSIGNEE when nobody qualifies."""
    people = await candidates(role=role, team_id=team_id)
    if not people:
        raise DomainError("NO_ASSIGNEE", field="actions", role=role)
    if strategy == "least_load":
        return await _least_loaded(people, subject)
    turn = await _next_turn(rule_id)
    return people[(turn - 1) % len(people)]
