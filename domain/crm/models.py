"""CRM tables: customers, contacts, interactions, ownership history, custom field definitions."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

CUSTOMER_KINDS = ("company", "individual")
CUSTOMER_LEVELS = ("A", "B", "C", "D")
LIFECYCLE_STAGES = ("lead", "prospect", "customer", "churned")
INTERACTION_KINDS = ("call", "visit", "meeting", "email", "wechat", "note")
CUSTOM_FIELD_TYPES = ("text", "number", "date", "choice")
IMPORT_STATUSES = ("queued", "running", "done", "failed")


class Customer(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=200, db_index=True)
    normalized_name = fields.CharField(max_length=200, db_index=True, default="")
    kind = fields.CharField(max_length=12, default="company")
    industry = fields.CharField(max_length=50, null=True)
    province = fields.CharField(max_length=30, null=True)
    city = fields.CharField(max_length=30, null=True)
    level = fields.CharField(max_length=1, default="C")
    source = fields.CharField(max_length=30, null=True)
    stage = fields.CharField(max_length=12, default="lead")
    owner = fields.ForeignKeyField("salesdesk.User", related_name="customers", null=True, on_delete=fields.SET_NULL)
    team = fields.ForeignKeyField("salesdesk.Team", related_name="customers", null=True, on_delete=fields.SET_NULL)
    tags = fields.JSONField(default=list)
    birthday = fields.DateField(null=True)
    notes = fields.TextField(null=True)
    custom_fields = fields.JSONField(default=dict)
    phone_encrypted = fields.TextField(null=True)
    phone_index = fields.CharField(max_length=64, null=True, db_index=True)
    email_encrypted = fields.TextField(null=True)
    email_index = fields.CharField(max_length=64, null=True, db_index=True)
    id_number_encrypted = fields.TextField(null=True)
    id_number_index = fields.CharField(max_length=64, null=True, db_index=True)
    last_interaction_at = fields.DatetimeField(null=True, db_index=True)
    assigned_at = fields.DatetimeField(null=True)
    merged_into_id = fields.IntField(null=True, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "crm_customer"


class Contact(Model):
    id = fields.IntField(primary_key=True)
    customer = fields.ForeignKeyField("salesdesk.Customer", related_name="contacts", on_delete=fields.CASCADE)
    name = fields.CharField(max_length=100, db_index=True)
    title = fields.CharField(max_length=100, null=True)
    phone_encrypted = fields.TextField(null=True)
    phone_index = fields.CharField(max_length=64, null=True, db_index=True)
    email_encrypted = fields.TextField(null=True)
    email_index = fields.CharField(max_length=64, null=True, db_index=True)
    wechat_id = fields.CharField(max_length=64, null=True)
    birthday = fields.DateField(null=True)
    is_primary = fields.BooleanField(default=False)
    marketing_consent = fields.BooleanField(default=False)
    consent_at = fields.DatetimeField(null=True)
    consent_source = fields.CharField(max_length=50, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "crm_contact"


class Interaction(Model):
    id = fields.IntField(primary_key=True)
    customer = fields.ForeignKeyField("salesdesk.Customer", related_name="interactions", on_delete=fields.CASCADE)
    contact = fields.ForeignKeyField("salesdesk.Contact", related_name="interactions", null=True,
                                     on_delete=fields.SET_NULL)
    user = fields.ForeignKeyField("salesdesk.User", related_name="interactions", null=True, on_delete=fields.SET_NULL)
    kind = fields.CharField(max_length=10)
    occurred_at = fields.DatetimeField(db_index=True)
    summary = fields.TextField()
    outcome = fields.CharField(max_length=200, null=True)
    next_step = fields.CharField(max_length=200, null=True)
    next_step_at = fields.DatetimeField(null=True)
    opportunity_id = fields.IntField(null=True)
    order = fields.ForeignKeyField("salesdesk.Order", related_name="interactions", null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "crm_interaction"


class OwnershipChange(Model):
    """Who owned a customer, when it changed, why and by whom (assign, transfer, claim, return)."""

    id = fields.IntField(primary_key=True)
    customer = fields.ForeignKeyField("salesdesk.Customer", related_name="ownership_changes", on_delete=fields.CASCADE)
    from_owner_id = fields.IntField(null=True)
    to_owner_id = fields.IntField(null=True, db_index=True)
    kind = fields.CharField(max_length=12)
    reason = fields.CharField(max_length=500, null=True)
    actor_id = fields.IntField(null=True)
    changed_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "crm_ownership_change"


class CustomFieldDefinition(Model):
    """An admin-defined, typed extra field on customers."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=50, unique=True)
    label_zh = fields.CharField(max_length=100)
    label_en = fields.CharField(max_length=100)
    field_type = fields.CharField(max_length=10)
    choices = fields.JSONField(default=list)
    required = fields.BooleanField(default=False)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "crm_custom_field"


class ImportJob(Model):
    """A customer import too large for one request, run by a worker in batches."""

    id = fields.IntField(primary_key=True)
    user_id = fields.IntField(db_index=True)
    team_id = fields.IntField(null=True)
    locale = fields.CharField(max_length=10, default="zh-CN")
    scope = fields.JSONField(default=dict)
    file_name = fields.CharField(max_length=255)
    dry_run = fields.BooleanField(default=False)
    status = fields.CharField(max_length=10, default="queued", db_index=True)
    total = fields.IntField(default=0)
    processed = fields.IntField(default=0)
    created = fields.IntField(default=0)
    rejected = fields.IntField(default=0)
    error_code = fields.CharField(max_length=40, null=True)
    error_message = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "crm_import_job"


class ExportJob(Model):
    """A customer export too large for one request, written by a worker. Its file belongs to its maker."""

    id = fields.IntField(primary_key=True)
    user_id = fields.IntField(db_index=True)
    locale = fields.CharField(max_length=10, default="zh-CN")
    scope = fields.JSONField(default=dict)
    customer_filter = fields.JSONField(default=dict)
    file_format = fields.CharField(max_length=4)
    columns = fields.JSONField(default=list)
    revealed = fields.JSONField(default=list)
    status = fields.CharField(max_length=10, default="queued", db_index=True)
    row_count = fields.IntField(default=0)
    token = fields.CharField(max_length=64, null=True)
    error_code = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "crm_export_job"


class ImportUpload(Model):
    """The uploaded file of a queued import, kept in the database so any worker can read it."""

    id = fields.IntField(primary_key=True)
    job_id = fields.IntField(unique=True)
    content = fields.BinaryField()

    class Meta:
        table = "crm_import_upload"


class ImportRowError(Model):
    """One problem with one row of an import job's file."""

    id = fields.IntField(primary_key=True)
    job_id = fields.IntField(db_index=True)
    row = fields.IntField()
    column = fields.CharField(max_length=100, null=True)
    field_name = fields.CharField(max_length=100, null=True)
    code = fields.CharField(max_length=40)
    message = fields.CharField(max_length=500)

    class Meta:
        table = "crm_import_row_error"
