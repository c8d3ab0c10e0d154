"""Order tables."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

ORDER_STATUSES = ("draft", "confirmed", "partially_shipped", "shipped", "completed", "cancelled")


class Order(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    customer = fields.ForeignKeyField("salesdesk.Customer", related_name="orders", on_delete=fields.RESTRICT)
    owner = fields.ForeignKeyField("salesdesk.User", related_name="orders", null=True, on_delete=fields.SET_NULL)
    team = fields.ForeignKeyField("salesdesk.Team", related_name="orders", null=True, on_delete=fields.SET_NULL)
    status = fields.CharField(max_length=20, default="draft", db_index=True)
    currency = fields.CharField(max_length=3, default="CNY")
    total_amount = fields.DecimalField(max_digits=16, decimal_places=2, default=0)
    ordered_at = fields.DatetimeField(db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "orders_order"
