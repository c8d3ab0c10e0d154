"""Contracts: creation and the workflow draft → pending approval → signed → executing → completed / terminated.

Contracts above ``settings.contract_approval_threshold`` are signed only after a manager who is not
the owner, and whose data scope covers the contract, approved them. Every approval step is kept in
``ContractApproval`` and recorded as a ``contract.*`` event routed by the contract's owner and team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import uuid4

from domain.actor import Actor
from domain.crm.models import Customer
from domain.errors import DomainError, Forbidden, NotFound, Problems
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.identity.models import User
from domain.identity.scope import DataScope
from domain.sales import validation as check
from domain.sales.models import Contract, ContractApproval
from settings import get_settings

APPROVER_ROLES = ("sales_manager", "sales_director", "admin")
TERMINABLE = ("draft", "pending_approval", "signed", "executing")


@dataclass
class ContractData:
    title: str | None = None
    customer_id: int | None = None
    amount: Decimal | None = None
    start_date: date | None = None
    end_date: date | None = None


def approval_threshold() -> Decimal:
    return get_settings().contract_approval_threshold


def approval_required(contract: Contract) -> bool:
    """Above the threshold a manager must approve before signing; at or below it, signing is direct."""
    return contract.amount > approval_threshold()


def contract_event(kind: str, contract: Contract, actor: Actor, **payload) -> DomainEvent:
    return DomainEvent(type=kind, aggregate_type="Contract", aggregate_id=str(contract.id),
                       payload={"number": contract.number, "title": contract.title, "status": contract.status,
                                "amount": str(contract.amount), "customerId": contract.customer_id, **payload},
                       owner_id=contract.owner_id, team_id=contract.team_id, actor_id=actor.user_id)


def invalid_transition(status: str) -> DomainError:
    return DomainError("INVALID_TRANSITION", status=status)


async def visible_customer(scope: DataScope, customer_id: int | None) -> Customer:
    """A customer the actor may see (not merged away); ``UNKNOWN_CUSTOMER`` otherwise."""
    customer = None
    if customer_id is not None:
        customer = await Customer.filter(scope.q(), id=customer_id, merged_into_id=None).first()
    if customer is None:
        raise DomainError("UNKNOWN_CUSTOMER", field="customerId")
    return customer


async def owner_team(actor: Actor) -> int | None:
    """The acting user's current team: new rows belong to it."""
    if actor.user_id is None:
        return None
    user = await User.get_or_none(id=actor.user_id)
    return user.team_id if user else None


async def open_contract(work, *, actor: Actor, customer: Customer, title: str, amount: Decimal,
                        start_date: date, end_date: date, quote_id: int | None = None) -> Contract:
    """Write a draft contract owned by the actor (inside the caller's unit of work)."""
    contract = await Contract.create(number=uuid4().hex, title=title, customer=customer, quote_id=quote_id,
                                     owner_id=actor.user_id, team_id=await owner_team(actor), amount=amount,
                                     currency=get_settings().default_currency, start_date=start_date,
                                     end_date=end_date)
    contract.number = f"CT{contract.id:08d}"
    await contract.save(update_fields=["number"])
    work.record(contract_event("contract.created", contract, actor, quoteId=quote_id))
    return contract


async def create_contract(*, actor: Actor, customer_scope: DataScope, data: ContractData) -> Contract:
    """A draft contract with a customer the actor may see; every bad field is reported at once."""
    problems = Problems()
    title = problems.attempt(lambda: check.check_text(data.title, "title", max_length=200, required=True))
    amount = problems.attempt(lambda: check.check_amount(data.amount, "amount"))
    check.check_term(problems, data.start_date, data.end_date)
    customer = None
    if data.customer_id is None:
        problems.add(DomainError("REQUIRED", field="customerId"))
    else:
        customer = await problems.attempt_async(visible_customer(customer_scope, data.customer_id))
    problems.raise_if_any()
    async with unit_of_work() as work:
        return await open_contract(work, actor=actor, customer=customer, title=title, amount=amount,
                                   start_date=data.start_date, end_date=data.end_date)


async def get_visible(scope: DataScope, contract_id: int, *, field: str = "id") -> Contract:
    contract = await Contract.filter(scope.q(), id=contract_id).first()
    if contract is None:
        raise NotFound(field=field)
    return contract


async def move(contract: Contract, *, allowed: tuple[str, ...], to: str, **changes) -> None:
    """Change status only if nobody changed it meanwhile; ``INVALID_TRANSITION`` names the status found."""
    if contract.status not in allowed:
        raise invalid_transition(contract.status)
    now = utcnow()
    moved = await Contract.filter(id=contract.id, status=contract.status).update(status=to, updated_at=now, **changes)
    if not moved:
        raise invalid_transition((await Contract.get(id=contract.id)).status)
    contract.status, contract.updated_at = to, now
    for name, value in changes.items():
        setattr(contract, name, value)


