"""The order workflow against real stock: draft → confirmed → partially shipped → shipped → completed,
cancellation and returns; the ledger and the levels agree after every step."""

from decimal import Decimal

import pytest

from domain.errors import DomainError
from domain.events.models import OutboxEvent
from domain.inventory.models import StockMovement
from domain.orders import services, shipping
from domain.orders.models import Order, OrderLine, Shipment
from domain.orders.validation import LineQuantity
from tests.domain.orders import factories as make

D = Decimal


async def _setup(stock: int = 10):
    rep = await make.actor_for("rep")
    warehouse = await make.warehouse()
    widget = await make.product(list_price="19.99", cost_price="12.00")
    gadget = await make.product(list_price="100.00", cost_price="55.50", tax_rate="0.06")
    for item in (widget, gadget):
        await make.receive(item, warehouse, stock)
    return rep, warehouse, widget, gadget, await make.customer_of("rep")


async def test_full_workflow_with_partial_shipment(db):
    rep, warehouse, widget, gadget, customer = await _setup()
    scope = await make.order_scope(rep)
    order = await make.draft(rep, customer, warehouse, (widget, 3, "19.99", "0.05"), (gadget, 2))
    assert order.status == "draft"
    assert order.number.startswith("SO") and len(order.number) >= 16
    assert (order.subtotal_amount, order.discount_amount, order.tax_amount, order.total_amount) == (
        D("259.97"), D("3.00"), D("7.41") + D("12.00"), D("64.38") + D("212.00"))
    assert order.cost_amount == D("36.00") + D("111.00")
    assert (order.owner_id, order.team_id) == (customer.owner_id, customer.team_id)
    assert (await make.level(widget, warehouse)).reserved == 0, "a draft reserves nothing"

    await services.confirm_order(actor=rep, scope=scope, order_id=order.id)
    widget_level = await make.level(widget, warehouse)
    assert (widget_level.on_hand, widget_level.reserved, widget_level.available) == (10, 3, 7)

    lines = {line.product_id: line for line in await OrderLine.filter(order_id=order.id)}
    done = await shipping.ship_order(actor=rep, scope=scope, order_id=order.id,
                                     lines=[LineQuantity(lines[widget.id].id, 2)])
    assert done.order.status == "partially_shipped"
    assert done.shipment.number.startswith("SH")
    widget_level = await make.level(widget, warehouse)
    assert (widget_level.on_hand, widget_level.reserved, widget_level.available) == (8, 1, 7)
    assert (await OrderLine.get(id=lines[widget.id].id)).shipped_quantity == 2

    with pytest.raises(DomainError) as refused:
        await services.cancel_order(actor=rep, scope=scope, order_id=order.id, reason="changed mind")
    assert refused.value.code == "ORDER_ALREADY_SHIPPED"
    with pytest.raises(DomainError) as refused:
        await services.complete_order(actor=rep, scope=scope, order_id=order.id)
    assert refused.value.code == "ORDER_NOT_SHIPPED"

    done = await shipping.ship_order(actor=rep, scope=scope, order_id=order.id)  # the rest
    assert done.order.status == "shipped" and done.order.shipped_at is not None
    assert {(l.product_id, l.shipped_quantity) for l in await OrderLine.filter(order_id=order.id)} == {
        (widget.id, 3), (gadget.id, 2)}
    assert await Shipment.filter(order_id=order.id).count() == 2
    for item, on_hand in ((widget, 7), (gadget, 8)):
        level = await make.level(item, warehouse)
        assert (level.on_hand, level.reserved, level.available) == (on_hand, 0, on_hand)

    with pytest.raises(DomainError) as refused:
        await shipping.ship_order(actor=rep, scope=scope, order_id=order.id)
    assert refused.value.code == "ORDER_FULLY_SHIPPED"

    completed = await services.complete_order(actor=rep, scope=scope, order_id=order.id)
    assert completed.status == "completed" and completed.completed_at is not None
    await make.assert_ledger_agrees()
    kinds = await OutboxEvent.filter(aggregate_type="Order", aggregate_id=str(order.id)).values_list("type", flat=True)
    assert sorted(kinds) == sorted(["order.created", "order.confirmed", "order.shipped", "order.shipped",
                                    "order.completed"])


