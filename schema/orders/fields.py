"""Order entry points: orders and order, the order workflow mutations, and Subscription.salesEvents."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any

import strawberry

from resolvers import orders as resolve
from resolvers.identity import preload_users
from schema.authorization import live
from schema.common import Connection, connection, mutation_payload, selects
from schema.context import Info
from schema.orders.inputs import (
    CreateOrderInput, CreateReturnPayload, OrderFilterInput, OrderLineQuantityInput, OrderPayload, ShipOrderPayload,
    line_quantities,
)
from schema.orders.types import Order, OrderReturn, SalesEvent, Shipment, readable_payload
from schema.sensitive import SENSITIVE_TYPE

BELOW_FLOOR = "Order.priceBelowFloor"  # Sensitive.Order.priceBelowFloor: may sell under a product's floor


def may_sell_below_floor(info: Info) -> bool:
    decisions = info.context.decisions
    allowed = decisions.memo.get((SENSITIVE_TYPE, BELOW_FLOOR))
    return decisions.decide(SENSITIVE_TYPE, BELOW_FLOOR) if allowed is None else allowed


async def _deferred(make_call: Callable[[], Awaitable[Any]]) -> Any:
    """Build the call inside the awaited coroutine, so input parsing errors become payload errors too."""
    return await make_call()


def _order(row) -> OrderPayload:
    return OrderPayload(order=Order.from_model(row))


@strawberry.type
class OrdersQuery:
    @strawberry.field(description="Orders the viewer may see, newest first, filtered and paginated.")
    async def orders(self, info: Info, filter: OrderFilterInput | None = None, first: int = 50,
                     after: str | None = None) -> Connection[Order] | None:
        page = await resolve.orders(info.context, filter=(filter or OrderFilterInput()).to_filter(), first=first,
                                    after=after)
        if selects(info, "edges", "node", "owner"):
            await preload_users(info.context, [row.owner_id for row in page.rows])
        return connection(page, Order.from_model)

    @strawberry.field
    async def order(self, info: Info, id: strawberry.ID) -> Order | None:
        row = await resolve.order(info.context, id=id)
        return Order.from_model(row) if row else None


@strawberry.type
class OrdersMutation:
    @strawberry.mutation(description="Create a draft order; prices default to the customer's, totals are computed.")
    async def create_order(self, info: Info, input: CreateOrderInput) -> OrderPayload | None:
        call = _deferred(lambda: resolve.create_order(info.context, data=input.to_data(),
                                                      allow_below_floor=may_sell_below_floor(info)))
        return await mutation_payload(info, call, OrderPayload, _order)

    @strawberry.mutation(description="Confirm a draft order, reserving its stock (all lines or none).")
    async def confirm_order(self, info: Info, id: strawberry.ID) -> OrderPayload | None:
        return await mutation_payload(info, resolve.confirm_order(info.context, id=id), OrderPayload, _order)

    @strawberry.mutation(description="Ship the given line quantities, or everything outstanding when omitted.")
    async def ship_order(self, info: Info, id: strawberry.ID,
                         lines: list[OrderLineQuantityInput] | None = None) -> ShipOrderPayload | None:
        call = _deferred(lambda: resolve.ship_order(info.context, id=id, lines=line_quantities(lines)))
        return await mutation_payload(info, call, ShipOrderPayload, lambda done: ShipOrderPayload(
            order=Order.from_model(done.order), shipment=Shipment.from_model(done.shipment)))

    @strawberry.mutation(description="Cancel a draft or confirmed order, releasing its reserved stock.")
    async def cancel_order(self, info: Info, id: strawberry.ID, reason: str) -> OrderPayload | None:
        return await mutation_payload(info, resolve.cancel_order(info.context, id=id, reason=reason), OrderPayload,
                                      _order)

    @strawberry.mutation(description="Complete a fully shipped order.")
    async def complete_order(self, info: Info, id: strawberry.ID) -> OrderPayload | None:
        return await mutation_payload(info, resolve.complete_order(info.context, id=id), OrderPayload, _order)

    @strawberry.mutation(description="Take shipped goods back into stock; records the refund amount.")
    async def create_return(self, info: Info, order_id: strawberry.ID, lines: list[OrderLineQuantityInput],
                            reason: str) -> CreateReturnPayload | None:
        call = _deferred(lambda: resolve.create_return(info.context, order_id=order_id, lines=line_quantities(lines),
                                                       reason=reason))
        return await mutation_payload(info, call, CreateReturnPayload, lambda done: CreateReturnPayload(
            order=Order.from_model(done.order), order_return=OrderReturn.from_model(done.order_return)))


@strawberry.type
class OrdersSubscription:
    @strawberry.subscription(description="Order and contract events (order.*, contract.*) the viewer may see, live; "
                                         "payload values of fields the viewer may not read are left out.")
    @live
    async def sales_events(self, info: Info,
                           types: list[str] | None = None) -> AsyncGenerator[SalesEvent | None, None]:
        async for event in resolve.sales_events(info.context, types=types):
            payload = readable_payload(info, event.aggregate_type, event.payload)
            if payload is not None:
                yield SalesEvent.from_event(event, payload)
