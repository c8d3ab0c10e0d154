"""Inventory actions: warehouses, suppliers, counted adjustments, manual receipts, transfers, thresholds.

Every stock change goes through ``domain.inventory.stock`` (one conditional UPDATE plus one ledger
line each) inside one unit of work, so a failed step leaves nothing behind.
"""

from __future__ import annotations

import re

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.actor import Actor
from domain.catalog import validation as check
from domain.catalog.models import Product
from domain.catalog.services import active_product
from domain.crm.validation import normalise_email, normalise_phone
from domain.errors import DomainError
from domain.events import DomainEvent, unit_of_work
from domain.inventory import stock
from domain.inventory.models import ReplenishmentRule, StockLevel, Supplier, Warehouse
from domain.inventory.stock import StockRef

CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,31}")


def inventory_event(kind: str, row, actor: Actor, **payload) -> DomainEvent:
    return DomainEvent(type=kind, aggregate_type=type(row).__name__, aggregate_id=str(row.id), payload=payload,
                       actor_id=actor.user_id)


def level_event(level: StockLevel, actor: Actor, *, kind: str) -> DomainEvent:
    """The same ``inventory.level_changed`` shape the stock operations record."""
    return DomainEvent(
        type="inventory.level_changed", aggregate_type="StockLevel", aggregate_id=str(level.id),
        payload={"productId": level.product_id, "warehouseId": level.warehouse_id, "kind": kind,
                 "onHand": level.on_hand, "reserved": level.reserved, "available": level.available,
                 "safetyStock": level.safety_stock, "reorderPoint": level.reorder_point},
        actor_id=actor.user_id,
    )


def _code(value: str | None, field: str = "code", max_length: int = 20) -> str:
    text = check.check_text(value, field, max_length=max_length, required=True)
    if not CODE_PATTERN.fullmatch(text):
        raise DomainError("INVALID_CODE", field=field)
    return text.upper()


async def known_warehouse(warehouse_id: int, *, field: str = "warehouseId") -> Warehouse:
    warehouse = await Warehouse.get_or_none(id=warehouse_id)
    if warehouse is None:
        raise DomainError("UNKNOWN_WAREHOUSE", field=field)
    if not warehouse.active:
        raise DomainError("WAREHOUSE_INACTIVE", field=field)
    return warehouse


async def known_product(product_id: int, *, field: str = "productId") -> Product:
    """Any product, active or not (stock of a discontinued product can still be counted and moved)."""
    product = await Product.get_or_none(id=product_id)
    if product is None:
        raise DomainError("UNKNOWN_PRODUCT", field=field)
    return product


async def create_warehouse(*, actor: Actor, code: str, name: str, city: str | None) -> Warehouse:
    code, name, city = check.gather(
        lambda: _code(code),
        lambda: check.check_text(name, "name", max_length=100, required=True),
        lambda: check.check_text(city, "city", max_length=30),
    )
    async with unit_of_work() as work:
        if await Warehouse.exists(code=code):
            raise DomainError("DUPLICATE", field="code")
        try:
            warehouse = await Warehouse.create(code=code, name=name, city=city)
        except IntegrityError:
            raise DomainError("DUPLICATE", field="code") from None
        work.record(inventory_event("warehouse.created", warehouse, actor, code=code, name=name))
    return warehouse


async def create_supplier(*, actor: Actor, code: str, name: str, contact_name: str | None = None,
                          phone: str | None = None, email: str | None = None) -> Supplier:
    code, name, contact_name, phone, email = check.gather(
        lambda: _code(code, max_length=32),
        lambda: check.check_text(name, "name", max_length=200, required=True),
        lambda: check.check_text(contact_name, "contactName", max_length=100),
        lambda: normalise_phone(phone),
        lambda: normalise_email(email),
    )
    async with unit_of_work() as work:
        if await Supplier.exists(code=code):
            raise DomainError("DUPLICATE", field="code")
        try:
            supplier = await Supplier.create(code=code, name=name, contact_name=contact_name, phone=phone,
                                             email=email)
        except IntegrityError:
            raise DomainError("DUPLICATE", field="code") from None
        work.record(inventory_event("supplier.created", supplier, actor, code=code, name=name))
    return supplier


async def adjust_stock(*, actor: Actor, product_id: int, warehouse_id: int, delta: int, reason: str) -> StockLevel:
    """A counted correction with a reason; a decrease never takes available below zero."""

    def nonzero() -> int:
        if not isinstance(delta, int) or isinstance(delta, bool) or delta == 0 or abs(delta) > check.MAX_WHOLE:
            raise DomainError("INVALID_QUANTITY", field="delta")
        return delta

    def why() -> str:
        if reason is None or not reason.strip():
            raise DomainError("REASON_REQUIRED", field="reason")
        return check.check_text(reason, "reason", max_length=500)

    _, note = check.gather(nonzero, why)
    async with unit_of_work() as work:
        await known_product(product_id)
        await known_warehouse(warehouse_id)
        try:
            return await stock.adjust_stock(work, actor, product_id=product_id, warehouse_id=warehouse_id,
                                            delta=delta, ref=StockRef(type="Adjustment", note=note))
        except DomainError as error:
            raise DomainError(error.code, field="delta", **error.params) from None


