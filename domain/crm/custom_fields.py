"""Admin-defined custom fields on customers."""

from __future__ import annotations

import re

from tortoise.exceptions import IntegrityError

from domain.actor import Actor
from domain.crm import validation as check
from domain.crm.models import CustomFieldDefinition
from domain.errors import DomainError
from domain.events import DomainEvent, unit_of_work

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{1,49}$")


async def define_custom_field(*, actor: Actor, key: str, label_zh: str, label_en: str, field_type: str,
                              choices: list[str] | None = None, required: bool = False) -> CustomFieldDefinition:
    if not KEY_RE.match(key):
        raise DomainError("INVALID_INPUT", field="key")
    check.check_custom_field_type(field_type)
    check.check_text(label_zh, "labelZh", max_length=100, required=True)
    check.check_text(label_en, "labelEn", max_length=100, required=True)
    options = [c.strip() for c in (choices or []) if c.strip()]
    if field_type == "choice" and not options:
        raise DomainError("REQUIRED", field="choices")
    async with unit_of_work() as work:
        try:
            definition = await CustomFieldDefinition.create(key=key, label_zh=label_zh.strip(),
                                                            label_en=label_en.strip(), field_type=field_type,
                                                            choices=options, required=required)
        except IntegrityError:
            raise DomainError("DUPLICATE", field="key") from None
        work.record(DomainEvent(type="custom_field.defined", aggregate_type="CustomField",
                                aggregate_id=str(definition.id), payload={"key": key}, actor_id=actor.user_id))
    return definition


async def list_custom_fields() -> list[CustomFieldDefinition]:
    return await CustomFieldDefinition.filter(active=True).order_by("id")
