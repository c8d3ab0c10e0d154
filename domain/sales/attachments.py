"""Contract attachments: metadata of files kept in object storage (type, size and checksum checked)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.actor import Actor
from domain.errors import DomainError, Problems
from domain.events import unit_of_work
from domain.identity.scope import DataScope
from domain.sales import validation as check
from domain.sales.contracts import contract_event, get_visible
from domain.sales.models import ContractAttachment


@dataclass
class AttachmentData:
    file_name: str | None = None
    content_type: str | None = None
    size_bytes: int | None = None
    sha256: str | None = None
    storage_key: str | None = None


def checked_attachment(data: AttachmentData) -> dict:
    """Column values for an attachment row, or ``ValidationFailed`` listing every bad field (no I/O)."""
    problems = Problems()
    values = {
        "file_name": problems.attempt(lambda: check.check_file_name(data.file_name)),
        "content_type": problems.attempt(lambda: check.check_content_type(data.content_type)),
        "size_bytes": problems.attempt(lambda: check.check_size(data.size_bytes)),
        "sha256": problems.attempt(lambda: check.check_sha256(data.sha256)),
        "storage_key": problems.attempt(lambda: check.check_storage_key(data.storage_key)),
    }
    problems.raise_if_any()
    return values


async def add_attachment(*, actor: Actor, scope: DataScope, contract_id: int,
                         data: AttachmentData) -> ContractAttachment:
    """Record a file attached to a visible contract; the same file (checksum) is attached once."""
    values = checked_attachment(data)
    async with unit_of_work() as work:
        contract = await get_visible(scope, contract_id, field="contractId")
        if await ContractAttachment.exists(contract_id=contract.id, sha256=values["sha256"]):
            raise DomainError("DUPLICATE", field="sha256")
        attachment = await ContractAttachment.create(contract=contract, uploaded_by_id=actor.user_id, **values)
        work.record(contract_event("contract.attachment_added", contract, actor, attachmentId=attachment.id,
                                   fileName=attachment.file_name, sha256=attachment.sha256))
    return attachment
