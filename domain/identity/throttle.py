"""Sign-in throttling: lock an account name or a client address after repeated failures."""

from __future__ import annotations

import math
from datetime import timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from domain.errors import DomainError
from domain.events.envelope import utcnow
from domain.identity.models import LoginThrottle

WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)
LIMITS = {"user": 5, "ip": 20}


def throttle_keys(*, username: str, ip: str | None) -> list[str]:
    keys = [f"user:{username.strip().lower()[:150]}"]
    if ip:
        keys.append(f"ip:{ip[:64]}")
    return keys


async def ensure_not_locked(keys: list[str]) -> None:
    """Refuse while any key is locked, saying for how long (the same for every account name)."""
    now = utcnow()
    locked = await LoginThrottle.filter(key__in=keys, locked_until__gt=now).order_by("-locked_until").first()
    if locked is not None:
        minutes = max(1, math.ceil((locked.locked_until - now).total_seconds() / 60))
        raise DomainError("ACCOUNT_LOCKED", minutes=minutes)


async def record_failure(keys: list[str]) -> None:
    now = utcnow()
    for key in keys:
        row = await _row(key, now)
        if row.window_started_at <= now - WINDOW:
            await LoginThrottle.filter(id=row.id).update(failures=1, window_started_at=now, locked_until=None)
            continue
        await LoginThrottle.filter(id=row.id).update(failures=F("failures") + 1)
        limit = LIMITS[key.split(":", 1)[0]]
        if row.failures + 1 >= limit:
            await LoginThrottle.filter(id=row.id).update(locked_until=now + LOCK)


async def clear(key: str) -> None:
    await LoginThrottle.filter(key=key).delete()


async def _row(key: str, now) -> LoginThrottle:
    row = await LoginThrottle.get_or_none(key=key)
    if row is None:
        try:
            row = await LoginThrottle.create(key=key, failures=0, window_started_at=now)
        except IntegrityError:
            row = await LoginThrottle.get(key=key)
    return row
