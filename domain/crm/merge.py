"""Merging duplicate customers into one surviving record."""

from __future__ import annotations

from domain.actor import Actor
from domain.crm.models import Contact, Customer, Interaction, OwnershipChange
from domain.crm.services import customer_event
from domain.errors import DomainError, NotFound
from domain.events import unit_of_work
from domain.identity.scope import DataScope
from domain.orders.models import Order

# Every table that points at a customer; a merge moves their rows to the survivor.
CUSTOMER_REFERENCES = [Contact, Interaction, OwnershipChange, Order]
FILLABLE = ("industry", "province", "city", "source", "birthday", "notes", "phone_encrypted", "phone_index",
            "email_encrypted", "email_index", "id_number_encrypted", "id_number_index")


async def merge_customers(*, actor: Actor, scope: DataScope, survivor_id: int, merged_ids: list[int]) -> Customer:
    """Move everything related to ``merged_ids`` onto the survivor and retire the merged records."""
    others = list(dict.fromkeys(i for i in merged_ids if i != survivor_id))
    if not others:
        raise DomainError("MERGE_INVALID", field="mergedIds", detail="nothing to merge")
    if len(others) > 50:
        raise DomainError("TOO_MANY_IDS", field="mergedIds", limit=50)
    async with unit_of_work() as work:
        visible = {c.id: c for c in await Customer.filter(scope.q(), id__in=[survivor_id, *others],
                                                           merged_into_id=None)}
        if survivor_id not in visible:
            raise NotFound(field="survivorId")
        if len(visible) != len(others) + 1:
            raise NotFound(field="mergedIds")
        survivor = visible[survivor_id]
        merged = [visible[i] for i in others]
        for model in CUSTOMER_REFERENCES:
            await model.filter(customer_id__in=others).update(customer_id=survivor.id)
        _absorb(survivor, merged)
        await survivor.save()
        await Customer.filter(id__in=others).update(merged_into_id=survivor.id, owner_id=None)
        work.record(customer_event("customer.merged", survivor, actor, mergedIds=others,
                                   mergedCodes=[c.code for c in merged]))
    return survivor


def _absorb(survivor: Customer, merged: list[Customer]) -> None:
    """Keep the survivor's values; fill its gaps and union tags and custom fields from the others."""
    for other in merged:
        for name in FILLABLE:
            if getattr(survivor, name) in (None, "") and getattr(other, name) not in (None, ""):
                setattr(survivor, name, getattr(other, name))
        survivor.tags = sorted(set(survivor.tags or []) | set(other.tags or []))
        survivor.custom_fields = {**(other.custom_fields or {}), **(survivor.custom_fields or {})}
        if other.last_interaction_at and (survivor.last_interaction_at is None
                                          or other.last_interaction_at > survivor.last_interaction_at):
            survivor.last_interaction_at = other.last_interaction_at
