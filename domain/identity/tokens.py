"""Access tokens (short-lived JWT) and opaque refresh tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

import jwt

from domain.actor import Actor
from domain.errors import DomainError
from settings import get_settings

ALGORITHM = "HS256"


def issue_access_token(*, user_id: int, username: str, roles: list[str], team_id: int | None,
                       locale: str, token_version: int) -> str:
    settings = get_settings()
    now = datetime.now(timezone.utc)
    claims = {
        "sub": str(user_id),
        "usr": username,
        "roles": sorted(roles),
        "team": team_id,
        "loc": locale,
        "ver": token_version,
        "typ": "access",
        "iat": now,
        "exp": now + timedelta(seconds=settings.access_token_ttl_seconds),
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)


def decode_access_token(token: str) -> dict[str, Any]:
    """The claims of a valid access token; ``TOKEN_EXPIRED`` / ``TOKEN_INVALID`` otherwise."""
    try:
        claims = jwt.decode(
            token,
            get_settings().secret_key,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub", "typ"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise DomainError("TOKEN_EXPIRED") from exc
    except jwt.PyJWTError as exc:
        raise DomainError("TOKEN_INVALID") from exc
    if claims.get("typ") != "access":
        raise DomainError("TOKEN_INVALID")
    return claims


def actor_from_claims(claims: dict[str, Any], **request_facts: Any) -> Actor:
    return Actor(
        user_id=int(claims["sub"]),
        username=claims.get("usr", ""),
        roles=frozenset(claims.get("roles", [])),
        team_id=claims.get("team"),
        locale=request_facts.pop("locale", None) or claims.get("loc", "zh-CN"),
        **request_facts,
    )


def new_refresh_token() -> tuple[str, str]:
    """A random refresh token and the SHA-256 hex digest stored for it."""
    token = secrets.token_urlsafe(32)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
