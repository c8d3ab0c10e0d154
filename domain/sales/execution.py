"""Contract execution money: invoiced and collected amounts recorded by finance, never above the contract."""

from __future__ import annotations

from decimal import Decimal

from domain.actor import Actor
from domain.errors import DomainError
from domain.events import unit_of_work
from domain.events.envelope import utcnow
from domain.identity.scope import DataScope
from domain.sales import validation as check
from domain.sales.contracts import contract_event, get_visible, invalid_transition
from domain.sales.models import Contract

ATTEMPTS = 3


def accepts_money(contract: Contract) -> bool:
    """Signed contracts take invoices and payments, also after completion or termination."""
    return contract.status in ("signed", "executing", "completed") or (
        contract.status == "terminated" and contract.signed_date is not None)


async def record_invoice(*, actor: Actor, scope: DataScope, contract_id: int, amount: Decimal | None) -> Contract:
    """Add an invoice of ``amount`` to the contract's invoiced total."""
    return await _add(actor, scope, contract_id, amount, column="invoiced_amount", event="contract.invoiced")


async def record_collection(*, actor: Actor, scope: DataScope, contract_id: int,
                            amount: Decimal | None) -> Contract:
    """Add a payment of ``amount`` to the contract's collected total."""
    return await _add(actor, scope, contract_id, amount, column="collected_amount", event="contract.collected")


async def _add(actor: Actor, scope: DataScope, contract_id: int, amount: Decimal | None, *, column: str,
               event: str) -> Contract:
    amount = check.check_amount(amount, "amount")
    async with unit_of_work() as work:
        contract = await get_visible(scope, contract_id)
        for _ in range(ATTEMPTS):
            if not accepts_money(contract):
                raise invalid_transition(contract.status)
            before = getattr(contract, column)
            total = before + amount
            if total > contract.amount:
                raise DomainError("AMOUNT_EXCEEDS_CONTRACT", field="amount",
                                  remaining=f"{contract.amount - before:,}")
            # Compare-and-set on the previous total: SQLite keeps decimals as text, so the sum is
            # computed here in Decimal and a concurrent change makes the update miss, then we re-read.
            now = utcnow()
            if await Contract.filter(id=contract.id, **{column: before}).update(**{column: total}, updated_at=now):
                setattr(contract, column, total)
                contract.updated_at = now
                break
            contract = await get_visible(scope, contract_id)
        else:
            raise DomainError("CONCURRENT_CHANGE")
        work.record(contract_event(event, contract, actor, added=str(amount), total=str(total)))
    return contract
