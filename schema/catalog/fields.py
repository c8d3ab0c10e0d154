"""Catalog entry points: products, categories, price lists, level discounts, a customer's price."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import TypeVar

import strawberry

from resolvers import catalog as resolve
from schema.catalog.inputs import (
    CategoryPayload, LevelDiscountPayload, PriceListItemPayload, PriceListPayload, ProductFilterInput, ProductInput,
    ProductPayload,
)
from schema.catalog.types import Category, LevelDiscount, PriceList, PriceListItem, Product, ProductPrice
from schema.common import Connection, connection, mutation_payload
from schema.context import Info


T = TypeVar("T")


async def deferred(make: Callable[[], Awaitable[T]]) -> T:
    """Build the resolver call only when awaited, so input parsing errors become payload errors too."""
    return await make()


def _product(row) -> ProductPayload:
    return ProductPayload(product=Product.from_model(row))


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="Products, filtered and paginated (by name).")
    async def products(self, info: Info, filter: ProductFilterInput | None = None, first: int = 50,
                       after: str | None = None) -> Connection[Product] | None:
        page = await resolve.products(info.context, filter=(filter or ProductFilterInput()).to_filter(), first=first,
                                      after=after)
        return connection(page, Product.from_model)

    @strawberry.field
    async def product(self, info: Info, id: strawberry.ID) -> Product | None:
        row = await resolve.product(info.context, id=id)
        return Product.from_model(row) if row else None

    @strawberry.field(description="Categories under parentId, or top-level ones with rootsOnly, or all.")
    async def categories(self, info: Info, parent_id: strawberry.ID | None = None, roots_only: bool = False,
                         first: int = 100, after: str | None = None) -> Connection[Category] | None:
        page = await resolve.categories(info.context, parent_id=parent_id, roots_only=roots_only, first=first,
                                        after=after)
        return connection(page, Category.from_model)

    @strawberry.field
    async def price_lists(self, info: Info, first: int = 50, after: str | None = None) -> Connection[PriceList] | None:
        return connection(await resolve.price_lists(info.context, first=first, after=after), PriceList.from_model)

    @strawberry.field(description="The discount of each customer level that has one (at most four).")
    async def level_discounts(self, info: Info) -> list[LevelDiscount] | None:
        return [LevelDiscount.from_model(r) for r in await resolve.level_discounts(info.context)]

    @strawberry.field(description="What a customer (visible to the viewer) pays for a product, by their level.")
    async def product_price(self, info: Info, product_id: strawberry.ID,
                            customer_id: strawberry.ID) -> ProductPrice | None:
        result = await resolve.product_price(info.context, product_id=product_id, customer_id=customer_id)
        return ProductPrice.from_result(result)


@strawberry.type
class CatalogMutation:
    @strawberry.mutation
    async def create_product(self, info: Info, input: ProductInput) -> ProductPayload | None:
        call = deferred(lambda: resolve.create_product(info.context, data=input.to_data()))
        return await mutation_payload(info, call, ProductPayload, _product)

    @strawberry.mutation
    async def update_product(self, info: Info, id: strawberry.ID, input: ProductInput) -> ProductPayload | None:
        call = deferred(lambda: resolve.update_product(info.context, id=id, data=input.to_data()))
        return await mutation_payload(info, call, ProductPayload, _product)

    @strawberry.mutation(description="Stop selling a product; stock and history stay.")
    async def deactivate_product(self, info: Info, id: strawberry.ID) -> ProductPayload | None:
        return await mutation_payload(info, resolve.deactivate_product(info.context, id=id), ProductPayload, _product)

    @strawberry.mutation
    async def create_category(self, info: Info, name: str,
                              parent_id: strawberry.ID | None = None) -> CategoryPayload | None:
        call = resolve.create_category(info.context, name=name, parent_id=parent_id)
        return await mutation_payload(info, call, CategoryPayload,
                                      lambda c: CategoryPayload(category=Category.from_model(c)))

    @strawberry.mutation
    async def create_price_list(self, info: Info, name: str, currency: str = "CNY") -> PriceListPayload | None:
        call = resolve.create_price_list(info.context, name=name, currency=currency)
        return await mutation_payload(info, call, PriceListPayload,
                                      lambda p: PriceListPayload(price_list=PriceList.from_model(p)))

    @strawberry.mutation(description="Set a product's price on a price list.")
    async def set_price_list_item(self, info: Info, price_list_id: strawberry.ID, product_id: strawberry.ID,
                                  price: Decimal) -> PriceListItemPayload | None:
        call = resolve.set_price_list_item(info.context, price_list_id=price_list_id, product_id=product_id,
                                           price=price)
        return await mutation_payload(info, call, PriceListItemPayload,
                                      lambda i: PriceListItemPayload(item=PriceListItem.from_model(i)))

    @strawberry.mutation(description="The discount rate (e.g. 0.05) and optional price list for a customer level.")
    async def set_level_discount(self, info: Info, level: str, discount_rate: Decimal,
                                 price_list_id: strawberry.ID | None = None) -> LevelDiscountPayload | None:
        call = resolve.set_level_discount(info.context, level=level, discount_rate=discount_rate,
                                          price_list_id=price_list_id)
        return await mutation_payload(info, call, LevelDiscountPayload,
                                      lambda d: LevelDiscountPayload(level_discount=LevelDiscount.from_model(d)))
