"""No oversell: 200 concurrent reservations of one unit against 100 available reserve exactly 100."""

import asyncio

from domain.errors import DomainError
from domain.events import unit_of_work
from domain.inventory.models import StockLevel, StockMovement
from domain.inventory.stock import ledger_mismatches, reserve_stock
from tests.domain.inventory.factories import STOREKEEPER, product, stocked, warehouse


async def test_concurrent_reservations_never_oversell(db):
    p, w = await product(), await warehouse()
    await stocked(100, product_id=p.id, warehouse_id=w.id)

    async def reserve_one() -> bool:
        try:
            async with unit_of_work() as work:
                await reserve_stock(work, STOREKEEPER, product_id=p.id, warehouse_id=w.id, quantity=1)
            return True
        except DomainError as error:
            assert error.code == "INSUFFICIENT_STOCK"
            return False

    outcomes = await asyncio.gather(*(reserve_one() for _ in range(200)))

    assert outcomes.count(True) == 100
    level = await StockLevel.get(product_id=p.id, warehouse_id=w.id)
    assert (level.on_hand, level.reserved, level.available) == (100, 100, 0)
    assert await StockMovement.filter(product_id=p.id, kind="reservation").count() == 100
    assert await ledger_mismatches() == []


async def test_concurrent_mixed_sizes_stay_within_stock(db):
    """Reservations of different sizes racing: the total reserved never exceeds what is on hand."""
    p, w = await product(), await warehouse()
    await stocked(100, product_id=p.id, warehouse_id=w.id)
    sizes = [1, 2, 3, 5, 7] * 20

    async def reserve(quantity: int) -> int:
        try:
            async with unit_of_work() as work:
                await reserve_stock(work, STOREKEEPER, product_id=p.id, warehouse_id=w.id, quantity=quantity)
            return quantity
        except DomainError:
            return 0

    reserved = sum(await asyncio.gather(*(reserve(q) for q in sizes)))
    level = await StockLevel.get(product_id=p.id, warehouse_id=w.id)
    assert level.reserved == reserved <= 100
    assert level.available == 100 - reserved >= 0
    assert reserved > 100 - max(sizes), "refused only when too little was left"
    assert await ledger_mismatches() == []
