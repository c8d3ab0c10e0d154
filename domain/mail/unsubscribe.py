"""Marketing consent: signed unsubscribe links (RFC 8058 one-click) and who may receive marketing mail.

A token is ``<contact id>.<HMAC-SHA256 of it>``, keyed from ``SECRET_KEY``: it does not expire, and it
cannot be made for another contact without the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime

from domain.actor import Actor
from domain.audit.entries import AuditEntry, field_changes
from domain.audit.services import append as append_audit
from domain.crm.models import Contact, Customer
from domain.errors import DomainError
from domain.events import DomainEvent, unit_of_work
from domain.events.envelope import utcnow
from domain.mail.rendering import render_page
from domain.protection import decrypt
from settings import get_settings

SOURCE = "unsubscribe-link"
LINK_ACTOR = Actor(user_id=None, username=SOURCE)


def _signature(contact_id: int) -> str:
    key = hashlib.sha256(("unsubscribe:" + get_settings().secret_key).encode()).digest()
    digest = hmac.new(key, f"contact:{contact_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def unsubscribe_token(contact_id: int) -> str:
    """The contact's URL-safe unsubscribe token."""
    return f"{contact_id}.{_signature(contact_id)}"


def contact_id_from_token(token: str) -> int:
    """The contact a token was made for; ``INVALID_UNSUBSCRIBE_LINK`` when it is not one we signed."""
    number, _, signature = token.partition(".")
    if number.isascii() and number.isdigit() and len(number) <= 12 and hmac.compare_digest(
            signature.encode(), _signature(int(number)).encode()):
        return int(number)
    raise DomainError("INVALID_UNSUBSCRIBE_LINK", field="token")


def unsubscribe_url(contact_id: int) -> str:
    """The link recipients follow (``PUBLIC_BASE_URL`` + ``/unsubscribe/<token>``)."""
    return f"{get_settings().public_base_url.rstrip('/')}/unsubscribe/{unsubscribe_token(contact_id)}"


def marketing_headers(contact_id: int) -> dict[str, str]:
    """``List-Unsubscribe`` headers that let mail clients offer one-click unsubscribe (RFC 8058)."""
    return {"List-Unsubscribe": f"<{unsubscribe_url(contact_id)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


async def unsubscribe(token: str, *, now: datetime | None = None) -> Contact:
    """Withdraw the contact's marketing consent; a second time changes nothing."""
    contact_id = contact_id_from_token(token)
    now = now or utcnow()
    async with unit_of_work() as work:
        contact = await Contact.get_or_none(id=contact_id)
        if contact is None:
            raise DomainError("INVALID_UNSUBSCRIBE_LINK", field="token")
        changed = await Contact.filter(id=contact_id, marketing_consent=True).update(
            marketing_consent=False, consent_at=now, consent_source=SOURCE)
        if not changed:
            return contact
        before = {"marketingConsent": True, "consentSource": contact.consent_source}
        contact.marketing_consent, contact.consent_at, contact.consent_source = False, now, SOURCE
        customer = await Customer.get(id=contact.customer_id)
        work.record(DomainEvent(type="contact.unsubscribed", aggregate_type="Contact", aggregate_id=str(contact.id),
                                payload={"customerId": customer.id, "name": contact.name, "source": SOURCE},
                                owner_id=customer.owner_id, team_id=customer.team_id))
        await append_audit([AuditEntry(
            actor=LINK_ACTOR, kind="mutation", action="unsubscribe", entity_type="Contact",
            entity_ids=(str(contact.id),), changes=tuple(field_changes(
                "Contact", contact.id, before, {"marketingConsent": False, "consentSource": SOURCE})))])
    return contact


async def may_receive_marketing(contact: Contact) -> bool:
    """Only contacts who consented and have an e-mail address get marketing mail."""
    return bool(contact.marketing_consent and decrypt(contact.email_encrypted))


def unsubscribe_page(state: str) -> str:
    """The bilingual page behind a link: ``confirm`` (GET), ``done`` (after POST) or ``invalid``."""
    return render_page("unsubscribe_page", {"state": state})
