"""Automation tables: the rules admins configure, and one logged run per rule and trigger."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

TRIGGER_KINDS = ("event", "schedule", "date")
RUN_STATUSES = ("queued", "running", "retrying", "succeeded", "skipped", "failed", "stopped")
FINAL_STATUSES = ("succeeded", "skipped", "failed", "stopped")


class AutomationRule(Model):
    """When (trigger), if (conditions), do (actions): stored as data, edited through the API."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=60, null=True, unique=True)  # default rules only
    name = fields.CharField(max_length=200)
    description = fields.TextField(null=True)
    enabled = fields.BooleanField(default=True, db_index=True)
    trigger_kind = fields.CharField(max_length=10)
    event_type = fields.CharField(max_length=60, null=True, db_index=True)
    schedule = fields.CharField(max_length=100, null=True)  # cron, in the display time zone
    subject_type = fields.CharField(max_length=20, null=True)
    date_field = fields.CharField(max_length=40, null=True)
    offset_days = fields.IntField(default=0)
    conditions = fields.JSONField(default=dict)
    actions = fields.JSONField(default=list)
    round_robin_turn = fields.BigIntField(default=0)
    last_fired_at = fields.DatetimeField(null=True)
    created_by_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "automation_rule"


class AutomationRun(Model):
    """One rule firing for one trigger (an event, a schedule slot or a date): unique, so it acts once."""

    id = fields.BigIntField(primary_key=True)
    rule = fields.ForeignKeyField("salesdesk.AutomationRule", related_name="runs", on_delete=fields.CASCADE)
    trigger_key = fields.CharField(max_length=120)
    event_id = fields.UUIDField(null=True)
    event_type = fields.CharField(max_length=60, null=True)
    event_payload = fields.JSONField(default=dict)
    subject_type = fields.CharField(max_length=20, null=True)
    subject_id = fields.IntField(null=True)
    depth = fields.IntField(default=0)
    status = fields.CharField(max_length=10, default="queued", db_index=True)
    attempts = fields.IntField(default=0)
    done_steps = fields.JSONField(default=list)
    outcome = fields.JSONField(default=list)
    attempt_log = fields.JSONField(default=list)
    error_code = fields.CharField(max_length=60, null=True)
    error = fields.TextField(null=True)
    lease_until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(db_index=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "automation_run"
        unique_together = (("rule", "trigger_key"),)
