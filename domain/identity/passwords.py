"""Password hashing (argon2id) and the password rules."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.errors import DomainError

DEMO_PASSWORD = "Demo-2026!"
_hasher = PasswordHasher()
# Verified against on unknown users so a failed login costs the same either way.
_DUMMY_HASH = _hasher.hash("salesdesk-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-cost check: an unknown user still pays for one argon2 verification."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def check_password_rules(password: str, *, allow_demo: bool = False) -> None:
    if len(password) < 10 or len(password) > 128:
        raise DomainError("WEAK_PASSWORD", field="password")
    if not allow_demo and password == DEMO_PASSWORD:
        raise DomainError("WEAK_PASSWORD", field="password")
