"""Input checks shared by the catalog and stock: money, rates, SKUs, whole numbers, text."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.errors import DomainError, ValidationFailed

CENT = Decimal("0.01")
MAX_MONEY = Decimal("999999999999.99")  # DecimalField(max_digits=14, decimal_places=2)
RATE_STEP = Decimal("0.0001")
SKU_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/\-]{0,63}")
MAX_WHOLE = 2**31 - 1


def gather(*checks: Callable[[], Any]) -> list[Any]:
    """Run every check; the results in order, or ``ValidationFailed`` listing every failure."""
    problems: list[DomainError] = []
    results: list[Any] = []
    for check in checks:
        try:
            results.append(check())
        except ValidationFailed as failed:
            problems.extend(failed.errors)
            results.append(None)
        except DomainError as error:
            problems.append(error)
            results.append(None)
    if problems:
        raise ValidationFailed(problems)
    return results


def _decimal(value: Any, field: str, code: str) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(code, field=field) from None
    if not number.is_finite():
        raise DomainError(code, field=field)
    return number


def check_money(value: Any, field: str, *, required: bool = False) -> Decimal | None:
    """A non-negative amount in yuan with at most two decimals."""
    if value is None:
        if required:
            raise DomainError("REQUIRED", field=field)
        return None
    amount = _decimal(value, field, "INVALID_PRICE")
    if amount < 0 or amount > MAX_MONEY or amount != amount.quantize(CENT):
        raise DomainError("INVALID_PRICE", field=field)
    return amount.quantize(CENT)


def check_rate(value: Any, field: str, *, code: str, below_one: bool = False,
               required: bool = False) -> Decimal | None:
    """A rate such as 0.13 (tax) or 0.05 (discount): 0 to 1, at most four decimals."""
    if value is None:
        if required:
            raise DomainError("REQUIRED", field=field)
        return None
    rate = _decimal(value, field, code)
    too_high = rate >= 1 if below_one else rate > 1
    if rate < 0 or too_high or rate != rate.quantize(RATE_STEP):
        raise DomainError(code, field=field)
    return rate.quantize(RATE_STEP)


def check_sku(value: str | None, *, required: bool) -> str | None:
    if value is None or not value.strip():
        if required:
            raise DomainError("REQUIRED", field="sku")
        return None
    sku = value.strip()
    if not SKU_PATTERN.fullmatch(sku):
        raise DomainError("INVALID_SKU", field="sku")
    return sku


def check_text(value: str | None, field: str, *, max_length: int, required: bool = False) -> str | None:
    """The trimmed text, or None when empty and optional."""
    if value is None or not value.strip():
        if required:
            raise DomainError("REQUIRED", field=field)
        return None
    text = value.strip()
    if len(text) > max_length:
        raise DomainError("TOO_LONG", field=field)
    return text


def check_whole(value: Any, field: str) -> int:
    """A whole number, zero or more (stock thresholds)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value > MAX_WHOLE:
        raise DomainError("INVALID_THRESHOLD", field=field)
    return value


def check_quantity(value: Any, field: str = "quantity") -> int:
    """A whole number of base units, one or more."""
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0 or value > MAX_WHOLE:
        raise DomainError("INVALID_QUANTITY", field=field)
    return value
