"""Order money is exact Decimal arithmetic, rounded to the cent half up, line by line."""

from decimal import Decimal
from types import SimpleNamespace

from domain.orders.totals import gross_margin, line_amounts, order_totals, refund_for

D = Decimal


def test_three_at_19_99_with_5_percent_off_and_13_percent_tax():
    line = line_amounts(quantity=3, unit_price=D("19.99"), discount=D("0.05"), tax_rate=D("0.13"),
                        unit_cost=D("12.00"))
    assert line.gross == D("59.97")
    assert line.net == D("56.97")  # 56.9715
    assert line.tax == D("7.41")  # 7.4061
    assert line.total == D("64.38")
    assert line.cost == D("36.00")
    assert all(isinstance(v, Decimal) for v in (line.gross, line.net, line.tax, line.total))


def test_half_cent_rounds_up():
    line = line_amounts(quantity=1, unit_price=D("0.10"), discount=D("0.05"), tax_rate=D("0.13"))
    assert line.net == D("0.10")  # 0.095 -> 0.10, half up
    assert line.tax == D("0.01")  # 0.013


def test_order_totals_add_up_to_the_cent():
    lines = [line_amounts(quantity=3, unit_price=D("19.99"), discount=D("0.05"), tax_rate=D("0.13")),
             line_amounts(quantity=7, unit_price=D("0.33"), discount=D("0"), tax_rate=D("0.06")),
             line_amounts(quantity=1, unit_price=D("1000.00"), discount=D("0.1234"), tax_rate=D("0.09"))]
    totals = order_totals(lines)
    assert totals.subtotal == D("59.97") + D("2.31") + D("1000.00")
    assert totals.subtotal - totals.discount == sum(line.net for line in lines)
    assert totals.tax == sum(line.tax for line in lines)
    assert totals.total == totals.subtotal - totals.discount + totals.tax
    assert totals.total == sum(line.total for line in lines)
    assert totals.discount == D("3.00") + D("0") + D("123.40")


def test_gross_margin_is_net_less_cost():
    order = SimpleNamespace(subtotal_amount=D("59.97"), discount_amount=D("3.00"), cost_amount=D("36.00"))
    assert gross_margin(order) == D("20.97")


def test_returns_in_parts_refund_exactly_the_line_total():
    line = SimpleNamespace(quantity=3, line_total=D("64.38"), returned_quantity=0)
    refunds = []
    for _ in range(3):
        refunds.append(refund_for(line=line, quantity=1))
        line.returned_quantity += 1
    assert sum(refunds) == D("64.38")
    assert refunds == [D("21.46"), D("21.46"), D("21.46")]
