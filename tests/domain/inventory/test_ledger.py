"""The ledger and the levels always agree, whatever sequence of stock operations runs (and fails)."""

import random

import pytest

from domain.errors import DomainError
from domain.events import unit_of_work
from domain.inventory import stock
from domain.inventory.models import StockLevel, StockMovement
from tests.domain.inventory.factories import STOREKEEPER, product, warehouse


class Model:
    """What on_hand and reserved should be, kept in plain Python."""

    def __init__(self) -> None:
        self.on_hand: dict[tuple[int, int], int] = {}
        self.reserved: dict[tuple[int, int], int] = {}

    def available(self, key) -> int:
        return self.on_hand.get(key, 0) - self.reserved.get(key, 0)

    def change(self, key, on_hand=0, reserved=0) -> None:
        self.on_hand[key] = self.on_hand.get(key, 0) + on_hand
        self.reserved[key] = self.reserved.get(key, 0) + reserved


async def _step(rng: random.Random, model: Model, products, warehouses) -> str:
    """Run one random operation in its own unit of work; the model follows only if it succeeds."""
    p, w = rng.choice(products), rng.choice(warehouses)
    key = (p, w)
    q = rng.randint(1, 30)
    op = rng.choice(["receive", "adjust_up", "adjust_down", "transfer", "reserve", "release", "ship", "broken"])
    async with unit_of_work() as work:
        if op == "receive":
            await stock.receive_stock(work, STOREKEEPER, product_id=p, warehouse_id=w, quantity=q)
            model.change(key, on_hand=q)
        elif op == "adjust_up":
            await stock.adjust_stock(work, STOREKEEPER, product_id=p, warehouse_id=w, delta=q)
            model.change(key, on_hand=q)
        elif op == "adjust_down":
            await stock.adjust_stock(work, STOREKEEPER, product_id=p, warehouse_id=w, delta=-q)
            model.change(key, on_hand=-q)
        elif op == "transfer":
            other = rng.choice([x for x in warehouses if x != w])
            await stock.issue_stock(work, STOREKEEPER, product_id=p, warehouse_id=w, quantity=q)
            await stock.receive_stock(work, STOREKEEPER, product_id=p, warehouse_id=other, quantity=q,
                                      kind="transfer_in")
            model.change(key, on_hand=-q)
            model.change((p, other), on_hand=q)
        elif op == "reserve":
            await stock.reserve_stock(work, STOREKEEPER, product_id=p, warehouse_id=w, quantity=q)
            model.change(key, reserved=q)
        elif op == "release":
            await stock.release_stock(work, STOREKEEPER, product_id=p, warehouse_id=w, quantity=q)
            model.change(key, reserved=-q)
        elif op == "ship":
            await stock.ship_reserved_stock(work, STOREKEEPER, product_id=p, warehouse_id=w, quantity=q)
            model.change(key, on_hand=-q, reserved=-q)
        else:  # a receipt followed by an impossible reservation: the receipt must roll back too
            await stock.receive_stock(work, STOREKEEPER, product_id=p, warehouse_id=w, quantity=q)
            await stock.reserve_stock(work, STOREKEEPER, product_id=p, warehouse_id=w,
                                      quantity=model.available(key) + q + 1)
    return op


@pytest.mark.parametrize("seed", [7, 2026])
async def test_random_operations_keep_ledger_and_levels_in_step(db, seed):
    rng = random.Random(seed)
    products = [(await product()).id for _ in range(3)]
    warehouses = [(await warehouse()).id for _ in range(3)]
    model = Model()
    succeeded, refused = 0, 0
    for _ in range(250):
        try:
            await _step(rng, model, products, warehouses)
            succeeded += 1
        except DomainError as error:
            assert error.code == "INSUFFICIENT_STOCK", error
            refused += 1

    assert succeeded > 100 and refused > 10, (succeeded, refused)
    assert await stock.ledger_mismatches() == []
    for level in await StockLevel.filter(product_id__in=products):
        key = (level.product_id, level.warehouse_id)
        assert (level.on_hand, level.reserved) == (model.on_hand.get(key, 0), model.reserved.get(key, 0)), key
        assert level.available == level.on_hand - level.reserved
        assert level.on_hand >= 0 and level.reserved >= 0 and level.available >= 0
    assert await StockMovement.filter(product_id__in=products).count() >= succeeded


async def test_a_tampered_level_is_reported(db):
    """The check itself works: a level changed behind the ledger's back is found."""
    p, w = await product(), await warehouse()
    async with unit_of_work() as work:
        await stock.receive_stock(work, STOREKEEPER, product_id=p.id, warehouse_id=w.id, quantity=5)
    assert await stock.ledger_mismatches() == []
    await StockLevel.filter(product_id=p.id, warehouse_id=w.id).update(on_hand=6, available=6)
    assert await stock.ledger_mismatches() == [(p.id, w.id)]
