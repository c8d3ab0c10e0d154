"""Order resolvers: parse input, call one domain service or query; the order loaders."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator
from functools import cached_property
from typing import Any

from strawberry.dataloader import DataLoader

from resolvers.batching import by_id, grouped

from domain.crm import queries as crm_queries
from domain.errors import DomainError
from domain.events.envelope import DomainEvent
from domain.orders import queries, services, shipping
from domain.orders.queries import OrderFilter
from domain.orders.validation import LineQuantity, OrderInput
from policies.scope import data_scope
from resolvers.ids import parse_id
from settings import get_settings

SALES_EVENT_PREFIXES = ("order.", "contract.")
_SEEN_LIMIT = 1024


async def _scope(ctx: Any):
    return await data_scope(ctx.actor, "Order")


async def orders(ctx: Any, *, filter: OrderFilter, first: int, after: str | None):
    return await queries.list_orders(scope=await _scope(ctx), filter=filter, first=first, after=after,
                                     limit=get_settings().max_page_size)


async def order(ctx: Any, *, id: str):
    return await queries.get_order(scope=await _scope(ctx), order_id=parse_id(id))


async def create_order(ctx: Any, *, data: OrderInput, allow_below_floor: bool):
    return await services.create_order(actor=ctx.actor, scope=await _scope(ctx), data=data,
                                       allow_below_floor=allow_below_floor)


async def confirm_order(ctx: Any, *, id: str):
    return await services.confirm_order(actor=ctx.actor, scope=await _scope(ctx), order_id=parse_id(id))


async def ship_order(ctx: Any, *, id: str, lines: list[LineQuantity] | None):
    return await shipping.ship_order(actor=ctx.actor, scope=await _scope(ctx), order_id=parse_id(id), lines=lines)


async def cancel_order(ctx: Any, *, id: str, reason: str):
    return await services.cancel_order(actor=ctx.actor, scope=await _scope(ctx), order_id=parse_id(id),
                                       reason=reason)


async def complete_order(ctx: Any, *, id: str):
    return await services.complete_order(actor=ctx.actor, scope=await _scope(ctx), order_id=parse_id(id))


async def create_return(ctx: Any, *, order_id: str, lines: list[LineQuantity], reason: str):
    return await shipping.create_return(actor=ctx.actor, scope=await _scope(ctx),
                                        order_id=parse_id(order_id, field="orderId"), lines=lines, reason=reason)


async def sales_events(ctx: Any, *, types: list[str] | None = None) -> AsyncIterator[DomainEvent]:
    """Order and contract events on the bus within the viewer's data scope, each delivered once."""
    if not ctx.actor.is_authenticated:
        raise DomainError("UNAUTHENTICATED")
    scopes = {"order.": await data_scope(ctx.actor, "Order"), "contract.": await data_scope(ctx.actor, "Contract")}
    wanted = set(types or ())
    seen: OrderedDict[str, None] = OrderedDict()
    async with ctx.bus.subscribe() as messages:
        async for raw in messages:
            event = DomainEvent.from_json(raw)
            prefix = next((p for p in SALES_EVENT_PREFIXES if event.type.startswith(p)), None)
            key = str(event.id)
            if prefix is None or key in seen or (wanted and event.type not in wanted):
                continue
            seen[key] = None
            if len(seen) > _SEEN_LIMIT:
                seen.popitem(last=False)
            if scopes[prefix].allows(owner_id=event.owner_id, team_id=event.team_id):
                yield event


def OrderLinesByOrderLoader() -> DataLoader:  # noqa: N802 - named after what it loads
    return DataLoader(load_fn=grouped(queries.lines_by_order))


def ShipmentsByOrderLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(queries.shipments_by_order))


def ReturnsByOrderLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(queries.returns_by_order))


def ShipmentLinesByShipmentLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(queries.lines_by_shipment))


def ReturnLinesByReturnLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=grouped(queries.lines_by_return))


def OrderLineByIdLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=by_id(queries.order_lines_by_ids))


def CustomerByIdLoader() -> DataLoader:  # noqa: N802
    return DataLoader(load_fn=by_id(crm_queries.customers_by_ids))


class OrderLoaders:
    """The order loaders of one request, each made on first use (held by ``Loaders.orders``)."""

    @cached_property
    def lines_by_order(self) -> DataLoader:
        return OrderLinesByOrderLoader()

    @cached_property
    def shipments_by_order(self) -> DataLoader:
        return ShipmentsByOrderLoader()

    @cached_property
    def returns_by_order(self) -> DataLoader:
        return ReturnsByOrderLoader()

    @cached_property
    def lines_by_shipment(self) -> DataLoader:
        return ShipmentLinesByShipmentLoader()

    @cached_property
    def lines_by_return(self) -> DataLoader:
        return ReturnLinesByReturnLoader()

    @cached_property
    def line_by_id(self) -> DataLoader:
        return OrderLineByIdLoader()

    @cached_property
    def customer_by_id(self) -> DataLoader:
        return CustomerByIdLoader()
