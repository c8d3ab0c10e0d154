"""Changes rules make to records: set one of a few safe fields, or give the record a new owner.

Both go through the owning context's rules where they exist (customers) and always emit an event,
so live screens, the audit trail and other rules see the change.
"""

from __future__ import annotations

from domain.actor import SYSTEM
from domain.errors import DomainError
from domain.events import DomainEvent, unit_of_work
from domain.identity.models import User
from domain.identity.scope import ALL
from domain.sales.notifications import notify
from domain.sales.pipeline_models import TASK_PRIORITIES, Lead, Opportunity, Task

def _customer_choices() -> dict[str, tuple[str, ...]]:
    from domain.crm.models import CUSTOMER_LEVELS, LIFECYCLE_STAGES

    return {"level": tuple(CUSTOMER_LEVELS), "stage": tuple(LIFECYCLE_STAGES)}


# subject -> field -> allowed values (None: free text up to 100 characters); "customer.x" changes the
# record's customer
_CUSTOMER = {f"customer.{name}": allowed for name, allowed in _customer_choices().items()}
UPDATABLE: dict[str, dict[str, tuple[str, ...] | None]] = {
    "Customer": {**_customer_choices(), **_CUSTOMER},
    "Task": {"priority": TASK_PRIORITIES},
    "Lead": {"source": None, "campaign": None},
    "Order": _CUSTOMER,
    "Opportunity": _CUSTOMER,
    "Contact": _CUSTOMER,
}
_COLUMNS = {"Task": (Task, "assignee_id"), "Lead": (Lead, "owner_id"), "Opportunity": (Opportunity, "owner_id")}


def checked_value(subject: str | None, name: str, value, path: str) -> str:
    allowed = UPDATABLE[subject][name]
    if allowed is None:
        if not isinstance(value, str) or not value.strip() or len(value) > 100:
            raise DomainError("INVALID_INPUT", field=path)
        return value.strip()
    if value not in allowed:
        raise DomainError("INVALID_CHOICE", field=path, allowed=", ".join(allowed))
    return value


def _event(step, kind: str, row, owner_field: str, **payload) -> DomainEvent:
    return DomainEvent(type=f"{step.subject.lower()}.{kind}", aggregate_type=step.subject,
                       aggregate_id=str(row.id), payload={"ruleId": step.rule_id, **payload},
                       owner_id=getattr(row, owner_field), team_id=row.team_id)


async def update_field(step, name: str, value: str) -> None:
    """Set one field of the record (customers through their own update rules)."""
    record_id = step.values["id"]
    if step.subject == "Customer" or name.startswith("customer."):
        from domain.crm.services import CustomerData, update_customer

        customer_id = step.values["customerId"]
        column = name.removeprefix("customer.")
        await update_customer(actor=SYSTEM, scope=ALL, customer_id=customer_id, data=CustomerData(**{column: value}))
        return
    model, owner_field = _COLUMNS[step.subject]
    async with unit_of_work() as work:
        row = await model.get_or_none(id=record_id)
        if row is None:
            raise DomainError("NOT_FOUND", field="id")
        if getattr(row, name) != value:
            await model.filter(id=row.id).update(**{name: value})
            work.record(_event(step, "updated", row, owner_field, changed=[name], value=value))


async def reassign(step, person: User, *, notify_owner: bool = True) -> None:
    """Give the record to ``person`` (and their team), with a notification telling them why."""
    record_id = step.values["id"]
    async with unit_of_work() as work:
        if step.subject == "Customer":
            from domain.crm.services import assign_customers

            await assign_customers(actor=SYSTEM, scope=ALL, ids=[record_id], owner_id=person.id,
                                   reason=step.rule_name)
        else:
            model, owner_field = _COLUMNS[step.subject]
            row = await model.get_or_none(id=record_id)
            if row is None:
                raise DomainError("NOT_FOUND", field="id")
            previous = getattr(row, owner_field)
            await model.filter(id=row.id).update(**{owner_field: person.id, "team_id": person.team_id})
            row.team_id = person.team_id
            setattr(row, owner_field, person.id)
            work.record(_event(step, "assigned", row, owner_field, fromOwnerId=previous, toOwnerId=person.id,
                               reason=step.rule_name))
        if notify_owner:
            label = (step.values.get("name") or step.values.get("title") or f"#{record_id}")
            await notify(work, user_id=person.id, kind="automation.assigned", code="AUTOMATION_ASSIGNED",
                         params={"subject": step.subject, "name": label, "rule": step.rule_name}, now=step.now,
                         subject=(step.subject, record_id), dedupe_key=f"automation:{step.run_id}:{step.index}")
