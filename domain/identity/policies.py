"""Stored authorization policy: read, seed, change (changes are events on the bus)."""

from __future__ import annotations

from collections.abc import Iterable

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.actor import Actor
from domain.errors import DomainError
from domain.events import DomainEvent, unit_of_work
from domain.identity.models import PolicyRetirement, PolicyRule

Line = tuple[str, ...]


async def stored_lines() -> list[Line]:
    return [row.as_line() for row in await PolicyRule.filter(removed=False).order_by("id")]


async def add_default_rules(lines: Iterable[Line]) -> int:
    """Store default rules not seen before (new ones arrive with upgrades); removed ones stay removed."""
    async with unit_of_work():
        known = {row.as_line() for row in await PolicyRule.all()}
        fresh = [_row(line) for line in dict.fromkeys(lines) if line not in known]
        if fresh:
            await PolicyRule.bulk_create(fresh)
    return len(fresh)


async def retire_default_rules(lines: Iterable[Line]) -> int:
    """Remove default rules an upgrade withdrew, once each (a later re-add by an admin stays); how many."""
    removed = 0
    done = set(await PolicyRetirement.all().values_list("line", flat=True))
    for line in dict.fromkeys(lines):
        key = "|".join(line)
        if key in done:
            continue
        try:
            async with in_transaction():
                await PolicyRetirement.create(line=key)  # unique: one instance retires it, however many start
                removed += await PolicyRule.filter(ptype=line[0], v0=line[1], v1=line[2], removed=False,
                                                   v2=line[3] if line[0] == "p" else "").update(removed=True)
        except IntegrityError:
            continue
    return removed


def _row(line: Line) -> PolicyRule:
    return PolicyRule(ptype=line[0], v0=line[1], v1=line[2], v2=line[3] if line[0] == "p" else "")


async def set_rule(*, actor: Actor, line: Line, problem: str | None) -> PolicyRule:
    """Add one rule (``problem`` is the caller's validation verdict)."""
    if problem:
        raise DomainError("INVALID_POLICY", field="rule", detail=problem)
    async with unit_of_work() as work:
        row, _ = await PolicyRule.get_or_create(ptype=line[0], v0=line[1], v1=line[2],
                                                v2=line[3] if line[0] == "p" else "")
        if row.removed:
            row.removed = False
            await row.save(update_fields=["removed"])
        work.record(DomainEvent(type="policy.changed", aggregate_type="Policy", aggregate_id=str(row.id),
                                payload={"added": list(line)}, actor_id=actor.user_id))
    return row


async def remove_rule(*, actor: Actor, line: Line) -> bool:
    async with unit_of_work() as work:
        deleted = await PolicyRule.filter(ptype=line[0], v0=line[1], v1=line[2], removed=False,
                                          v2=line[3] if line[0] == "p" and len(line) > 3 else "").update(removed=True)
        if deleted:
            work.record(DomainEvent(type="policy.changed", aggregate_type="Policy", aggregate_id="0",
                                    payload={"removed": list(line)}, actor_id=actor.user_id))
    return bool(deleted)
