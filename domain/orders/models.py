"""Order tables: orders, lines, shipments and returns."""

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
    warehouse_id = fields.IntField(null=True)
    contract_id = fields.IntField(null=True, db_index=True)
    subtotal_amount = fields.DecimalField(max_digits=16, decimal_places=2, default=0)
    discount_amount = fields.DecimalField(max_digits=16, decimal_places=2, default=0)
    tax_amount = fields.DecimalField(max_digits=16, decimal_places=2, default=0)
    cost_amount = fields.DecimalField(max_digits=16, decimal_places=2, default=0)
    notes = fields.TextField(null=True)
    cancel_reason = fields.CharField(max_length=500, null=True)
    created_by_id = fields.IntField(null=True)
    confirmed_at = fields.DatetimeField(null=True)
    shipped_at = fields.DatetimeField(null=True)
    completed_at = fields.DatetimeField(null=True)
    cancelled_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True, null=True)

    class Meta:
        table = "orders_order"


class OrderLine(Model):
    """quantity × unit_price × (1 - discount) = line_net, tax on top, money in Decimal."""

    id = fields.IntField(primary_key=True)
    order = fields.ForeignKeyField("salesdesk.Order", related_name="lines", on_delete=fields.CASCADE)
    product = fields.ForeignKeyField("salesdesk.Product", related_name="order_lines", on_delete=fields.RESTRICT)
    position = fields.IntField(default=0)
    quantity = fields.IntField()
    unit_price = fields.DecimalField(max_digits=14, decimal_places=2)
    discount = fields.DecimalField(max_digits=5, decimal_places=4, default=0)
    tax_rate = fields.DecimalField(max_digits=5, decimal_places=4, default=0)
    line_net = fields.DecimalField(max_digits=16, decimal_places=2)
    line_tax = fields.DecimalField(max_digits=16, decimal_places=2)
    line_total = fields.DecimalField(max_digits=16, decimal_places=2)
    unit_cost = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    shipped_quantity = fields.IntField(default=0)
    returned_quantity = fields.IntField(default=0)

    class Meta:
        table = "orders_order_line"


class Shipment(Model):
    id = fields.IntField(primary_key=True)
    order = fields.ForeignKeyField("salesdesk.Order", related_name="shipments", on_delete=fields.CASCADE)
    number = fields.CharField(max_length=32, unique=True)
    warehouse_id = fields.IntField()
    carrier = fields.CharField(max_length=50, null=True)
    tracking_number = fields.CharField(max_length=64, null=True)
    shipped_by_id = fields.IntField(null=True)
    shipped_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "orders_shipment"


class ShipmentLine(Model):
    id = fields.IntField(primary_key=True)
    shipment = fields.ForeignKeyField("salesdesk.Shipment", related_name="lines", on_delete=fields.CASCADE)
    order_line = fields.ForeignKeyField("salesdesk.OrderLine", related_name="shipment_lines",
                                        on_delete=fields.RESTRICT)
    quantity = fields.IntField()

    class Meta:
        table = "orders_shipment_line"


class OrderReturn(Model):
    id = fields.IntField(primary_key=True)
    order = fields.ForeignKeyField("salesdesk.Order", related_name="returns", on_delete=fields.CASCADE)
    number = fields.CharField(max_length=32, unique=True)
    warehouse_id = fields.IntField()
    reason = fields.CharField(max_length=500)
    amount = fields.DecimalField(max_digits=16, decimal_places=2, default=0)
    created_by_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "orders_return"


class ReturnLine(Model):
    id = fields.IntField(primary_key=True)
    order_return = fields.ForeignKeyField("salesdesk.OrderReturn", related_name="lines", on_delete=fields.CASCADE)
    order_line = fields.ForeignKeyField("salesdesk.OrderLine", related_name="return_lines", on_delete=fields.RESTRICT)
    quantity = fields.IntField()

    class Meta:
        table = "orders_return_line"
