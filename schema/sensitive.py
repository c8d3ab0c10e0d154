"""Sensitive values: shown in full only to roles allowed the ``Sensitive.<Type>.<field>`` object."""

from __future__ import annotations

from collections.abc import Callable

from domain.protection import decrypt

SENSITIVE_TYPE = "Sensitive"


def reveal(info, key: str, entity_id: int, encrypted: str | None,
           mask: Callable[[str | None], str | None]) -> str | None:
    """The decrypted value for viewers allowed to see it in full, the masked value for others."""
    value = decrypt(encrypted)
    if value is None:
        return None
    decisions = info.context.decisions
    allowed = decisions.memo.get((SENSITIVE_TYPE, key))
    if allowed is None:
        allowed = decisions.decide(SENSITIVE_TYPE, key)
    if allowed:
        info.context.revealed.setdefault(key, set()).add(entity_id)
        return value
    return mask(value)
