"""What is sensitive, and how values are masked before they reach an audit record."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

# Names (lower case, without "_") that mark a secret: never stored, not even in part.
SECRET_MARKERS = (
    "password", "token", "secret", "apikey", "authorization", "credential", "privatekey", "encrypted",
)
# Names of personal data: stored only masked.
PERSONAL_NAMES = frozenset({"phone", "mobile", "email", "idnumber", "idcard", "passport", "bankaccount"})
REDACTED = "[redacted]"
MAX_TEXT = 500
MAX_ITEMS = 100
MAX_DEPTH = 6


def _normalised(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def is_secret(name: str) -> bool:
    key = _normalised(name)
    return any(marker in key for marker in SECRET_MARKERS)


def is_personal(name: str) -> bool:
    return _normalised(name) in PERSONAL_NAMES


def mask_personal(value: Any) -> str | None:
    """Keep just enough to recognise a value: ``z***@example.com``, ``138***34``."""
    if value is None:
        return None
    text = str(value)
    local, at, domain = text.partition("@")
    if at and local:
        return f"{local[0]}***@{domain}"
    if len(text) <= 4:
        return "*" * len(text)
    return f"{text[:3]}***{text[-2:]}"


def plain(value: Any, depth: int = 0) -> Any:
    """A JSON-safe copy of ``value``: Decimal, dates, UUIDs, enums as text; long text and lists cut."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + "…"
    if isinstance(value, (float, Decimal, UUID)):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Enum):
        return plain(value.value, depth)
    if depth >= MAX_DEPTH:
        return "…"
    if isinstance(value, Mapping):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain(v, depth + 1) for v in list(value)[:MAX_ITEMS]]
        return items + [f"… {len(value) - MAX_ITEMS} more"] if len(value) > MAX_ITEMS else items
    name = getattr(value, "filename", None)  # an uploaded file: its name, never its content
    return f"<{type(value).__name__} {name}>" if name else f"<{type(value).__name__}>"


def mask_value(name: str, value: Any) -> Any:
    """``value`` as it may be stored under the key ``name``."""
    return _mask_named(name, plain(value))


def masked(value: Any) -> Any:
    """A JSON-safe copy of ``value`` with secrets redacted and personal data masked, by key."""
    return _mask(plain(value))


def _mask_named(name: str, value: Any) -> Any:
    if is_secret(name):
        return None if value is None else REDACTED
    if is_personal(name):
        return [mask_personal(v) for v in value] if isinstance(value, list) else mask_personal(value)
    return _mask(value)


def _mask(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _mask_named(key, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_mask(item) for item in value]
    return value
