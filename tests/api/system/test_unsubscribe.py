"""The unsubscribe link: GET only asks (mail scanners follow links), POST unsubscribes; forged links get 400."""

from urllib.parse import urlsplit

from domain.mail.unsubscribe import unsubscribe_token

ONE_CLICK = {"content": b"List-Unsubscribe=One-Click",
             "headers": {"content-type": "application/x-www-form-urlencoded"}}


async def _contact() -> int:
    from domain.crm.models import Contact, Customer
    from domain.events.envelope import utcnow
    from domain.protection import encrypt

    customer = await Customer.all().order_by("id").first()
    contact = await Contact.create(customer=customer, name="王丽", email_encrypted=encrypt("wang.li@example.com"),
                                   marketing_consent=True, consent_at=utcnow(), consent_source="trade-show")
    return contact.id


async def _consent(contact_id: int) -> tuple[bool, str, int]:
    from domain.crm.models import Contact
    from domain.events.models import OutboxEvent

    contact = await Contact.get(id=contact_id)
    return (contact.marketing_consent, contact.consent_source,
            await OutboxEvent.filter(type="contact.unsubscribed", aggregate_id=str(contact_id)).count())


def test_get_asks_to_confirm_and_changes_nothing(client, gql):
    contact_id = gql.run(_contact)
    page = client.get(f"/unsubscribe/{unsubscribe_token(contact_id)}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "退订营销邮件" in page.text and "Unsubscribe from marketing e-mails" in page.text
    assert '<form method="post">' in page.text
    assert page.headers["cache-control"] == "no-store" and page.headers["referrer-policy"] == "no-referrer"
    assert gql.run(_consent, contact_id) == (True, "trade-show", 0)


def test_post_unsubscribes_and_a_second_post_is_harmless(client, gql):
    contact_id = gql.run(_contact)
    url = f"/unsubscribe/{unsubscribe_token(contact_id)}"
    first, second = client.post(url, **ONE_CLICK), client.post(url)
    assert first.status_code == second.status_code == 200
    assert "您已退订" in first.text and "You are unsubscribed" in first.text
    assert gql.run(_consent, contact_id) == (False, "unsubscribe-link", 1)


def test_a_forged_link_gets_a_bilingual_400_page_and_changes_nothing(client, gql):
    contact_id = gql.run(_contact)
    forged = f"/unsubscribe/{contact_id}.{unsubscribe_token(contact_id + 1).split('.')[1]}"
    for response in (client.get(forged), client.post(forged, **ONE_CLICK), client.post("/unsubscribe/garbage")):
        assert response.status_code == 400
        assert "链接无效" in response.text and "This link is not valid" in response.text
    assert gql.run(_consent, contact_id) == (True, "trade-show", 0)


def test_the_link_in_a_marketing_mail_unsubscribes_its_recipient(client, gql, mail_server):
    from domain.mail.rendering import render_mail
    from domain.mail.sending import OutgoingMail, send_mail
    from domain.mail.unsubscribe import marketing_headers, unsubscribe_url

    contact_id = gql.run(_contact)
    greeting = render_mail("birthday_greeting", "zh-CN", {"name": "王丽", "customerName": "华东贸易", "repName": "张伟",
                                                          "unsubscribeUrl": unsubscribe_url(contact_id)})
    gql.run(send_mail, OutgoingMail(to=["wang.li@example.com"], subject=greeting.subject, text=greeting.text,
                                    html=greeting.html, headers=marketing_headers(contact_id)))
    (received,) = mail_server.wait_for(1)
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = urlsplit(received["List-Unsubscribe"].strip("<>"))
    assert link.path in received.get_body(("plain",)).get_content()
    assert client.post(link.path, **ONE_CLICK).status_code == 200
    assert gql.run(_consent, contact_id)[0] is False
