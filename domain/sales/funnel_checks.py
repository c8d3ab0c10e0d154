"""Input checks shared by pipelines, leads, opportunities and tasks: every problem is collected, then raised."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from domain.crm.validation import check_choice, check_text
from domain.errors import DomainError
from domain.identity.models import User
from domain.identity.scope import DataScope
from settings import get_settings

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("99999999999999.99")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def text(value: str | None, field: str, *, max_length: int, required: bool = False) -> str | None:
    """The stripped text, or None when blank."""
    check_text(value, field, max_length=max_length, required=required)
    return value.strip() if value and value.strip() else None


def choice(value: str | None, allowed: tuple[str, ...], field: str, default: str) -> str:
    check_choice(value, allowed, field)
    return value or default


def money(value: Decimal | None, field: str, *, positive: bool = False) -> Decimal | None:
    """A non-negative amount with at most two decimals (above zero when ``positive``)."""
    if value is None:
        return None
    code = "INVALID_AMOUNT" if positive else "INVALID_MONEY"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(code, field=field) from None
    if not amount.is_finite() or amount < 0 or (positive and amount == 0) or amount > MAX_AMOUNT \
            or amount != amount.quantize(CENT):
        raise DomainError(code, field=field)
    return amount.quantize(CENT)


def currency(value: str | None) -> str:
    if value is None:
        return get_settings().default_currency
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise DomainError("INVALID_CURRENCY", field="currency")
    return code


def probability(value: Decimal | None, field: str = "probability") -> Decimal | None:
    """A win probability between 0 and 1 (0.25 = 25 %), four decimals at most."""
    if value is None:
        return None
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError("INVALID_PROBABILITY", field=field) from None
    if not number.is_finite() or number < 0 or number > 1 or number != number.quantize(Decimal("0.0001")):
        raise DomainError("INVALID_PROBABILITY", field=field)
    return number.quantize(Decimal("0.0001"))


def colour(value: str | None, field: str = "color") -> str | None:
    if value is None:
        return None
    if not COLOUR.fullmatch(value.strip()):
        raise DomainError("INVALID_COLOR", field=field)
    return value.strip().lower()


def whole(value: int | None, field: str, *, code: str = "INVALID_THRESHOLD") -> int | None:
    """A whole number, zero or more."""
    if value is not None and value < 0:
        raise DomainError(code, field=field)
    return value


def aware(value: datetime | None) -> datetime | None:
    """Times without a zone are read in the display time zone (what a person in the sales team means)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=ZoneInfo(get_settings().display_timezone))


async def person_team(user_id: int | None, scope: DataScope, *, field: str, code: str) -> int | None:
    """The team of an active user the actor may give work to (within their data scope); error otherwise."""
    if user_id is None:
        return None
    user = await User.get_or_none(id=user_id, is_active=True)
    if user is None or not scope.allows(owner_id=user.id, team_id=user.team_id):
        raise DomainError(code, field=field)
    return user.team_id
