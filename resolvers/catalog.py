"""Catalog resolvers: parse input, call one domain service or query; the catalog's DataLoaders."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from strawberry.dataloader import DataLoader

from domain.catalog import queries, services
from domain.catalog.queries import ProductFilter
from domain.catalog.services import ProductData
from policies.scope import data_scope
from resolvers.batching import by_id
from resolvers.ids import parse_id
from settings import get_settings


def _limit() -> int:
    return get_settings().max_page_size


def request_loader(ctx: Any, name: str, make: Callable[[], DataLoader]) -> DataLoader:
    """The request's loader called ``name``, made on first use (fresh for every request)."""
    held = vars(ctx.loaders)
    found = held.get(name)
    if found is None:
        found = held[name] = make()
    return found


def ProductByIdLoader() -> DataLoader:  # noqa: N802 - named after what it loads
    return DataLoader(load_fn=by_id(queries.products_by_ids))


def CategoryByIdLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=by_id(queries.categories_by_ids))


def PriceListByIdLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=by_id(queries.price_lists_by_ids))


def product_loader(ctx: Any) -> DataLoader:
    return request_loader(ctx, "product_by_id", ProductByIdLoader)


def category_loader(ctx: Any) -> DataLoader:
    return request_loader(ctx, "category_by_id", CategoryByIdLoader)


def price_list_loader(ctx: Any) -> DataLoader:
    return request_loader(ctx, "price_list_by_id", PriceListByIdLoader)


async def products(ctx: Any, *, filter: ProductFilter, first: int, after: str | None):
    return await queries.list_products(filter=filter, first=first, after=after, limit=_limit())


async def product(ctx: Any, *, id: str):
    return await queries.get_product(parse_id(id))


async def categories(ctx: Any, *, parent_id: str | None, roots_only: bool, first: int, after: str | None):
    return await queries.list_categories(parent_id=parse_id(parent_id, field="parentId"), roots_only=roots_only,
                                         first=first, after=after, limit=_limit())


async def price_lists(ctx: Any, *, first: int, after: str | None):
    return await queries.list_price_lists(first=first, after=after, limit=_limit())


async def price_list_items(ctx: Any, *, price_list_id: int, first: int, after: str | None):
    return await queries.price_list_items_page(price_list_id=price_list_id, first=first, after=after,
                                               limit=_limit())


async def level_discounts(ctx: Any):
    return await queries.level_discounts()


async def product_price(ctx: Any, *, product_id: str, customer_id: str):
    return await queries.price_for_customer(scope=await data_scope(ctx.actor, "Customer"),
                                            product_id=parse_id(product_id, field="productId"),
                                            customer_id=parse_id(customer_id, field="customerId"))


async def create_product(ctx: Any, *, data: ProductData):
    return await services.create_product(actor=ctx.actor, data=data)


async def update_product(ctx: Any, *, id: str, data: ProductData):
    return await services.update_product(actor=ctx.actor, product_id=parse_id(id), data=data)


async def deactivate_product(ctx: Any, *, id: str):
    return await services.deactivate_product(actor=ctx.actor, product_id=parse_id(id))


async def create_category(ctx: Any, *, name: str, parent_id: str | None):
    return await services.create_category(actor=ctx.actor, name=name, parent_id=parse_id(parent_id, field="parentId"))


async def create_price_list(ctx: Any, *, name: str, currency: str):
    return await services.create_price_list(actor=ctx.actor, name=name, currency=currency)


async def set_price_list_item(ctx: Any, *, price_list_id: str, product_id: str, price: Decimal):
    return await services.set_price_list_item(actor=ctx.actor,
                                              price_list_id=parse_id(price_list_id, field="priceListId"),
                                              product_id=parse_id(product_id, field="productId"), price=price)


async def set_level_discount(ctx: Any, *, level: str, discount_rate: Decimal, price_list_id: str | None):
    return await services.set_level_discount(actor=ctx.actor, level=level, discount_rate=discount_rate,
                                             price_list_id=parse_id(price_list_id, field="priceListId"))
