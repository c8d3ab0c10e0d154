"""Order money, computed in Decimal and rounded to cents half up, line by line then summed.

quantity × unit price = gross; gross × (1 - discount) = net; net × tax rate = tax; net + tax = total.
The order's subtotal is the sum of gross amounts, its discount the sum of (gross - net), so
subtotal - discount + tax = total exactly, to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from domain.catalog.pricing import money

ZERO = Decimal("0")


@dataclass(frozen=True)
class LineAmounts:
    gross: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal
    cost: Decimal


def line_amounts(*, quantity: int, unit_price: Decimal, discount: Decimal, tax_rate: Decimal,
                 unit_cost: Decimal = ZERO) -> LineAmounts:
    """The money of one order line."""
    gross = money(unit_price * quantity)
    net = money(unit_price * quantity * (1 - discount))
    tax = money(net * tax_rate)
    return LineAmounts(gross=gross, net=net, tax=tax, total=net + tax, cost=money(unit_cost * quantity))


@dataclass(frozen=True)
class OrderTotals:
    subtotal: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal
    cost: Decimal


def order_totals(lines: Iterable[LineAmounts]) -> OrderTotals:
    """Sums of already rounded line amounts (no second rounding)."""
    gross = net = tax = cost = ZERO
    for line in lines:
        gross += line.gross
        net += line.net
        tax += line.tax
        cost += line.cost
    return OrderTotals(subtotal=gross, discount=gross - net, tax=tax, total=net + tax, cost=cost)


def net_amount(order) -> Decimal:
    """Revenue before tax: subtotal less discounts."""
    return order.subtotal_amount - order.discount_amount


def gross_margin(order) -> Decimal:
    """Net revenue less the cost of the goods, as of the order's prices."""
    return net_amount(order) - order.cost_amount


def refund_for(*, line, quantity: int) -> Decimal:
    """What returning ``quantity`` more units of ``line`` refunds (tax included).

    Computed as the difference of cumulative shares, so returning a line in several parts
    refunds exactly its total, never a cent more or less.
    """
    before = line.returned_quantity
    after = before + quantity
    return money(line.line_total * after / line.quantity) - money(line.line_total * before / line.quantity)
