"""Unsubscribe links: signed tokens, one-click headers, consent withdrawn once, who may get marketing mail."""

from datetime import datetime, timezone

import pytest

from domain.audit.models import AuditRecord
from domain.crm.models import Contact, Customer
from domain.errors import DomainError
from domain.events.models import OutboxEvent
from domain.mail.unsubscribe import (
    contact_id_from_token, marketing_headers, may_receive_marketing, unsubscribe, unsubscribe_token, unsubscribe_url,
)
from domain.protection import encrypt
from settings import reset_settings

NOW = datetime(2030, 3, 4, 1, 0, tzinfo=timezone.utc)


async def consenting_contact(email: str | None = "wang.li@example.com") -> Contact:
    customer = await Customer.filter(owner_id__not_isnull=True).order_by("id").first()
    return await Contact.create(customer=customer, name="王丽", email_encrypted=encrypt(email),
                                marketing_consent=True, consent_at=NOW, consent_source="trade-show")


def test_a_token_names_its_contact_and_is_url_safe():
    token = unsubscribe_token(42)
    assert contact_id_from_token(token) == 42
    assert token.startswith("42.") and all(c.isalnum() or c in "-_." for c in token)


@pytest.mark.parametrize("forge", [
    lambda t: "43." + t.split(".")[1],           # another contact's id with this signature
    lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # one character of the signature changed
    lambda t: t.split(".")[0],                   # no signature
    lambda t: "",
    lambda t: "-42." + t.split(".")[1],
    lambda t: "４２." + t.split(".")[1],          # full-width digits
])
def test_a_forged_token_is_refused(forge):
    with pytest.raises(DomainError) as refused:
        contact_id_from_token(forge(unsubscribe_token(42)))
    assert refused.value.code == "INVALID_UNSUBSCRIBE_LINK"


def test_tokens_depend_on_the_secret_key(monkeypatch):
    old = unsubscribe_token(42)
    monkeypatch.setenv("SECRET_KEY", "another-secret-key-0123456789abcdef-xyz")
    reset_settings()
    try:
        assert unsubscribe_token(42) != old
        with pytest.raises(DomainError):
            contact_id_from_token(old)
    finally:
        monkeypatch.undo()
        reset_settings()


def test_the_link_and_one_click_headers_use_public_base_url(monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://crm.example.com/")
    reset_settings()
    try:
        url = unsubscribe_url(7)
        assert url == f"https://crm.example.com/unsubscribe/{unsubscribe_token(7)}"
        assert marketing_headers(7) == {"List-Unsubscribe": f"<{url}>",
                                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    finally:
        monkeypatch.undo()
        reset_settings()


async def test_unsubscribing_withdraws_consent_once_with_an_event_and_an_audit_record(db):
    contact = await consenting_contact()
    token = unsubscribe_token(contact.id)
    done = await unsubscribe(token, now=NOW)
    again = await unsubscribe(token)
    stored = await Contact.get(id=contact.id)
    assert (stored.marketing_consent, stored.consent_at, stored.consent_source) == (False, NOW, "unsubscribe-link")
    assert done.marketing_consent is False and again.id == contact.id
    (event,) = await OutboxEvent.filter(type="contact.unsubscribed")
    customer = await Customer.get(id=contact.customer_id)
    assert (event.aggregate_type, event.aggregate_id, event.owner_id) == ("Contact", str(contact.id), customer.owner_id)
    (audit,) = await AuditRecord.filter(action="unsubscribe", entity_type="Contact")
    assert audit.actor_name == "unsubscribe-link" and "marketingConsent" in audit.changes


async def test_a_signed_token_for_a_contact_that_is_gone_is_refused(db):
    with pytest.raises(DomainError) as refused:
        await unsubscribe(unsubscribe_token(999_999))
    assert refused.value.code == "INVALID_UNSUBSCRIBE_LINK"
    assert not await OutboxEvent.filter(type="contact.unsubscribed").exists()


async def test_only_consenting_contacts_with_an_email_may_receive_marketing(db):
    consenting, without_email = await consenting_contact(), await consenting_contact(email=None)
    assert await may_receive_marketing(consenting) is True
    assert await may_receive_marketing(without_email) is False
    await unsubscribe(unsubscribe_token(consenting.id))
    assert await may_receive_marketing(await Contact.get(id=consenting.id)) is False
