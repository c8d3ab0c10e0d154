"""Inputs, filters and payloads of the catalog API."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from domain.catalog.queries import ProductFilter
from domain.catalog.services import CLEARABLE, ProductData
from resolvers.ids import parse_id
from schema.common import UserError
from schema.catalog.types import Category, LevelDiscount, PriceList, PriceListItem, Product


@strawberry.input(description="Product fields. On update, omitted fields stay as they are; "
                              "categoryId, minPrice and supplierId may be set to null to clear them.")
class ProductInput:
    sku: str | None = None
    name: str | None = None
    category_id: strawberry.ID | None = strawberry.UNSET
    unit: str | None = None
    list_price: Decimal | None = None
    cost_price: Decimal | None = None
    min_price: Decimal | None = strawberry.UNSET
    tax_rate: Decimal | None = None
    supplier_id: strawberry.ID | None = strawberry.UNSET
    active: bool | None = None

    def to_data(self) -> ProductData:
        def given(value):
            return None if value is strawberry.UNSET else value

        cleared = frozenset(name for name in CLEARABLE if getattr(self, name) is None)
        return ProductData(
            sku=self.sku, name=self.name, category_id=parse_id(given(self.category_id), field="categoryId"),
            unit=self.unit, list_price=self.list_price, cost_price=self.cost_price, min_price=given(self.min_price),
            tax_rate=self.tax_rate, supplier_id=parse_id(given(self.supplier_id), field="supplierId"),
            active=self.active, cleared=cleared,
        )


@strawberry.input
class ProductFilterInput:
    search: str | None = strawberry.field(default=None, description="Part of the name or SKU.")
    category_id: strawberry.ID | None = strawberry.field(default=None, description="Includes sub-categories.")
    active: bool | None = None
    sku: str | None = strawberry.field(default=None, description="Exact SKU.")

    def to_filter(self) -> ProductFilter:
        return ProductFilter(search=self.search, category_id=parse_id(self.category_id, field="categoryId"),
                             active=self.active, sku=self.sku)


@strawberry.type
class ProductPayload:
    product: Product | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CategoryPayload:
    category: Category | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PriceListPayload:
    price_list: PriceList | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PriceListItemPayload:
    item: PriceListItem | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LevelDiscountPayload:
    level_discount: LevelDiscount | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
