"""Contract services against the database: the configurable threshold, concurrent invoices, approver rules."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.actor import Actor
from domain.errors import DomainError
from domain.identity.models import User
from domain.identity.scope import ALL
from domain.sales import contracts, execution
from domain.sales.contracts import ContractData
from domain.sales.models import Contract
from settings import reset_settings


async def _actor(username: str) -> Actor:
    user = await User.get(username=username)
    return Actor(user_id=user.id, username=user.username, roles=frozenset(user.roles), team_id=user.team_id)


async def _draft(actor: Actor, amount: str) -> Contract:
    from domain.crm.models import Customer
    customer = await Customer.filter(owner_id=actor.user_id).first()
    return await contracts.create_contract(actor=actor, customer_scope=ALL, data=ContractData(
        title="Test", customer_id=customer.id, amount=Decimal(amount), start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31)))


async def test_the_threshold_comes_from_settings(db, monkeypatch):
    rep = await _actor("rep")
    monkeypatch.setenv("CONTRACT_APPROVAL_THRESHOLD", "500.00")
    reset_settings()
    small, large = await _draft(rep, "500.00"), await _draft(rep, "500.01")
    assert not contracts.approval_required(small) and contracts.approval_required(large)
    yesterday = date.today() - timedelta(days=1)
    signed = await contracts.sign_contract(actor=rep, scope=ALL, contract_id=small.id, signed_date=yesterday)
    assert signed.status == "signed"
    with pytest.raises(DomainError) as caught:
        await contracts.sign_contract(actor=rep, scope=ALL, contract_id=large.id, signed_date=yesterday)
    assert caught.value.code == "APPROVAL_REQUIRED" and caught.value.params["threshold"] == "500.00 CNY"


async def test_an_invoice_recorded_meanwhile_is_not_overwritten(db, monkeypatch):
    """Another invoice commits between our read and our write: the write misses, re-reads and re-checks."""
    rep, finance = await _actor("rep"), await _actor("finance")
    contract = await _draft(rep, "1000.00")
    await contracts.sign_contract(actor=rep, scope=ALL, contract_id=contract.id, signed_date=date(2026, 1, 2))
    read = execution.get_visible
    calls = []

    async def stale_read(scope, contract_id, **kwargs):
        row = await read(scope, contract_id, **kwargs)
        if not calls:
            await Contract.filter(id=contract_id).update(invoiced_amount=Decimal("600.00"))
        calls.append(contract_id)
        return row

    monkeypatch.setattr(execution, "get_visible", stale_read)
    with pytest.raises(DomainError) as caught:
        await execution.record_invoice(actor=finance, scope=ALL, contract_id=contract.id, amount=Decimal("600.00"))
    assert caught.value.code == "AMOUNT_EXCEEDS_CONTRACT" and len(calls) == 2
    # the simulated change shared our transaction, so the refusal rolled it back with everything else
    assert (await Contract.get(id=contract.id)).invoiced_amount == Decimal("0.00")


async def test_only_manager_roles_approve_and_never_their_own(db):
    rep, manager, director = await _actor("rep"), await _actor("manager"), await _actor("director")
    for owner, approver, code in ((rep, rep, "FORBIDDEN"), (rep, await _actor("finance"), "FORBIDDEN"),
                                  (manager, manager, "SELF_APPROVAL")):
        contract = await _draft(owner, "200000.00")
        await contracts.submit_for_approval(actor=owner, scope=ALL, contract_id=contract.id)
        with pytest.raises(DomainError) as caught:
            await contracts.approve_contract(actor=approver, scope=ALL, contract_id=contract.id)
        assert caught.value.code == code
        assert (await contracts.last_approval_step(contract.id)).action == "submitted"
    approved = await contracts.approve_contract(actor=director, scope=ALL, contract_id=contract.id, comment="ok")
    assert approved.status == "pending_approval"
    assert (await contracts.last_approval_step(contract.id)).action == "approved"
