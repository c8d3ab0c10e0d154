"""Sales funnel tables: pipelines and stages, leads, opportunities, tasks and in-app notifications."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

OPPORTUNITY_STATUSES = ("open", "won", "lost")
LEAD_STATUSES = ("open", "converted", "disqualified")
TASK_KINDS = ("call", "visit", "email", "todo")
TASK_PRIORITIES = ("low", "normal", "high", "urgent")
TASK_STATUSES = ("open", "done", "cancelled")
RECURRENCES = ("none", "daily", "weekly", "monthly")


class Pipeline(Model):
    """A configurable sales process: an ordered list of stages."""

    id = fields.IntField(primary_key=True)
    name_zh = fields.CharField(max_length=100)
    name_en = fields.CharField(max_length=100)
    is_default = fields.BooleanField(default=False)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sales_pipeline"


class Stage(Model):
    """One column of a pipeline, with its win probability (0.25 = 25 %) and closing flags."""

    id = fields.IntField(primary_key=True)
    pipeline = fields.ForeignKeyField("salesdesk.Pipeline", related_name="stages", on_delete=fields.CASCADE)
    position = fields.IntField(default=0)
    name_zh = fields.CharField(max_length=100)
    name_en = fields.CharField(max_length=100)
    color = fields.CharField(max_length=7, default="#8c8c8c")
    probability = fields.DecimalField(max_digits=5, decimal_places=4, default=0)
    expected_days = fields.IntField(null=True)
    is_won = fields.BooleanField(default=False)
    is_lost = fields.BooleanField(default=False)

    class Meta:
        table = "sales_stage"


class Lead(Model):
    """Unqualified interest from a source and campaign, converted later into a customer and an opportunity."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, db_index=True)
    contact_name = fields.CharField(max_length=100, null=True)
    phone_encrypted = fields.TextField(null=True)
    phone_index = fields.CharField(max_length=64, null=True, db_index=True)
    email_encrypted = fields.TextField(null=True)
    email_index = fields.CharField(max_length=64, null=True, db_index=True)
    source = fields.CharField(max_length=30, null=True)
    campaign = fields.CharField(max_length=100, null=True, db_index=True)
    notes = fields.TextField(null=True)
    status = fields.CharField(max_length=12, default="open", db_index=True)
    owner = fields.ForeignKeyField("salesdesk.User", related_name="leads", null=True, on_delete=fields.SET_NULL)
    team_id = fields.IntField(null=True, db_index=True)
    customer_id = fields.IntField(null=True)
    opportunity_id = fields.IntField(null=True)
    converted_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "sales_lead"


class Opportunity(Model):
    """A deal in a pipeline stage. ``position`` orders the cards of a stage (gap-numbered)."""

    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    customer = fields.ForeignKeyField("salesdesk.Customer", related_name="opportunities", on_delete=fields.RESTRICT)
    pipeline = fields.ForeignKeyField("salesdesk.Pipeline", related_name="opportunities",
                                      on_delete=fields.RESTRICT)
    stage = fields.ForeignKeyField("salesdesk.Stage", related_name="opportunities", on_delete=fields.RESTRICT)
    position = fields.BigIntField(default=0)
    status = fields.CharField(max_length=8, default="open", db_index=True)
    amount = fields.DecimalField(max_digits=16, decimal_places=2, default=0)
    currency = fields.CharField(max_length=3, default="CNY")
    expected_close_date = fields.DateField(null=True)
    owner = fields.ForeignKeyField("salesdesk.User", related_name="opportunities", null=True,
                                   on_delete=fields.SET_NULL)
    team_id = fields.IntField(null=True, db_index=True)
    lead_id = fields.IntField(null=True)
    lost_reason = fields.CharField(max_length=500, null=True)
    stage_entered_at = fields.DatetimeField()
    closed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "sales_opportunity"
        indexes = (("stage_id", "position"),)


class OpportunityLine(Model):
    """A product the opportunity is about: quantity and expected unit price."""

    id = fields.IntField(primary_key=True)
    opportunity = fields.ForeignKeyField("salesdesk.Opportunity", related_name="lines", on_delete=fields.CASCADE)
    product = fields.ForeignKeyField("salesdesk.Product", related_name="opportunity_lines",
                                     on_delete=fields.RESTRICT)
    quantity = fields.IntField()
    unit_price = fields.DecimalField(max_digits=14, decimal_places=2)
    line_total = fields.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        table = "sales_opportunity_line"


class StageChange(Model):
    """An opportunity entering a stage: from where, by whom, when, after how long in the previous one."""

    id = fields.IntField(primary_key=True)
    opportunity = fields.ForeignKeyField("salesdesk.Opportunity", related_name="stage_changes",
                                         on_delete=fields.CASCADE)
    from_stage_id = fields.IntField(null=True)
    to_stage_id = fields.IntField()
    actor_id = fields.IntField(null=True)
    changed_at = fields.DatetimeField(db_index=True)
    seconds_in_previous = fields.BigIntField(null=True)

    class Meta:
        table = "sales_stage_change"


class Task(Model):
    """A to-do (call, visit, e-mail) for an assignee, with an optional reminder and recurrence."""

    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    kind = fields.CharField(max_length=8, default="todo")
    priority = fields.CharField(max_length=8, default="normal")
    status = fields.CharField(max_length=10, default="open", db_index=True)
    assignee = fields.ForeignKeyField("salesdesk.User", related_name="tasks", null=True, on_delete=fields.SET_NULL)
    team_id = fields.IntField(null=True, db_index=True)
    created_by_id = fields.IntField(null=True)
    due_at = fields.DatetimeField(db_index=True)
    remind_at = fields.DatetimeField(null=True, db_index=True)
    reminded_at = fields.DatetimeField(null=True)
    overdue_at = fields.DatetimeField(null=True)
    recurrence = fields.CharField(max_length=8, default="none")
    previous_id = fields.IntField(null=True, unique=True)
    customer_id = fields.IntField(null=True, db_index=True)
    opportunity_id = fields.IntField(null=True, db_index=True)
    order_id = fields.IntField(null=True, db_index=True)
    notes = fields.TextField(null=True)
    completed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "sales_task"


class Notification(Model):
    """An in-app message for one user, rendered from ``code`` and ``params`` in the reader's language."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("salesdesk.User", related_name="notifications", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=40)
    code = fields.CharField(max_length=40)
    params = fields.JSONField(default=dict)
    subject_type = fields.CharField(max_length=30, null=True)
    subject_id = fields.IntField(null=True)
    dedupe_key = fields.CharField(max_length=100, null=True, unique=True)
    read_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "sales_notification"
