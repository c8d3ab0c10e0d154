"""Prices: the customer's price list and level discount, and the floor below which selling needs permission."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from domain.catalog.models import LevelDiscount, PriceListItem, Product

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """Round to cents, half up (the usual rule for CNY invoices)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Quote:
    """The price a customer of ``level`` pays for a product before any line discount."""

    list_price: Decimal
    unit_price: Decimal
    level_discount: Decimal
    floor: Decimal | None


async def price_for(*, product: Product, customer_level: str | None) -> Quote:
    """List price, or the level's price list entry, less the level discount."""
    base = product.list_price
    rate = Decimal("0")
    rule = await LevelDiscount.get_or_none(level=customer_level) if customer_level else None
    if rule is not None:
        rate = rule.discount_rate
        if rule.price_list_id is not None:
            item = await PriceListItem.get_or_none(price_list_id=rule.price_list_id, product_id=product.id)
            if item is not None:
                base = item.price
    return Quote(list_price=product.list_price, unit_price=money(base * (1 - rate)), level_discount=rate,
                 floor=product.min_price)


def below_floor(*, quote: Quote, unit_price: Decimal, discount: Decimal) -> bool:
    """True when the effective price (after the line discount) is under the product's floor."""
    return quote.floor is not None and money(unit_price * (1 - discount)) < quote.floor
