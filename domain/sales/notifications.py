"""In-app notifications: one user's messages, written with the change that caused them and pushed live."""

from __future__ import annotations

from datetime import datetime

from domain.actor import Actor
from domain.errors import NotFound
from domain.events import DomainEvent, UnitOfWork, unit_of_work
from domain.events.envelope import utcnow
from domain.i18n import translate
from domain.pagination import Page, Sort, paginate
from domain.sales.pipeline_models import Notification


async def notify(work: UnitOfWork, *, user_id: int, kind: str, code: str, params: dict, now: datetime,
                 subject: tuple[str, int] | None = None, dedupe_key: str | None = None) -> Notification:
    """Write a notification in the caller's transaction; ``notification.created`` reaches the user live."""
    subject_type, subject_id = subject if subject else (None, None)
    row = await Notification.create(user_id=user_id, kind=kind, code=code, params=params, subject_type=subject_type,
                                    subject_id=subject_id, dedupe_key=dedupe_key, created_at=now)
    work.record(DomainEvent(type="notification.created", aggregate_type="Notification", aggregate_id=str(row.id),
                            payload={"kind": kind, "code": code, "params": params, "subjectType": subject_type,
                                     "subjectId": subject_id},
                            owner_id=user_id, team_id=None))
    return row


def message(row: Notification, locale: str | None) -> str:
    return translate(row.code, locale, **(row.params or {}))


async def list_notifications(*, user_id: int, unread_only: bool, first: int, after: str | None,
                             limit: int) -> Page[Notification]:
    """The user's own notifications, newest first."""
    queryset = Notification.filter(user_id=user_id)
    if unread_only:
        queryset = queryset.filter(read_at=None)
    return await paginate(queryset, first=first, after=after, limit=limit, sort=Sort("id", descending=True))


async def get_own(*, user_id: int, notification_id: int) -> Notification | None:
    return await Notification.filter(id=notification_id, user_id=user_id).first()


async def mark_read(*, actor: Actor, notification_id: int, now: datetime | None = None) -> Notification:
    """Mark one of the actor's notifications read (again: no change)."""
    async with unit_of_work():
        row = await Notification.filter(id=notification_id, user_id=actor.user_id).first()
        if row is None or actor.user_id is None:
            raise NotFound()
        if row.read_at is None:
            row.read_at = now or utcnow()
            await Notification.filter(id=row.id, read_at=None).update(read_at=row.read_at)
    return row
