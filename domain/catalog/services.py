"""Catalog actions: products, the category tree, price lists and customer-level discounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.actor import Actor
from domain.catalog import validation as check
from domain.catalog.models import Category, LevelDiscount, PriceList, PriceListItem, Product
from domain.crm.models import CUSTOMER_LEVELS
from domain.errors import DomainError, NotFound, ValidationFailed
from domain.events import DomainEvent, unit_of_work
from domain.inventory.models import Supplier

DEFAULT_UNIT = "件"
DEFAULT_TAX_RATE = Decimal("0.1300")
CLEARABLE = ("category_id", "min_price", "supplier_id")


@dataclass
class ProductData:
    """Fields a person can set on a product; None means "leave unchanged" unless named in ``cleared``."""

    sku: str | None = None
    name: str | None = None
    category_id: int | None = None
    unit: str | None = None
    list_price: Decimal | None = None
    cost_price: Decimal | None = None
    min_price: Decimal | None = None
    tax_rate: Decimal | None = None
    supplier_id: int | None = None
    active: bool | None = None
    cleared: frozenset[str] = field(default_factory=frozenset)


def catalog_event(kind: str, row, actor: Actor, **payload) -> DomainEvent:
    """Catalog events carry names and ids only: cost prices never travel on the bus."""
    return DomainEvent(type=kind, aggregate_type=type(row).__name__, aggregate_id=str(row.id), payload=payload,
                       actor_id=actor.user_id)


def _checked_product(data: ProductData, *, creating: bool) -> dict:
    """Column values for the product row, or ``ValidationFailed`` listing every bad field."""
    sku, name, unit, list_price, cost_price, min_price, tax_rate = check.gather(
        lambda: check.check_sku(data.sku, required=creating or data.sku is not None),
        lambda: check.check_text(data.name, "name", max_length=200, required=creating or data.name is not None),
        lambda: check.check_text(data.unit, "unit", max_length=20, required=data.unit is not None),
        lambda: check.check_money(data.list_price, "listPrice", required=creating),
        lambda: check.check_money(data.cost_price, "costPrice"),
        lambda: check.check_money(data.min_price, "minPrice"),
        lambda: check.check_rate(data.tax_rate, "taxRate", code="INVALID_TAX_RATE"),
    )
    values = {"sku": sku, "name": name, "unit": unit, "list_price": list_price, "cost_price": cost_price,
              "min_price": min_price, "tax_rate": tax_rate, "category_id": data.category_id,
              "supplier_id": data.supplier_id, "active": data.active}
    values = {k: v for k, v in values.items() if v is not None}
    for column in CLEARABLE:
        if column in data.cleared:
            values[column] = None
    return values


async def _check_references(values: dict) -> None:
    problems = []
    if values.get("category_id") is not None and not await Category.exists(id=values["category_id"]):
        problems.append(DomainError("UNKNOWN_CATEGORY", field="categoryId"))
    if values.get("supplier_id") is not None and not await Supplier.exists(id=values["supplier_id"]):
        problems.append(DomainError("UNKNOWN_SUPPLIER", field="supplierId"))
    if problems:
        raise ValidationFailed(problems)


def _check_floor(product: Product) -> None:
    if product.min_price is not None and product.min_price > product.list_price:
        raise DomainError("PRICE_FLOOR_ABOVE_LIST", field="minPrice")


async def _save_product(product: Product, *, creating: bool) -> None:
    """Insert or update, turning a SKU collision (even a concurrent one) into DUPLICATE_SKU."""
    taken = Product.filter(sku=product.sku)
    if not creating:
        taken = taken.exclude(id=product.id)
    if await taken.exists():
        raise DomainError("DUPLICATE_SKU", field="sku", sku=product.sku)
    try:
        await product.save()
    except IntegrityError:
        raise DomainError("DUPLICATE_SKU", field="sku", sku=product.sku) from None


async def create_product(*, actor: Actor, data: ProductData) -> Product:
    """Add a product to the catalog (active unless told otherwise)."""
    values = _checked_product(data, creating=True)
    values.setdefault("unit", DEFAULT_UNIT)
    values.setdefault("tax_rate", DEFAULT_TAX_RATE)
    async with unit_of_work() as work:
        await _check_references(values)
        product = Product(**values)
        _check_floor(product)
        await _save_product(product, creating=True)
        work.record(catalog_event("product.created", product, actor, sku=product.sku, name=product.name))
    return product


async def update_product(*, actor: Actor, product_id: int, data: ProductData) -> Product:
    values = _checked_product(data, creating=False)
    async with unit_of_work() as work:
        product = await Product.get_or_none(id=product_id)
        if product is None:
            raise NotFound()
        await _check_references(values)
        changed = sorted(k for k, v in values.items() if getattr(product, k) != v)
        for key, value in values.items():
            setattr(product, key, value)
        _check_floor(product)
        await _save_product(product, creating=False)
        work.record(catalog_event("product.updated", product, actor, sku=product.sku, changed=changed))
    return product


async def deactivate_product(*, actor: Actor, product_id: int) -> Product:
    """Stop selling a product; its stock and history stay. Deactivating twice changes nothing."""
    async with unit_of_work() as work:
        product = await Product.get_or_none(id=product_id)
        if product is None:
            raise NotFound()
        if product.active:
            product.active = False
            await product.save(update_fields=["active", "updated_at"])
            work.record(catalog_event("product.deactivated", product, actor, sku=product.sku))
    return product


async def create_category(*, actor: Actor, name: str, parent_id: int | None) -> Category:
    """A category under ``parent_id`` (None: a top-level one); names are unique among siblings."""
    (clean,) = check.gather(lambda: check.check_text(name, "name", max_length=100, required=True))
    async with unit_of_work() as work:
        if parent_id is not None and not await Category.exists(id=parent_id):
            raise DomainError("UNKNOWN_CATEGORY", field="parentId")
        if await Category.exists(parent_id=parent_id, name=clean):
            raise DomainError("DUPLICATE", field="name")
        try:
            category = await Category.create(name=clean, parent_id=parent_id)
        except IntegrityError:
            raise DomainError("DUPLICATE", field="name") from None
        work.record(catalog_event("category.created", category, actor, name=clean, parentId=parent_id))
    return category


async def create_price_list(*, actor: Actor, name: str, currency: str = "CNY") -> PriceList:
    clean, code = check.gather(
        lambda: check.check_text(name, "name", max_length=100, required=True),
        lambda: _currency(currency),
    )
    async with unit_of_work() as work:
        if await PriceList.exists(name=clean):
            raise DomainError("DUPLICATE", field="name")
        try:
            price_list = await PriceList.create(name=clean, currency=code)
        except IntegrityError:
            raise DomainError("DUPLICATE", field="name") from None
        work.record(catalog_event("price_list.created", price_list, actor, name=clean))
    return price_list


def _currency(value: str | None) -> str:
    code = (value or "").strip().upper()
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise DomainError("INVALID_CURRENCY", field="currency")
    return code


async def active_product(product_id: int, *, field: str = "productId") -> Product:
    """The product, or UNKNOWN_PRODUCT / PRODUCT_INACTIVE for ``field``."""
    product = await Product.get_or_none(id=product_id)
    if product is None:
        raise DomainError("UNKNOWN_PRODUCT", field=field)
    if not product.active:
        raise DomainError("PRODUCT_INACTIVE", field=field, sku=product.sku)
    return product


async def set_price_list_item(*, actor: Actor, price_list_id: int, product_id: int,
                              price: Decimal) -> PriceListItem:
    """Set (or change) a product's price on a price list."""
    (amount,) = check.gather(lambda: check.check_money(price, "price", required=True))
    async with unit_of_work() as work:
        if not await PriceList.exists(id=price_list_id):
            raise DomainError("UNKNOWN_PRICE_LIST", field="priceListId")
        await active_product(product_id)
        item = await PriceListItem.get_or_none(price_list_id=price_list_id, product_id=product_id)
        if item is None:
            try:
                async with in_transaction():
                    item = await PriceListItem.create(price_list_id=price_list_id, product_id=product_id,
                                                      price=amount)
            except IntegrityError:  # someone set it at the same moment: last write wins
                item = await PriceListItem.get(price_list_id=price_list_id, product_id=product_id)
        item.price = amount
        await item.save(update_fields=["price"])
        work.record(catalog_event("price_list.item_set", item, actor, priceListId=price_list_id,
                                  productId=product_id))
    return item


