"""Input checks for orders, shipments and returns: every problem at once, each naming its field."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from domain.errors import DomainError, Problems

MAX_LINES = 200
MAX_QUANTITY = 1_000_000
MAX_UNIT_PRICE = Decimal("9999999999.99")  # unit_price has 14 digits, 2 after the point
MAX_ORDER_TOTAL = Decimal("99999999999999.99")  # totals have 16 digits, 2 after the point
NOTES_LIMIT = 5000
REASON_LIMIT = 500
CENTS = Decimal("0.01")
RATE_STEP = Decimal("0.0001")


@dataclass
class LineInput:
    """One requested order line; price and discount default to the customer's price and none."""

    product_id: int | None
    quantity: int
    unit_price: Decimal | None = None
    discount: Decimal | None = None


@dataclass
class OrderInput:
    customer_id: int | None
    lines: list[LineInput]
    warehouse_id: int | None = None
    contract_id: int | None = None
    notes: str | None = None


@dataclass(frozen=True)
class LineQuantity:
    """A quantity of one order line, for partial shipments and returns."""

    line_id: int
    quantity: int


def check_quantity(value: object, field: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise DomainError("INVALID_QUANTITY", field=field)
    if value > MAX_QUANTITY:
        raise DomainError("QUANTITY_TOO_LARGE", field=field, limit=MAX_QUANTITY)


def _finite(value: object) -> Decimal | None:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def check_discount(value: object, field: str) -> None:
    """A fraction from 0 to 1 with at most four decimal places (0.05 = 5 % off)."""
    number = _finite(value)
    if number is None or number < 0 or number > 1 or number != number.quantize(RATE_STEP):
        raise DomainError("INVALID_DISCOUNT", field=field)


def check_unit_price(value: object, field: str) -> None:
    number = _finite(value)
    if number is None or number < 0 or number > MAX_UNIT_PRICE or number != number.quantize(CENTS):
        raise DomainError("INVALID_PRICE", field=field)


def check_text(value: str | None, field: str, *, limit: int, missing: str | None = None) -> None:
    """Text within ``limit`` characters; blank raises ``missing`` when given (REQUIRED, REASON_REQUIRED)."""
    if value is None or not value.strip():
        if missing:
            raise DomainError(missing, field=field)
        return
    if len(value) > limit:
        raise DomainError("TOO_LONG", field=field)


def check_order_input(data: OrderInput) -> None:
    """Shape checks that need no database: required fields, quantities, prices, discounts."""
    problems = Problems()
    if data.customer_id is None:
        problems.add("REQUIRED", field="customerId")
    if not data.lines:
        problems.add("REQUIRED", field="lines")
    elif len(data.lines) > MAX_LINES:
        problems.add("TOO_MANY_LINES", field="lines", limit=MAX_LINES)
    for index, line in enumerate(data.lines[:MAX_LINES]):
        where = f"lines.{index}"
        if line.product_id is None:
            problems.add("REQUIRED", field=f"{where}.productId")
        problems.attempt(lambda q=line.quantity, f=f"{where}.quantity": check_quantity(q, f))
        if line.unit_price is not None:
            problems.attempt(lambda p=line.unit_price, f=f"{where}.unitPrice": check_unit_price(p, f))
        if line.discount is not None:
            problems.attempt(lambda d=line.discount, f=f"{where}.discount": check_discount(d, f))
    problems.attempt(lambda: check_text(data.notes, "notes", limit=NOTES_LIMIT))
    problems.raise_if_any(one_as_itself=True)


def check_line_quantities(lines: list[LineQuantity]) -> None:
    """At least one line, each named once, each quantity a positive whole number."""
    problems = Problems()
    if not lines:
        raise DomainError("REQUIRED", field="lines")
    if len(lines) > MAX_LINES:
        problems.add("TOO_MANY_LINES", field="lines", limit=MAX_LINES)
    seen: set[int] = set()
    for index, line in enumerate(lines[:MAX_LINES]):
        if line.line_id in seen:
            problems.add("DUPLICATE_LINE", field=f"lines.{index}.lineId")
        seen.add(line.line_id)
        problems.attempt(lambda q=line.quantity, f=f"lines.{index}.quantity": check_quantity(q, f))
    problems.raise_if_any(one_as_itself=True)
