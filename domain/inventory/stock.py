"""Stock operations. Every change is one atomic conditional UPDATE of the level plus one ledger line.

No oversell: a reservation only succeeds when ``available >= quantity`` holds in the same
UPDATE statement, which is atomic on PostgreSQL and SQLite alike (no SELECT ... FOR UPDATE).
Call these inside a unit of work; the caller's transaction makes a multi-line order all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain.actor import Actor
from domain.errors import DomainError
from domain.events import DomainEvent
from domain.events.unit_of_work import UnitOfWork
from domain.inventory.models import StockLevel, StockMovement


@dataclass(frozen=True)
class StockRef:
    """What a movement is for, e.g. ("Order", 42)."""

    type: str | None = None
    id: int | None = None
    note: str | None = None


async def level_for(product_id: int, warehouse_id: int) -> StockLevel:
    """The level row, created empty on first use (safe under concurrency)."""
    level = await StockLevel.get_or_none(product_id=product_id, warehouse_id=warehouse_id)
    if level is None:
        try:
            async with in_transaction():
                level = await StockLevel.create(product_id=product_id, warehouse_id=warehouse_id)
        except IntegrityError:
            level = await StockLevel.get(product_id=product_id, warehouse_id=warehouse_id)
    return level


def _check_quantity(quantity: int, field: str = "quantity") -> None:
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
        raise DomainError("INVALID_QUANTITY", field=field)


async def _apply(work: UnitOfWork, actor: Actor, *, product_id: int, warehouse_id: int, kind: str,
                 on_hand: int = 0, reserved: int = 0, at_least: dict[str, int] | None = None,
                 ref: StockRef = StockRef()) -> StockLevel:
    """Change a level atomically, only while every ``at_least`` column holds enough, and log it."""
    await level_for(product_id, warehouse_id)
    query = StockLevel.filter(product_id=product_id, warehouse_id=warehouse_id,
                              **{f"{column}__gte": value for column, value in (at_least or {}).items()})
    changes = {}
    if on_hand:
        changes["on_hand"] = F("on_hand") + on_hand
    if reserved:
        changes["reserved"] = F("reserved") + reserved
    if on_hand - reserved:
        changes["available"] = F("available") + (on_hand - reserved)
    if not await query.update(**changes):
        level = await StockLevel.get(product_id=product_id, warehouse_id=warehouse_id)
        raise DomainError("INSUFFICIENT_STOCK", field="quantity", available=level.available)
    await StockMovement.create(product_id=product_id, warehouse_id=warehouse_id, kind=kind, on_hand_delta=on_hand,
                               reserved_delta=reserved, reference_type=ref.type, reference_id=ref.id,
                               note=ref.note, actor_id=actor.user_id)
    level = await StockLevel.get(product_id=product_id, warehouse_id=warehouse_id)
    work.record(DomainEvent(
        type="inventory.level_changed", aggregate_type="StockLevel", aggregate_id=str(level.id),
        payload={"productId": product_id, "warehouseId": warehouse_id, "kind": kind, "onHand": level.on_hand,
                 "reserved": level.reserved, "available": level.available, "safetyStock": level.safety_stock,
                 "reorderPoint": level.reorder_point},
        actor_id=actor.user_id,
    ))
    return level


async def reserve_stock(work, actor, *, product_id: int, warehouse_id: int, quantity: int,
                        ref: StockRef = StockRef()) -> StockLevel:
    _check_quantity(quantity)
    return await _apply(work, actor, product_id=product_id, warehouse_id=warehouse_id, kind="reservation",
                        reserved=quantity, at_least={"available": quantity}, ref=ref)


async def release_stock(work, actor, *, product_id: int, warehouse_id: int, quantity: int,
                        ref: StockRef = StockRef()) -> StockLevel:
    _check_quantity(quantity)
    return await _apply(work, actor, product_id=product_id, warehouse_id=warehouse_id, kind="release",
                        reserved=-quantity, at_least={"reserved": quantity}, ref=ref)


async def ship_reserved_stock(work, actor, *, product_id: int, warehouse_id: int, quantity: int,
                              ref: StockRef = StockRef()) -> StockLevel:
    """Goods leave: on hand and reserved both drop; available is unchanged."""
    _check_quantity(quantity)
    return await _apply(work, actor, product_id=product_id, warehouse_id=warehouse_id, kind="shipment",
                        on_hand=-quantity, reserved=-quantity, at_least={"reserved": quantity}, ref=ref)


async def receive_stock(work, actor, *, product_id: int, warehouse_id: int, quantity: int, kind: str = "receipt",
                        ref: StockRef = StockRef()) -> StockLevel:
    """Goods arrive (purchase receipt, customer return, transfer in)."""
    _check_quantity(quantity)
    return await _apply(work, actor, product_id=product_id, warehouse_id=warehouse_id, kind=kind,
                        on_hand=quantity, ref=ref)


async def issue_stock(work, actor, *, product_id: int, warehouse_id: int, quantity: int, kind: str = "transfer_out",
                      ref: StockRef = StockRef()) -> StockLevel:
    """Goods leave without a reservation (transfer out); never takes available below zero."""
    _check_quantity(quantity)
    return await _apply(work, actor, product_id=product_id, warehouse_id=warehouse_id, kind=kind,
                        on_hand=-quantity, at_least={"available": quantity}, ref=ref)


async def adjust_stock(work, actor, *, product_id: int, warehouse_id: int, delta: int,
                       ref: StockRef = StockRef()) -> StockLevel:
    """A counted correction; a decrease never takes available below zero."""
    if not isinstance(delta, int) or isinstance(delta, bool) or delta == 0:
        raise DomainError("INVALID_QUANTITY", field="delta")
    return await _apply(work, actor, product_id=product_id, warehouse_id=warehouse_id, kind="adjustment",
                        on_hand=delta, at_least={"available": -delta} if delta < 0 else None, ref=ref)


async def ledger_totals() -> dict[tuple[int, int], tuple[int, int]]:
    """(product, warehouse) -> (on_hand, reserved) summed from the ledger alone."""
    totals: dict[tuple[int, int], list[int]] = {}
    rows = StockMovement.all().values_list("product_id", "warehouse_id", "on_hand_delta", "reserved_delta")
    for product_id, warehouse_id, on_hand, reserved in await rows:
        entry = totals.setdefault((product_id, warehouse_id), [0, 0])
        entry[0] += on_hand
        entry[1] += reserved
    return {key: (v[0], v[1]) for key, v in totals.items()}


async def ledger_mismatches() -> list[tuple[int, int]]:
    """Levels that disagree with the ledger (should always be empty)."""
    totals = await ledger_totals()
    wrong = []
    for level in await StockLevel.all():
        on_hand, reserved = totals.get((level.product_id, level.warehouse_id), (0, 0))
        if (level.on_hand, level.reserved, level.available) != (on_hand, reserved, on_hand - reserved):
            wrong.append((level.product_id, level.warehouse_id))
    return wrong
