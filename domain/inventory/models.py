"""Inventory tables. Levels are a cache of the append-only movement ledger."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

MOVEMENT_KINDS = ("receipt", "shipment", "reservation", "release", "adjustment", "transfer_in", "transfer_out",
                  "return")
PURCHASE_ORDER_STATUSES = ("draft", "ordered", "received", "cancelled")


class Warehouse(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=20, unique=True)
    name = fields.CharField(max_length=100)
    city = fields.CharField(max_length=30, null=True)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "inventory_warehouse"


class StockLevel(Model):
    """Stock of one product in one warehouse, in whole base units: available = on_hand - reserved."""

    id = fields.IntField(primary_key=True)
    product = fields.ForeignKeyField("salesdesk.Product", related_name="stock_levels", on_delete=fields.RESTRICT)
    warehouse = fields.ForeignKeyField("salesdesk.Warehouse", related_name="stock_levels", on_delete=fields.RESTRICT)
    on_hand = fields.IntField(default=0)
    reserved = fields.IntField(default=0)
    available = fields.IntField(default=0)
    safety_stock = fields.IntField(default=0)
    reorder_point = fields.IntField(default=0)
    reorder_quantity = fields.IntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "inventory_stock_level"
        unique_together = (("product", "warehouse"),)


class StockMovement(Model):
    """One append-only ledger line: how on_hand and reserved changed, and why."""

    id = fields.IntField(primary_key=True)
    product = fields.ForeignKeyField("salesdesk.Product", related_name="movements", on_delete=fields.RESTRICT)
    warehouse = fields.ForeignKeyField("salesdesk.Warehouse", related_name="movements", on_delete=fields.RESTRICT)
    kind = fields.CharField(max_length=16)
    on_hand_delta = fields.IntField(default=0)
    reserved_delta = fields.IntField(default=0)
    reference_type = fields.CharField(max_length=30, null=True)
    reference_id = fields.IntField(null=True)
    note = fields.CharField(max_length=500, null=True)
    actor_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "inventory_stock_movement"


class Alert(Model):
    """A low-stock (or other) alert, at most one open per kind, product and warehouse (open_key)."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=30)
    severity = fields.CharField(max_length=10, default="warning")
    product = fields.ForeignKeyField("salesdesk.Product", related_name="alerts", null=True, on_delete=fields.CASCADE)
    warehouse = fields.ForeignKeyField("salesdesk.Warehouse", related_name="alerts", null=True,
                                       on_delete=fields.CASCADE)
    message_zh = fields.CharField(max_length=300)
    message_en = fields.CharField(max_length=300)
    open_key = fields.CharField(max_length=100, null=True, unique=True)
    status = fields.CharField(max_length=12, default="open")
    created_at = fields.DatetimeField(auto_now_add=True)
    resolved_at = fields.DatetimeField(null=True)

    class Meta:
        table = "inventory_alert"


class Supplier(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=200)
    contact_name = fields.CharField(max_length=100, null=True)
    phone = fields.CharField(max_length=32, null=True)
    email = fields.CharField(max_length=254, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "inventory_supplier"


class ReplenishmentRule(Model):
    id = fields.IntField(primary_key=True)
    product = fields.ForeignKeyField("salesdesk.Product", related_name="replenishment_rules", on_delete=fields.CASCADE)
    warehouse = fields.ForeignKeyField("salesdesk.Warehouse", related_name="replenishment_rules",
                                       on_delete=fields.CASCADE)
    supplier = fields.ForeignKeyField("salesdesk.Supplier", related_name="replenishment_rules",
                                      on_delete=fields.RESTRICT)
    enabled = fields.BooleanField(default=True)

    class Meta:
        table = "inventory_replenishment_rule"
        unique_together = (("product", "warehouse"),)


class PurchaseOrder(Model):
    """An order to a supplier. Automatic ones hold open_key while open, one per product and warehouse."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    supplier = fields.ForeignKeyField("salesdesk.Supplier", related_name="purchase_orders", on_delete=fields.RESTRICT)
    warehouse = fields.ForeignKeyField("salesdesk.Warehouse", related_name="purchase_orders",
                                       on_delete=fields.RESTRICT)
    status = fields.CharField(max_length=12, default="draft")
    automatic = fields.BooleanField(default=False)
    open_key = fields.CharField(max_length=100, null=True, unique=True)
    total_amount = fields.DecimalField(max_digits=16, decimal_places=2, default=0)
    created_by_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    received_at = fields.DatetimeField(null=True)

    class Meta:
        table = "inventory_purchase_order"


class PurchaseOrderLine(Model):
    id = fields.IntField(primary_key=True)
    purchase_order = fields.ForeignKeyField("salesdesk.PurchaseOrder", related_name="lines", on_delete=fields.CASCADE)
    product = fields.ForeignKeyField("salesdesk.Product", related_name="purchase_lines", on_delete=fields.RESTRICT)
    quantity = fields.IntField()
    unit_cost = fields.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        table = "inventory_purchase_order_line"
