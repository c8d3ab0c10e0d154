"""Catalog reads: product lists, the category tree, price lists, and a customer's price."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tortoise.expressions import Q

from domain.catalog.models import Category, LevelDiscount, PriceList, PriceListItem, Product
from domain.catalog.pricing import Quote, price_for
from domain.crm.models import Customer
from domain.errors import DomainError, NotFound
from domain.identity.scope import DataScope
from domain.pagination import Page, Sort, paginate


@dataclass
class ProductFilter:
    search: str | None = None
    category_id: int | None = None
    active: bool | None = None
    sku: str | None = None


async def category_subtree(category_id: int) -> list[int]:
    """The category and every category below it (the tree is small: one query)."""
    children: dict[int | None, list[int]] = {}
    for row_id, parent_id in await Category.all().values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(row_id)
    found, todo = [], [category_id]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


async def list_products(*, filter: ProductFilter, first: int, after: str | None, limit: int) -> Page[Product]:
    """Products matching the filter; a category includes its sub-categories."""
    queryset = Product.all()
    if filter.search and filter.search.strip():
        term = filter.search.strip()[:100]
        queryset = queryset.filter(Q(name__icontains=term) | Q(sku__icontains=term))
    if filter.sku and filter.sku.strip():
        queryset = queryset.filter(sku=filter.sku.strip())
    if filter.active is not None:
        queryset = queryset.filter(active=filter.active)
    if filter.category_id is not None:
        queryset = queryset.filter(category_id__in=await category_subtree(filter.category_id))
    return await paginate(queryset, first=first, after=after, limit=limit, sort=Sort("name"))


async def get_product(product_id: int) -> Product | None:
    return await Product.get_or_none(id=product_id)


async def products_by_ids(ids: Iterable[int]) -> list[Product]:
    return await Product.filter(id__in=list(ids))


async def categories_by_ids(ids: Iterable[int]) -> list[Category]:
    return await Category.filter(id__in=list(ids))


async def list_categories(*, parent_id: int | None, roots_only: bool, first: int, after: str | None,
                          limit: int) -> Page[Category]:
    queryset = Category.all()
    if parent_id is not None:
        queryset = queryset.filter(parent_id=parent_id)
    elif roots_only:
        queryset = queryset.filter(parent_id=None)
    return await paginate(queryset, first=first, after=after, limit=limit, sort=Sort("name"))


async def list_price_lists(*, first: int, after: str | None, limit: int) -> Page[PriceList]:
    return await paginate(PriceList.all(), first=first, after=after, limit=limit, sort=Sort("name"))


async def price_lists_by_ids(ids: Iterable[int]) -> list[PriceList]:
    return await PriceList.filter(id__in=list(ids))


async def price_list_items_page(*, price_list_id: int, first: int, after: str | None,
                                limit: int) -> Page[PriceListItem]:
    return await paginate(PriceListItem.filter(price_list_id=price_list_id), first=first, after=after, limit=limit)


async def level_discounts() -> list[LevelDiscount]:
    """One row per customer level at most (A/B/C/D)."""
    return await LevelDiscount.all().order_by("level")


@dataclass(frozen=True)
class CustomerPrice:
    product: Product
    customer: Customer
    quote: Quote


async def price_for_customer(*, scope: DataScope, product_id: int, customer_id: int) -> CustomerPrice:
    """What a customer the viewer may see pays for an active product, by the customer's level."""
    customer = await Customer.filter(scope.q(), id=customer_id, merged_into_id=None).first()
    if customer is None:
        raise NotFound(field="customerId")
    product = await Product.get_or_none(id=product_id)
    if product is None:
        raise NotFound(field="productId")
    if not product.active:
        raise DomainError("PRODUCT_INACTIVE", field="productId", sku=product.sku)
    return CustomerPrice(product=product, customer=customer,
                         quote=await price_for(product=product, customer_level=customer.level))
