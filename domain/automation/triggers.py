"""Time-based triggers: cron schedules and date fields (birthdays, expected close dates).

Called every minute by the scheduler. A rule claims its slot by moving ``last_fired_at`` with a
conditional update, so two schedulers, or one re-run, fire a slot once; every record it then acts
on gets its own run, unique per rule, slot and record.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from croniter import croniter

from domain.automation import conditions
from domain.automation.models import AutomationRule
from domain.automation.runs import open_run
from domain.automation.subjects import DATE_FIELDS, SUBJECTS, load_values
from domain.events.envelope import utcnow
from settings import get_settings

SCAN_BATCH = 500


def _zone() -> ZoneInfo:
    return ZoneInfo(get_settings().display_timezone)


def latest_slot(rule: AutomationRule, now: datetime) -> datetime:
    """The most recent time (≤ now, to the minute) the rule was due, in UTC."""
    local = now.astimezone(_zone()).replace(second=0, microsecond=0) + timedelta(minutes=1)
    if rule.trigger_kind == "date":
        hour, minute = (int(part) for part in (rule.schedule or "09:00").split(":"))
        slot = datetime.combine(local.date(), time(hour, minute), tzinfo=_zone())
        return (slot if slot < local else slot - timedelta(days=1)).astimezone(ZoneInfo("UTC"))
    return croniter(rule.schedule, local).get_prev(datetime).astimezone(ZoneInfo("UTC"))


async def _claim_slot(rule: AutomationRule, slot: datetime) -> bool:
    """Move the rule's last slot forward; False when it already fired then (or another process claimed it)."""
    if slot < rule.created_at or (rule.last_fired_at is not None and rule.last_fired_at >= slot):
        return False
    query = AutomationRule.filter(id=rule.id)
    query = query.filter(last_fired_at=rule.last_fired_at) if rule.last_fired_at else query.filter(
        last_fired_at__isnull=True)
    return bool(await query.update(last_fired_at=slot))


async def _open_for_matches(rule: AutomationRule, ids: list[int], key: str, now: datetime) -> list[int]:
    opened = []
    for start in range(0, len(ids), SCAN_BATCH):
        batch = await load_values(rule.subject_type, ids[start:start + SCAN_BATCH], now)
        for record_id, values in batch.items():
            if conditions.holds(rule.conditions, values, SUBJECTS[rule.subject_type].fields):
                run_id = await open_run(rule, key=f"{key}:{record_id}", subject_id=record_id, now=now)
                if run_id is not None:
                    opened.append(run_id)
    return opened


async def _all_ids(subject: str) -> list[int]:
    model = SUBJECTS[subject].model
    query = model.filter(merged_into_id=None) if subject == "Customer" else model.all()
    return list(await query.order_by("id").values_list("id", flat=True))


def _matching_day(target: date, stored: date, yearly: bool) -> bool:
    if not yearly:
        return stored == target
    if stored.month == 2 and stored.day == 29 and not calendar.isleap(target.year):
        return (target.month, target.day) == (2, 28)  # celebrated on 28 February in common years
    return (stored.month, stored.day) == (target.month, target.day)


async def _dated_ids(rule: AutomationRule, day: date) -> list[int]:
    """Records whose date field falls on ``day`` shifted by the rule's offset (yearly fields: same month-day)."""
    subject, column, yearly = DATE_FIELDS[rule.date_field]
    target = day - timedelta(days=rule.offset_days)
    model = SUBJECTS[subject].model
    query = model.filter(**{f"{column}__isnull": False})
    if not yearly:
        query = query.filter(**{column: target})
    rows = await query.order_by("id").values_list("id", column)
    return [row_id for row_id, stored in rows if _matching_day(target, stored, yearly)]


async def fire_due_rules(*, now: datetime | None = None) -> list[int]:
    """Fire every schedule and date rule whose slot has come; returns the runs opened."""
    now = now or utcnow()
    opened: list[int] = []
    for rule in await AutomationRule.filter(enabled=True, trigger_kind__in=("schedule", "date")).order_by("id"):
        slot = latest_slot(rule, now)
        if not await _claim_slot(rule, slot):
            continue
        key = f"{rule.trigger_kind}:{slot.astimezone(_zone()):%Y-%m-%dT%H:%M}"
        if rule.trigger_kind == "date":
            opened += await _open_for_matches(rule, await _dated_ids(rule, slot.astimezone(_zone()).date()), key, now)
        elif rule.subject_type:
            opened += await _open_for_matches(rule, await _all_ids(rule.subject_type), key, now)
        else:
            run_id = await open_run(rule, key=key, now=now)
            opened += [run_id] if run_id is not None else []
    return opened
