"""Figures for scheduled report e-mails: a pipeline summary of what the recipient looks after.

Managers get their team and the teams below it; directors and admins (and people without a team)
get everything. Money is summed in Python as Decimal (exact on every database).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from domain.identity.models import User
from domain.identity.queries import team_subtree_ids
from domain.sales.pipeline_models import Lead, Opportunity, Stage
from domain.sales.funnel import weighted

WIDE_ROLES = {"admin", "sales_director"}
PERIOD = timedelta(days=7)


async def _teams_of(user: User) -> set[int] | None:
    """Teams whose figures the user receives; None: everything."""
    if WIDE_ROLES & set(user.roles or []) or user.team_id is None:
        return None
    return await team_subtree_ids([user.team_id])


def _in_teams(query, teams: set[int] | None):
    return query if teams is None else query.filter(team_id__in=teams)


async def pipeline_summary(*, user_id: int, now: datetime) -> dict:
    """Open deals per stage (count, amount, weighted amount), won and lost in the last 7 days, new leads."""
    user = await User.get(id=user_id)
    teams = await _teams_of(user)
    since = now - PERIOD
    stages = {s.id: s for s in await Stage.filter(is_won=False, is_lost=False).order_by("pipeline_id", "position")}
    rows = {stage_id: {"nameZh": s.name_zh, "nameEn": s.name_en, "count": 0, "amount": Decimal("0.00"),
                       "weighted": Decimal("0.00")} for stage_id, s in stages.items()}
    for stage_id, amount in await _in_teams(Opportunity.filter(status="open"), teams).values_list("stage_id",
                                                                                                 "amount"):
        row = rows.get(stage_id)
        if row is not None:
            row["count"] += 1
            row["amount"] += Decimal(amount)
            row["weighted"] += weighted(Decimal(amount), stages[stage_id].probability)
    closed = await _in_teams(Opportunity.filter(closed_at__gte=since), teams).values_list("status", "amount")
    won = [Decimal(a) for status, a in closed if status == "won"]
    shown = [row for row in rows.values() if row["count"]]
    return {"stages": shown, "openCount": sum(r["count"] for r in shown),
            "openAmount": sum((r["amount"] for r in shown), Decimal("0.00")),
            "weightedAmount": sum((r["weighted"] for r in shown), Decimal("0.00")),
            "wonCount": len(won), "wonAmount": sum(won, Decimal("0.00")),
            "lostCount": sum(1 for status, _ in closed if status == "lost"),
            "newLeads": await _in_teams(Lead.filter(created_at__gte=since), teams).count(),
            "since": since, "until": now, "scope": "all" if teams is None else "team"}
