"""CRM tables."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

CUSTOMER_LEVELS = ("A", "B", "C", "D")
LIFECYCLE_STAGES = ("lead", "prospect", "customer", "churned")


class Customer(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=200, db_index=True)
    kind = fields.CharField(max_length=12, default="company")  # company | individual
    industry = fields.CharField(max_length=50, null=True)
    province = fields.CharField(max_length=30, null=True)
    city = fields.CharField(max_length=30, null=True)
    level = fields.CharField(max_length=1, default="C")
    source = fields.CharField(max_length=30, null=True)
    stage = fields.CharField(max_length=12, default="lead")
    owner = fields.ForeignKeyField("salesdesk.User", related_name="customers", null=True, on_delete=fields.SET_NULL)
    team = fields.ForeignKeyField("salesdesk.Team", related_name="customers", null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "crm_customer"