async def set_level_discount(*, actor: Actor, level: str, discount_rate: Decimal,
                             price_list_id: int | None) -> LevelDiscount:
    """The discount (and optional price list) for customers of ``level``."""

    def level_ok() -> str:
        if level not in CUSTOMER_LEVELS:
            raise DomainError("INVALID_CHOICE", field="level", allowed=" / ".join(CUSTOMER_LEVELS))
        return level

    _, rate = check.gather(level_ok, lambda: check.check_rate(
        discount_rate, "discountRate", code="INVALID_DISCOUNT", below_one=True, required=True))
    async with unit_of_work() as work:
        if price_list_id is not None and not await PriceList.exists(id=price_list_id):
            raise DomainError("UNKNOWN_PRICE_LIST", field="priceListId")
        rule = await LevelDiscount.get_or_none(level=level)
        if rule is None:
            try:
                async with in_transaction():
                    rule = await LevelDiscount.create(level=level, discount_rate=rate, price_list_id=price_list_id)
            except IntegrityError:
                rule = await LevelDiscount.get(level=level)
        rule.discount_rate, rule.price_list_id = rate, price_list_id
        await rule.save(update_fields=["discount_rate", "price_list_id"])
        work.record(catalog_event("level_discount.set", rule, actor, level=level, priceListId=price_list_id))
    return rule
