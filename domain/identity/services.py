"""Identity actions: create users and teams, sign in, rotate and revoke sessions."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

from tortoise.exceptions import IntegrityError

from domain.actor import Actor
from domain.audit.entries import note_change
from domain.errors import DomainError, NotFound, ValidationFailed
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.identity import throttle
from domain.identity.models import ROLES, RefreshToken, Team, User
from domain.identity.passwords import check_password_rules, hash_password, verify_password
from domain.identity.tokens import hash_refresh_token, issue_access_token, new_refresh_token
from settings import get_settings

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.\-]{3,64}$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")


@dataclass(frozen=True)
class Session:
    user: User
    access_token: str
    refresh_token: str


def _validate_user_input(*, username: str | None, email: str | None, roles: list[str] | None,
                         display_name: str | None) -> None:
    problems = []
    if username is not None and not USERNAME_RE.match(username):
        problems.append(DomainError("INVALID_INPUT", field="username"))
    if display_name is not None and not (1 <= len(display_name.strip()) <= 100):
        problems.append(DomainError("REQUIRED" if not display_name.strip() else "TOO_LONG", field="displayName"))
    if email and not EMAIL_RE.match(email):
        problems.append(DomainError("INVALID_EMAIL", field="email"))
    for role in roles or []:
        if role not in ROLES:
            problems.append(DomainError("UNKNOWN_ROLE", field="roles", role=role))
    if problems:
        raise ValidationFailed(problems)


async def create_user(*, actor: Actor, username: str, password: str, display_name: str,
                      roles: list[str], email: str | None = None, team_id: int | None = None,
                      is_demo: bool = False) -> User:
    """Create an active user; ``user.created`` is recorded with the change."""
    _validate_user_input(username=username, email=email, roles=roles, display_name=display_name)
    check_password_rules(password, allow_demo=is_demo)
    async with unit_of_work() as work:
        if team_id is not None and not await Team.exists(id=team_id):
            raise NotFound(field="teamId")
        try:
            user = await User.create(
                username=username, display_name=display_name.strip(), email=email or None,
                password_hash=hash_password(password), roles=sorted(set(roles)), team_id=team_id,
                is_demo=is_demo,
            )
        except IntegrityError as exc:
            raise DomainError("DUPLICATE", field="username") from exc
        work.record(DomainEvent(
            type="user.created", aggregate_type="User", aggregate_id=str(user.id),
            payload={"username": user.username, "roles": user.roles}, owner_id=user.id,
            team_id=team_id, actor_id=actor.user_id,
        ))
    return user


async def create_team(*, actor: Actor, name: str, manager_id: int | None = None,
                      parent_id: int | None = None) -> Team:
    if not name.strip() or len(name) > 100:
        raise DomainError("REQUIRED" if not name.strip() else "TOO_LONG", field="name")
    async with unit_of_work() as work:
        if manager_id is not None and not await User.exists(id=manager_id):
            raise NotFound(field="managerId")
        if parent_id is not None and not await Team.exists(id=parent_id):
            raise NotFound(field="parentId")
        try:
            team = await Team.create(name=name.strip(), manager_id=manager_id, parent_id=parent_id)
        except IntegrityError as exc:
            raise DomainError("DUPLICATE", field="name") from exc
        work.record(DomainEvent(
            type="team.created", aggregate_type="Team", aggregate_id=str(team.id),
            payload={"name": team.name}, team_id=team.id, actor_id=actor.user_id,
        ))
    return team


async def _start_session(user: User, family: uuid.UUID) -> Session:
    token, digest = new_refresh_token()
    ttl = timedelta(seconds=get_settings().refresh_token_ttl_seconds)
    await RefreshToken.create(family=family, token_hash=digest, user=user, expires_at=utcnow() + ttl)
    access = issue_access_token(
        user_id=user.id, username=user.username, roles=list(user.roles), team_id=user.team_id,
        locale=user.locale, token_version=user.token_version,
    )
    return Session(user=user, access_token=access, refresh_token=token)


async def login(*, username: str, password: str, ip: str | None = None) -> Session:
    """Check the credentials; the same error whatever was wrong, and throttled per name and address."""
    keys = throttle.throttle_keys(username=username, ip=ip)
    await throttle.ensure_not_locked(keys)
    user = await User.get_or_none(username=username) if len(username) <= 64 else None
    ok = verify_password(user.password_hash if user else None, password[:1024])
    if not ok or user is None or not user.is_active:
        await throttle.record_failure(keys)
        raise DomainError("INVALID_CREDENTIALS")
    await throttle.clear(keys[0])
    async with unit_of_work():
        user.last_login_at = utcnow()
        await user.save(update_fields=["last_login_at"])
        return await _start_session(user, uuid.uuid4())


async def refresh_session(*, refresh_token: str) -> Session:
    """Rotate a refresh token. Reusing a spent one revokes its whole family."""
    row = await RefreshToken.get_or_none(token_hash=hash_refresh_token(refresh_token)).select_related("user")
    now = utcnow()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise DomainError("TOKEN_INVALID")
    if not await RefreshToken.filter(id=row.id, used_at=None).update(used_at=now):
        await RefreshToken.filter(family=row.family, revoked_at=None).update(revoked_at=now)
        raise DomainError("TOKEN_REUSED")
    if not row.user.is_active:
        raise DomainError("USER_DISABLED")
    async with unit_of_work():
        return await _start_session(row.user, row.family)


async def logout(*, refresh_token: str) -> None:
    row = await RefreshToken.get_or_none(token_hash=hash_refresh_token(refresh_token))
    if row is not None:
        await RefreshToken.filter(family=row.family, revoked_at=None).update(revoked_at=utcnow())


async def update_user(*, actor: Actor, user_id: int, display_name: str | None = None,
                      email: str | None = None, roles: list[str] | None = None, team_id: int | None = None,
                      locale: str | None = None) -> User:
    """Change profile, roles or team; a role change ends the user's sessions."""
    _validate_user_input(username=None, email=email, roles=roles, display_name=display_name)
    if locale is not None and locale not in ("zh-CN", "en"):
        raise DomainError("INVALID_INPUT", field="locale")
    async with unit_of_work() as work:
        user = await User.get_or_none(id=user_id)
        if user is None:
            raise NotFound()
        if team_id is not None and not await Team.exists(id=team_id):
            raise NotFound(field="teamId")
        before = {"displayName": user.display_name, "email": user.email, "roles": list(user.roles),
                  "teamId": user.team_id, "locale": user.locale}
        if display_name is not None:
            user.display_name = display_name.strip()
        if email is not None:
            user.email = email or None
        if team_id is not None:
            user.team_id = team_id
        if locale is not None:
            user.locale = locale
        roles_changed = roles is not None and sorted(set(roles)) != sorted(user.roles)
        if roles is not None:
            user.roles = sorted(set(roles))
        await user.save()
        after = {"displayName": user.display_name, "email": user.email, "roles": list(user.roles),
                 "teamId": user.team_id, "locale": user.locale}
        changed = sorted(k for k in after if after[k] != before[k])
        note_change("User", user.id, before=before, after=after)
        work.record(_user_event("user.updated", user, actor, {"changed": changed}))
        if roles_changed or "teamId" in changed:
            await _end_sessions(work, user, actor)
    return user