async def last_approval_step(contract_id: int) -> ContractApproval | None:
    return await ContractApproval.filter(contract_id=contract_id).order_by("-id").first()


def _check_approver(actor: Actor, contract: Contract) -> None:
    if not actor.is_system and not actor.has_role(*APPROVER_ROLES):
        raise Forbidden()
    if contract.owner_id is not None and contract.owner_id == actor.user_id:
        raise DomainError("SELF_APPROVAL")


async def _approval_step(work, contract: Contract, actor: Actor, action: str, comment: str | None) -> None:
    await ContractApproval.create(contract=contract, action=action, actor_id=actor.user_id, comment=comment)
    work.record(contract_event(f"contract.{action}", contract, actor, comment=comment))


async def submit_for_approval(*, actor: Actor, scope: DataScope, contract_id: int,
                              comment: str | None = None) -> Contract:
    """Draft → pending approval (required above the threshold, allowed below it)."""
    comment = check.check_text(comment, "comment", max_length=500)
    async with unit_of_work() as work:
        contract = await get_visible(scope, contract_id)
        await move(contract, allowed=("draft",), to="pending_approval")
        await _approval_step(work, contract, actor, "submitted", comment)
    return contract


async def approve_contract(*, actor: Actor, scope: DataScope, contract_id: int,
                           comment: str | None = None) -> Contract:
    """A manager above the owner approves; the contract stays pending approval until it is signed."""
    comment = check.check_text(comment, "comment", max_length=500)
    async with unit_of_work() as work:
        contract = await get_visible(scope, contract_id)
        _check_approver(actor, contract)
        if contract.status == "pending_approval":
            last = await last_approval_step(contract.id)
            if last is not None and last.action == "approved":
                raise DomainError("ALREADY_APPROVED")
        # a conditional write, so a concurrent rejection or withdrawal cannot interleave
        await move(contract, allowed=("pending_approval",), to="pending_approval")
        await _approval_step(work, contract, actor, "approved", comment)
    return contract


async def reject_contract(*, actor: Actor, scope: DataScope, contract_id: int, comment: str | None) -> Contract:
    """Back to draft with the reason; the owner may submit again."""
    if not comment or not comment.strip():
        raise DomainError("REASON_REQUIRED", field="comment")
    comment = check.check_text(comment, "comment", max_length=500)
    async with unit_of_work() as work:
        contract = await get_visible(scope, contract_id)
        _check_approver(actor, contract)
        await move(contract, allowed=("pending_approval",), to="draft")
        await _approval_step(work, contract, actor, "rejected", comment)
    return contract


async def sign_contract(*, actor: Actor, scope: DataScope, contract_id: int, signed_date: date | None) -> Contract:
    """Draft (at or below the threshold) or approved → signed on ``signed_date`` (not in the future)."""
    if signed_date is None:
        raise DomainError("REQUIRED", field="signedDate")
    if signed_date > check.today():
        raise DomainError("DATE_IN_FUTURE", field="signedDate")
    async with unit_of_work() as work:
        contract = await get_visible(scope, contract_id)
        if contract.status == "draft" and approval_required(contract):
            threshold = approval_threshold()
            raise DomainError("APPROVAL_REQUIRED", threshold=f"{threshold:,} {contract.currency}")
        if contract.status == "pending_approval":
            last = await last_approval_step(contract.id)
            if last is None or last.action != "approved":
                raise invalid_transition(contract.status)
        await move(contract, allowed=("draft", "pending_approval"), to="signed", signed_date=signed_date)
        work.record(contract_event("contract.signed", contract, actor, signedDate=signed_date.isoformat()))
    return contract


async def start_execution(*, actor: Actor, scope: DataScope, contract_id: int) -> Contract:
    async with unit_of_work() as work:
        contract = await get_visible(scope, contract_id)
        await move(contract, allowed=("signed",), to="executing")
        work.record(contract_event("contract.execution_started", contract, actor))
    return contract


async def complete_contract(*, actor: Actor, scope: DataScope, contract_id: int) -> Contract:
    async with unit_of_work() as work:
        contract = await get_visible(scope, contract_id)
        await move(contract, allowed=("executing",), to="completed")
        work.record(contract_event("contract.completed", contract, actor))
    return contract


async def terminate_contract(*, actor: Actor, scope: DataScope, contract_id: int, reason: str | None) -> Contract:
    """End a contract that is not finished yet, with a reason."""
    if not reason or not reason.strip():
        raise DomainError("REASON_REQUIRED", field="reason")
    reason = check.check_text(reason, "reason", max_length=500)
    async with unit_of_work() as work:
        contract = await get_visible(scope, contract_id)
        await move(contract, allowed=TERMINABLE, to="terminated", terminated_reason=reason)
        work.record(contract_event("contract.terminated", contract, actor, reason=reason))
    return contract
