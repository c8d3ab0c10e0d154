"""GraphQL types for products, categories, price lists and customer-level discounts."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from resolvers import catalog as resolve
from resolvers import inventory as stock
from schema.common import Connection, connection
from schema.context import Info

if TYPE_CHECKING:
    from schema.inventory.types import StockLevel, Supplier

RATE = Decimal("0.0001")


@strawberry.type(description="A node of the category tree.")
class Category:
    model: strawberry.Private[Any]
    id: strawberry.ID
    name: str
    created_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Category:
        return cls(model=m, id=strawberry.ID(str(m.id)), name=m.name, created_at=m.created_at)

    @strawberry.field
    async def parent(self, info: Info) -> Category | None:
        if self.model.parent_id is None:
            return None
        row = await resolve.category_loader(info.context).load(self.model.parent_id)
        return Category.from_model(row) if row else None

    @strawberry.field(description="Names from the top of the tree down to this category.")
    async def path(self, info: Info) -> list[str]:
        names, row = [self.model.name], self.model
        loader = resolve.category_loader(info.context)
        while row is not None and row.parent_id is not None and len(names) < 32:
            row = await loader.load(row.parent_id)
            if row is not None:
                names.append(row.name)
        return list(reversed(names))


@strawberry.type(description="A sellable item. Cost price and margin are readable by finance and directors only.")
class Product:
    model: strawberry.Private[Any]
    id: strawberry.ID
    sku: str
    name: str
    unit: str
    list_price: Decimal
    min_price: Decimal | None = strawberry.field(description="The floor below which selling needs permission.")
    tax_rate: Decimal
    active: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> Product:
        return cls(model=m, id=strawberry.ID(str(m.id)), sku=m.sku, name=m.name, unit=m.unit,
                   list_price=m.list_price, min_price=m.min_price, tax_rate=m.tax_rate, active=m.active,
                   created_at=m.created_at, updated_at=m.updated_at)

    @strawberry.field(description="Finance-sensitive.")
    def cost_price(self) -> Decimal | None:
        return self.model.cost_price

    @strawberry.field(description="List price less cost price, per unit (finance-sensitive).")
    def margin(self) -> Decimal | None:
        return self.model.list_price - self.model.cost_price

    @strawberry.field(description="Margin as a share of the list price, e.g. 0.3500 (finance-sensitive).")
    def margin_rate(self) -> Decimal | None:
        if not self.model.list_price:
            return None
        rate = (self.model.list_price - self.model.cost_price) / self.model.list_price
        return rate.quantize(RATE, rounding=ROUND_HALF_UP)

    @strawberry.field
    async def category(self, info: Info) -> Category | None:
        if self.model.category_id is None:
            return None
        row = await resolve.category_loader(info.context).load(self.model.category_id)
        return Category.from_model(row) if row else None

    @strawberry.field
    async def supplier(self, info: Info) -> Annotated[Supplier, strawberry.lazy("schema.inventory.types")] | None:
        from schema.inventory.types import Supplier

        if self.model.supplier_id is None:
            return None
        row = await stock.supplier_loader(info.context).load(self.model.supplier_id)
        return Supplier.from_model(row) if row else None

    @strawberry.field(description="Stock in each warehouse that holds (or held) this product.")
    async def stock_levels(self, info: Info) -> list[Annotated[StockLevel, strawberry.lazy("schema.inventory.types")]]:
        from schema.inventory.types import StockLevel

        return [StockLevel.from_model(r) for r in await stock.levels_loader(info.context).load(self.model.id)]


@strawberry.type
class PriceListItem:
    model: strawberry.Private[Any]
    id: strawberry.ID
    price: Decimal

    @classmethod
    def from_model(cls, m: Any) -> PriceListItem:
        return cls(model=m, id=strawberry.ID(str(m.id)), price=m.price)

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        row = await resolve.product_loader(info.context).load(self.model.product_id)
        return Product.from_model(row) if row else None


@strawberry.type
class PriceList:
    model: strawberry.Private[Any]
    id: strawberry.ID
    name: str
    currency: str
    active: bool
    created_at: datetime

    @classmethod
    def from_model(cls, m: Any) -> PriceList:
        return cls(model=m, id=strawberry.ID(str(m.id)), name=m.name, currency=m.currency, active=m.active,
                   created_at=m.created_at)

    @strawberry.field
    async def items(self, info: Info, first: int = 50, after: str | None = None) -> Connection[PriceListItem]:
        page = await resolve.price_list_items(info.context, price_list_id=self.model.id, first=first, after=after)
        return connection(page, PriceListItem.from_model)


@strawberry.type(description="The discount (and optional price list) for customers of one level.")
class LevelDiscount:
    model: strawberry.Private[Any]
    level: str
    discount_rate: Decimal

    @classmethod
    def from_model(cls, m: Any) -> LevelDiscount:
        return cls(model=m, level=m.level, discount_rate=m.discount_rate)

    @strawberry.field
    async def price_list(self, info: Info) -> PriceList | None:
        if self.model.price_list_id is None:
            return None
        row = await resolve.price_list_loader(info.context).load(self.model.price_list_id)
        return PriceList.from_model(row) if row else None


@strawberry.type(description="What a customer pays for a product before any line discount.")
class ProductPrice:
    product: Product
    customer_level: str
    list_price: Decimal
    unit_price: Decimal = strawberry.field(description="The level's price list price (or list price) less "
                                                      "the level discount.")
    level_discount: Decimal
    floor: Decimal | None = strawberry.field(description="The product's minimum price.")

    @classmethod
    def from_result(cls, r: Any) -> ProductPrice:
        q = r.quote
        return cls(product=Product.from_model(r.product), customer_level=r.customer.level, list_price=q.list_price,
                   unit_price=q.unit_price, level_discount=q.level_discount, floor=q.floor)