async def set_user_active(*, actor: Actor, user_id: int, active: bool) -> User:
    """Disable (ending every session at once) or re-enable an account."""
    async with unit_of_work() as work:
        user = await User.get_or_none(id=user_id)
        if user is None:
            raise NotFound()
        note_change("User", user.id, before={"isActive": user.is_active}, after={"isActive": active})
        user.is_active = active
        await user.save(update_fields=["is_active", "updated_at"])
        work.record(_user_event("user.enabled" if active else "user.disabled", user, actor, {}))
        if not active:
            await _end_sessions(work, user, actor)
    return user


async def reset_password(*, actor: Actor, user_id: int, new_password: str) -> User:
    """Set a new password; every existing session of the user ends."""
    check_password_rules(new_password)
    async with unit_of_work() as work:
        user = await User.get_or_none(id=user_id)
        if user is None:
            raise NotFound()
        user.password_hash = hash_password(new_password)
        user.is_demo = False
        await user.save(update_fields=["password_hash", "is_demo", "updated_at"])
        work.record(_user_event("user.password_reset", user, actor, {}))
        await _end_sessions(work, user, actor)
    return user


async def _end_sessions(work, user: User, actor: Actor) -> None:
    """Revoke refresh tokens and outdate access tokens (instances learn it from the bus)."""
    user.token_version += 1
    await User.filter(id=user.id).update(token_version=user.token_version)
    await RefreshToken.filter(user_id=user.id, revoked_at=None).update(revoked_at=utcnow())
    work.record(_user_event("user.sessions_revoked", user, actor, {"tokenVersion": user.token_version}))


def _user_event(kind: str, user: User, actor: Actor, payload: dict) -> DomainEvent:
    return DomainEvent(type=kind, aggregate_type="User", aggregate_id=str(user.id),
                       payload={"username": user.username, **payload}, owner_id=user.id,
                       team_id=user.team_id, actor_id=actor.user_id)
