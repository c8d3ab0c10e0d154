"""Protection of sensitive values: encryption at rest, blind indexes for lookups, masking."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken

from settings import get_settings


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    return Fernet(_fernet_key(key))


def _fernet_key(key: str) -> bytes:
    """Accept a Fernet key, or derive one from any other secret string."""
    try:
        if len(base64.urlsafe_b64decode(key.encode())) == 32:
            return key.encode()
    except ValueError:
        pass
    return base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest())


def encrypt(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    return _fernet(get_settings().field_encryption_key).encrypt(value.encode()).decode()


def decrypt(token: str | None) -> str | None:
    if not token:
        return None
    try:
        return _fernet(get_settings().field_encryption_key).decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def blind_index(kind: str, normalised: str | None) -> str | None:
    """A keyed digest of a normalised value, so equal values can be found without decrypting."""
    if not normalised:
        return None
    key = hashlib.sha256(("index:" + get_settings().field_encryption_key).encode()).digest()
    return hmac.new(key, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()


def mask_phone(value: str | None) -> str | None:
    """138****5678: keep the first three and last four digits."""
    if not value:
        return value
    if len(value) <= 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_email(value: str | None) -> str | None:
    if not value or "@" not in value:
        return value
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_id_number(value: str | None) -> str | None:
    if not value:
        return value
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