async def test_cancelling_a_confirmed_order_releases_its_stock(db):
    rep, warehouse, widget, gadget, customer = await _setup(stock=5)
    scope = await make.order_scope(rep)
    order = await make.draft(rep, customer, warehouse, (widget, 5), (gadget, 1))
    await services.confirm_order(actor=rep, scope=scope, order_id=order.id)
    assert (await make.level(widget, warehouse)).available == 0
    cancelled = await services.cancel_order(actor=rep, scope=scope, order_id=order.id, reason="客户取消 customer cancelled")
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "客户取消 customer cancelled")
    for item in (widget, gadget):
        level = await make.level(item, warehouse)
        assert (level.on_hand, level.reserved, level.available) == (5, 0, 5)
    releases = await StockMovement.filter(kind="release", reference_type="Order", reference_id=order.id).count()
    assert releases == 2
    with pytest.raises(DomainError) as refused:
        await services.confirm_order(actor=rep, scope=scope, order_id=order.id)
    assert refused.value.code == "ORDER_CANCELLED"
    await make.assert_ledger_agrees()


async def test_cancelling_a_draft_touches_no_stock(db):
    rep, warehouse, widget, _, customer = await _setup()
    order = await make.draft(rep, customer, warehouse, (widget, 1))
    before = await StockMovement.all().count()
    await services.cancel_order(actor=rep, scope=await make.order_scope(rep), order_id=order.id, reason="typo")
    assert await StockMovement.all().count() == before


async def test_a_refused_reservation_rolls_back_the_whole_order(db):
    rep, warehouse, widget, gadget, customer = await _setup(stock=3)
    scope = await make.order_scope(rep)
    order = await make.draft(rep, customer, warehouse, (widget, 2), (gadget, 4))  # gadget: only 3
    movements = await StockMovement.all().count()
    with pytest.raises(DomainError) as refused:
        await services.confirm_order(actor=rep, scope=scope, order_id=order.id)
    assert refused.value.code == "INSUFFICIENT_STOCK"
    assert refused.value.field == "lines.1.quantity"
    assert refused.value.params["available"] == 3
    assert (await Order.get(id=order.id)).status == "draft"
    assert (await make.level(widget, warehouse)).reserved == 0, "the widget reservation was rolled back"
    assert await StockMovement.all().count() == movements
    assert not await OutboxEvent.filter(type="order.confirmed", aggregate_id=str(order.id)).exists()
    await make.assert_ledger_agrees()


async def test_confirming_twice_is_refused(db):
    rep, warehouse, widget, _, customer = await _setup()
    scope = await make.order_scope(rep)
    order = await make.draft(rep, customer, warehouse, (widget, 2))
    await services.confirm_order(actor=rep, scope=scope, order_id=order.id)
    with pytest.raises(DomainError) as refused:
        await services.confirm_order(actor=rep, scope=scope, order_id=order.id)
    assert refused.value.code == "ORDER_ALREADY_CONFIRMED"
    assert (await make.level(widget, warehouse)).reserved == 2, "reserved once"


async def test_returns_put_stock_back_and_refund_exactly(db):
    rep, warehouse, widget, _, customer = await _setup()
    scope = await make.order_scope(rep)
    order = await make.draft(rep, customer, warehouse, (widget, 3, "19.99", "0.05"))
    await services.confirm_order(actor=rep, scope=scope, order_id=order.id)
    with pytest.raises(DomainError) as refused:
        await shipping.create_return(actor=rep, scope=scope, order_id=order.id,
                                     lines=[LineQuantity((await OrderLine.get(order_id=order.id)).id, 1)], reason="x")
    assert refused.value.code == "NOTHING_SHIPPED"
    await shipping.ship_order(actor=rep, scope=scope, order_id=order.id)
    line = await OrderLine.get(order_id=order.id)
    first = await shipping.create_return(actor=rep, scope=scope, order_id=order.id, lines=[LineQuantity(line.id, 1)],
                                         reason="破损 damaged")
    second = await shipping.create_return(actor=rep, scope=scope, order_id=order.id, lines=[LineQuantity(line.id, 2)],
                                          reason="不需要 not needed")
    assert first.order_return.number.startswith("RT")
    assert first.order_return.amount + second.order_return.amount == D("64.38")
    assert (await OrderLine.get(id=line.id)).returned_quantity == 3
    level = await make.level(widget, warehouse)
    assert (level.on_hand, level.reserved, level.available) == (10, 0, 10)
    returns = await StockMovement.filter(kind="return", product_id=widget.id).values_list("on_hand_delta", flat=True)
    assert sorted(returns) == [1, 2]
    with pytest.raises(DomainError) as refused:
        await shipping.create_return(actor=rep, scope=scope, order_id=order.id, lines=[LineQuantity(line.id, 1)],
                                     reason="again")
    assert (refused.value.code, refused.value.field) == ("EXCEEDS_RETURNABLE", "lines.0.quantity")
    await make.assert_ledger_agrees()


async def test_order_numbers_are_unique(db):
    rep, warehouse, widget, _, customer = await _setup()
    numbers = {(await make.draft(rep, customer, warehouse, (widget, 1))).number for _ in range(5)}
    assert len(numbers) == 5
