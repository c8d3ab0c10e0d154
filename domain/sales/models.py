"""Quote and contract tables."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

QUOTE_STATUSES = ("draft", "sent", "accepted", "rejected", "expired")
CONTRACT_STATUSES = ("draft", "pending_approval", "signed", "executing", "completed", "terminated")


class Quote(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    customer = fields.ForeignKeyField("salesdesk.Customer", related_name="quotes", on_delete=fields.RESTRICT)
    owner_id = fields.IntField(null=True, db_index=True)
    team_id = fields.IntField(null=True)
    status = fields.CharField(max_length=12, default="draft")
    currency = fields.CharField(max_length=3, default="CNY")
    valid_until = fields.DateField(null=True)
    total_amount = fields.DecimalField(max_digits=16, decimal_places=2, default=0)
    notes = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "sales_quote"


class QuoteLine(Model):
    id = fields.IntField(primary_key=True)
    quote = fields.ForeignKeyField("salesdesk.Quote", related_name="lines", on_delete=fields.CASCADE)
    product = fields.ForeignKeyField("salesdesk.Product", related_name="quote_lines", on_delete=fields.RESTRICT)
    quantity = fields.IntField()
    unit_price = fields.DecimalField(max_digits=14, decimal_places=2)
    discount = fields.DecimalField(max_digits=5, decimal_places=4, default=0)
    tax_rate = fields.DecimalField(max_digits=5, decimal_places=4, default=0)
    line_total = fields.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        table = "sales_quote_line"


class Contract(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    title = fields.CharField(max_length=200)
    customer = fields.ForeignKeyField("salesdesk.Customer", related_name="contracts", on_delete=fields.RESTRICT)
    quote = fields.ForeignKeyField("salesdesk.Quote", related_name="contracts", null=True, on_delete=fields.SET_NULL)
    owner_id = fields.IntField(null=True, db_index=True)
    team_id = fields.IntField(null=True)
    status = fields.CharField(max_length=20, default="draft", db_index=True)
    currency = fields.CharField(max_length=3, default="CNY")
    amount = fields.DecimalField(max_digits=16, decimal_places=2)
    signed_date = fields.DateField(null=True)
    start_date = fields.DateField(null=True)
    end_date = fields.DateField(null=True)
    invoiced_amount = fields.DecimalField(max_digits=16, decimal_places=2, default=0)
    collected_amount = fields.DecimalField(max_digits=16, decimal_places=2, default=0)
    terminated_reason = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "sales_contract"


class ContractApproval(Model):
    """One step of the approval trail: submitted, approved or rejected, by whom and why."""

    id = fields.IntField(primary_key=True)
    contract = fields.ForeignKeyField("salesdesk.Contract", related_name="approvals", on_delete=fields.CASCADE)
    action = fields.CharField(max_length=12)
    actor_id = fields.IntField(null=True)
    comment = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sales_contract_approval"


class ContractAttachment(Model):
    """Metadata of a file attached to a contract (the file lives in object storage)."""

    id = fields.IntField(primary_key=True)
    contract = fields.ForeignKeyField("salesdesk.Contract", related_name="attachments", on_delete=fields.CASCADE)
    file_name = fields.CharField(max_length=255)
    content_type = fields.CharField(max_length=100)
    size_bytes = fields.BigIntField()
    storage_key = fields.CharField(max_length=255)
    sha256 = fields.CharField(max_length=64)
    uploaded_by_id = fields.IntField(null=True)
    uploaded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "sales_contract_attachment"