async def receive_stock(*, actor: Actor, product_id: int, warehouse_id: int, quantity: int,
                        note: str | None = None) -> StockLevel:
    """A manual receipt (goods that arrive without a purchase order)."""
    quantity, note = check.gather(lambda: check.check_quantity(quantity),
                                  lambda: check.check_text(note, "note", max_length=500))
    async with unit_of_work() as work:
        await active_product(product_id)
        await known_warehouse(warehouse_id)
        return await stock.receive_stock(work, actor, product_id=product_id, warehouse_id=warehouse_id,
                                         quantity=quantity, ref=StockRef(type="ManualReceipt", note=note))


async def transfer_stock(*, actor: Actor, product_id: int, from_warehouse_id: int, to_warehouse_id: int,
                         quantity: int, note: str | None = None) -> tuple[StockLevel, StockLevel]:
    """Move available stock between warehouses: transfer_out and transfer_in in one transaction."""

    def different() -> None:
        if from_warehouse_id == to_warehouse_id:
            raise DomainError("SAME_WAREHOUSE", field="toWarehouseId")

    quantity, _, note = check.gather(lambda: check.check_quantity(quantity), different,
                                     lambda: check.check_text(note, "note", max_length=500))
    async with unit_of_work() as work:
        await known_product(product_id)
        await known_warehouse(from_warehouse_id, field="fromWarehouseId")
        await known_warehouse(to_warehouse_id, field="toWarehouseId")
        source = await stock.issue_stock(work, actor, product_id=product_id, warehouse_id=from_warehouse_id,
                                         quantity=quantity, kind="transfer_out",
                                         ref=StockRef(type="Warehouse", id=to_warehouse_id, note=note))
        target = await stock.receive_stock(work, actor, product_id=product_id, warehouse_id=to_warehouse_id,
                                           quantity=quantity, kind="transfer_in",
                                           ref=StockRef(type="Warehouse", id=from_warehouse_id, note=note))
    return source, target


async def set_stock_thresholds(*, actor: Actor, product_id: int, warehouse_id: int, safety_stock: int,
                               reorder_point: int, reorder_quantity: int) -> StockLevel:
    """Safety stock (low-stock alerts) and reorder point and quantity (automatic purchase orders)."""
    safety_stock, reorder_point, reorder_quantity = check.gather(
        lambda: check.check_whole(safety_stock, "safetyStock"),
        lambda: check.check_whole(reorder_point, "reorderPoint"),
        lambda: check.check_whole(reorder_quantity, "reorderQuantity"),
    )
    async with unit_of_work() as work:
        await known_product(product_id)  # a discontinued product's limits can still be lowered
        await known_warehouse(warehouse_id)
        await stock.level_for(product_id, warehouse_id)
        await StockLevel.filter(product_id=product_id, warehouse_id=warehouse_id).update(
            safety_stock=safety_stock, reorder_point=reorder_point, reorder_quantity=reorder_quantity)
        level = await StockLevel.get(product_id=product_id, warehouse_id=warehouse_id)
        work.record(level_event(level, actor, kind="thresholds"))  # alerts and replenishment look again
    return level


async def set_replenishment_rule(*, actor: Actor, product_id: int, warehouse_id: int, supplier_id: int,
                                 enabled: bool = True) -> ReplenishmentRule:
    """Which supplier restocks a product in a warehouse when it falls to the reorder point."""
    async with unit_of_work() as work:
        await active_product(product_id)
        await known_warehouse(warehouse_id)
        if not await Supplier.exists(id=supplier_id):
            raise DomainError("UNKNOWN_SUPPLIER", field="supplierId")
        rule = await ReplenishmentRule.get_or_none(product_id=product_id, warehouse_id=warehouse_id)
        if rule is None:
            try:
                async with in_transaction():
                    rule = await ReplenishmentRule.create(product_id=product_id, warehouse_id=warehouse_id,
                                                          supplier_id=supplier_id, enabled=enabled)
            except IntegrityError:
                rule = await ReplenishmentRule.get(product_id=product_id, warehouse_id=warehouse_id)
        rule.supplier_id, rule.enabled = supplier_id, enabled
        await rule.save(update_fields=["supplier_id", "enabled"])
        work.record(inventory_event("replenishment_rule.set", rule, actor, productId=product_id,
                                    warehouseId=warehouse_id, supplierId=supplier_id, enabled=enabled))
    return rule
