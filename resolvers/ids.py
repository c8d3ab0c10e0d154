"""Parsing of IDs received from clients."""

from __future__ import annotations

from domain.errors import DomainError


def parse_id(value: str | None, *, field: str = "id") -> int | None:
    if value is None:
        return None
    try:
        number = int(str(value))
    except ValueError:
        raise DomainError("INVALID_INPUT", field=field) from None
    if number <= 0 or number > 2**63 - 1:
        raise DomainError("INVALID_INPUT", field=field)
    return number
