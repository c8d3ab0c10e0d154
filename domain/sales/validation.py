"""Input checks for quotes and contracts: money, discounts, dates and attachment metadata."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from domain.catalog.pricing import CENT
from domain.errors import DomainError, Problems
from settings import get_settings

MAX_AMOUNT = Decimal("99999999999999.99")  # the money columns: 16 digits, 2 after the point
DISCOUNT_STEP = Decimal("0.0001")
SHA256_RE = re.compile(r"[0-9a-f]{64}")
FILE_NAME_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f/\\]")



def today() -> date:
    """Today in the business time zone (dates on contracts are local dates)."""
    return datetime.now(ZoneInfo(get_settings().display_timezone)).date()


def check_amount(value: Decimal | None, field: str) -> Decimal:
    """A positive amount of money with at most two decimals, as stored."""
    if value is None:
        raise DomainError("REQUIRED", field=field)
    try:
        valid = value.is_finite() and Decimal("0") < value <= MAX_AMOUNT and value == value.quantize(CENT)
    except InvalidOperation:
        valid = False
    if not valid:
        raise DomainError("INVALID_AMOUNT", field=field)
    return value.quantize(CENT)


def check_unit_price(value: Decimal, field: str) -> Decimal:
    """A unit price of zero (a free item) or more, with at most two decimals."""
    try:
        valid = value.is_finite() and Decimal("0") <= value < Decimal("1000000000000") and value == value.quantize(CENT)
    except InvalidOperation:
        valid = False
    if not valid:
        raise DomainError("INVALID_PRICE", field=field)
    return value.quantize(CENT)


def check_discount(value: Decimal | None, field: str) -> Decimal:
    """A line discount as a fraction: 0 ≤ discount < 1, at most four decimals (0.0525 = 5.25%)."""
    if value is None:
        return Decimal("0")
    try:
        valid = value.is_finite() and Decimal("0") <= value < Decimal("1") and value == value.quantize(DISCOUNT_STEP)
    except InvalidOperation:
        valid = False
    if not valid:
        raise DomainError("INVALID_DISCOUNT", field=field)
    return value.quantize(DISCOUNT_STEP)


def check_quantity(value: int | None, field: str) -> int:
    if value is None or isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 1_000_000_000:
        raise DomainError("INVALID_QUANTITY", field=field)
    return value


def check_text(value: str | None, field: str, *, max_length: int, required: bool = False) -> str | None:
    """The stripped text, ``REQUIRED`` when blank and required, ``TOO_LONG`` past ``max_length``."""
    if value is None or not value.strip():
        if required:
            raise DomainError("REQUIRED", field=field)
        return None
    text = value.strip()
    if len(text) > max_length:
        raise DomainError("TOO_LONG", field=field)
    return text


def check_term(problems: Problems, start: date | None, end: date | None) -> None:
    """Both dates are given and the term does not end before it starts."""
    if start is None:
        problems.add(DomainError("REQUIRED", field="startDate"))
    if end is None:
        problems.add(DomainError("REQUIRED", field="endDate"))
    if start is not None and end is not None and end < start:
        problems.add(DomainError("END_BEFORE_START", field="endDate"))


def check_file_name(value: str | None) -> str:
    name = check_text(value, "fileName", max_length=255, required=True)
    if FILE_NAME_FORBIDDEN.search(name) or name in (".", ".."):
        raise DomainError("INVALID_FILE_NAME", field="fileName")
    return name


def check_content_type(value: str | None) -> str:
    allowed = get_settings().contract_attachment_types
    kind = (value or "").split(";")[0].strip().lower()
    if kind not in allowed:
        raise DomainError("UNSUPPORTED_FILE_TYPE", field="contentType", allowed=", ".join(allowed))
    return kind


def check_size(value: int | None) -> int:
    limit = get_settings().contract_attachment_max_bytes
    if value is None or isinstance(value, bool) or value <= 0:
        raise DomainError("INVALID_NUMBER", field="sizeBytes")
    if value > limit:
        raise DomainError("FILE_TOO_LARGE", field="sizeBytes", limit=f"{limit / 1024 / 1024:g} MB")
    return value


def check_sha256(value: str | None) -> str:
    digest = (value or "").strip().lower()
    if not SHA256_RE.fullmatch(digest):
        raise DomainError("INVALID_SHA256", field="sha256")
    return digest


def check_storage_key(value: str | None) -> str:
    """An object-storage key: relative, no ``..`` segments, no whitespace or control characters."""
    key = check_text(value, "storageKey", max_length=255, required=True)
    if key.startswith("/") or ".." in key.split("/") or re.search(r"[\s\x00-\x1f\x7f\\]", key):
        raise DomainError("INVALID_INPUT", field="storageKey")
    return key
