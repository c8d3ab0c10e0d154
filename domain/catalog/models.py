"""Catalog tables."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Category(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    parent = fields.ForeignKeyField("salesdesk.Category", related_name="children", null=True,
                                    on_delete=fields.RESTRICT)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "catalog_category"
        unique_together = (("parent", "name"),)


class Product(Model):
    """A sellable item. cost_price is finance-sensitive, min_price is the floor for discounts."""

    id = fields.IntField(primary_key=True)
    sku = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=200, db_index=True)
    category = fields.ForeignKeyField("salesdesk.Category", related_name="products", null=True,
                                      on_delete=fields.SET_NULL)
    unit = fields.CharField(max_length=20, default="件")
    list_price = fields.DecimalField(max_digits=14, decimal_places=2)
    cost_price = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    min_price = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    tax_rate = fields.DecimalField(max_digits=5, decimal_places=4, default="0.1300")
    supplier_id = fields.IntField(null=True)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "catalog_product"


class PriceList(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    currency = fields.CharField(max_length=3, default="CNY")
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "catalog_price_list"


class PriceListItem(Model):
    id = fields.IntField(primary_key=True)
    price_list = fields.ForeignKeyField("salesdesk.PriceList", related_name="items", on_delete=fields.CASCADE)
    product = fields.ForeignKeyField("salesdesk.Product", related_name="price_list_items", on_delete=fields.CASCADE)
    price = fields.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        table = "catalog_price_list_item"
        unique_together = (("price_list", "product"),)


class LevelDiscount(Model):
    """Discount rate for customers of a level (A/B/C/D), optionally tied to a price list."""

    id = fields.IntField(primary_key=True)
    level = fields.CharField(max_length=1, unique=True)
    discount_rate = fields.DecimalField(max_digits=5, decimal_places=4, default=0)
    price_list = fields.ForeignKeyField("salesdesk.PriceList", related_name="level_discounts", null=True,
                                        on_delete=fields.SET_NULL)

    class Meta:
        table = "catalog_level_discount"
