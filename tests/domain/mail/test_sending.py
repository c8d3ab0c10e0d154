"""Sending over a real SMTP server, the outbox folder without one, and what is refused."""

from email import message_from_bytes
from email.policy import default

import pytest

from domain.errors import DomainError
from domain.mail.sending import MailNotSent, OutgoingMail, send_mail, smtp_server
from tests.mail_server import MailServer, free_port, use_smtp

MAIL = OutgoingMail(to=["王丽 <wang.li@example.com>", "ops@example.com"], subject="生日快乐 · Happy birthday",
                    text="王丽，您好！\n祝您生日快乐。", html="<p>王丽，您好！</p>",
                    headers={"List-Unsubscribe": "<http://127.0.0.1:8000/unsubscribe/7.sig>"},
                    reply_to="rep@example.com")


async def test_a_mail_arrives_with_its_recipients_utf8_subject_and_both_parts(mail_server):
    message_id = await send_mail(MAIL)
    (received,) = mail_server.wait_for(1)
    assert received["Message-ID"] == message_id
    assert received["From"] == "Salesdesk <no-reply@localhost>"
    assert received["To"] == "王丽 <wang.li@example.com>, ops@example.com"
    assert received["Subject"] == "生日快乐 · Happy birthday"
    assert received["Reply-To"] == "rep@example.com"
    assert received["List-Unsubscribe"] == "<http://127.0.0.1:8000/unsubscribe/7.sig>"
    assert received.get_body(("plain",)).get_content() == "王丽，您好！\n祝您生日快乐。\n"
    assert received.get_body(("html",)).get_content() == "<p>王丽，您好！</p>\n"
    assert mail_server.envelopes == [("no-reply@localhost", ["wang.li@example.com", "ops@example.com"])]


async def test_a_text_only_mail_has_no_html_part_and_keeps_a_given_message_id(mail_server):
    mail = OutgoingMail(to=["a@example.com"], subject="Plain", text="Just text",
                        headers={"Message-ID": "<task-reminder.1@example.com>"})
    assert await send_mail(mail) == "<task-reminder.1@example.com>"
    (received,) = mail_server.wait_for(1)
    assert received.get_content_type() == "text/plain" and received.get_content() == "Just text\n"


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
async def test_credentials_in_smtp_url_are_used(monkeypatch):
    with MailServer(auth=("sales", "p@ss:word")) as server:
        use_smtp(monkeypatch, server.url.replace("p@ss:word", "p%40ss%3Aword"))
        await send_mail(OutgoingMail(to=["a@example.com"], subject="Signed in", text="ok"))
        assert server.wait_for(1)[0]["Subject"] == "Signed in"
        use_smtp(monkeypatch, f"smtp://sales:wrong@127.0.0.1:{server.port}")
        with pytest.raises(MailNotSent):
            await send_mail(OutgoingMail(to=["a@example.com"], subject="Refused", text="no"))
        assert len(server.messages) == 1


async def test_a_mail_server_that_is_down_raises_mail_not_sent(monkeypatch):
    use_smtp(monkeypatch, f"smtp://127.0.0.1:{free_port()}")
    with pytest.raises(MailNotSent) as failed:
        await send_mail(OutgoingMail(to=["a@example.com"], subject="Hello", text="Hello"))
    assert isinstance(failed.value, DomainError) and failed.value.code == "MAIL_NOT_SENT"
    assert "重试" in failed.value.message("zh-CN") and "retried" in failed.value.message("en")


@pytest.mark.parametrize("mail, field", [
    (OutgoingMail(to=["a@example.com"], subject="Hi\r\nBcc: victim@example.com", text="x"), "subject"),
    (OutgoingMail(to=["a@example.com\nBcc: victim@example.com"], subject="Hi", text="x"), "to"),
    (OutgoingMail(to=["a@example.com"], subject="Hi", text="x", reply_to="r@example.com\rX-Evil: 1"), "replyTo"),
    (OutgoingMail(to=["a@example.com"], subject="Hi", text="x", headers={"X-Tag": "a\nBcc: v@example.com"}),
     "headers"),
])
async def test_line_breaks_in_headers_are_refused_and_nothing_is_sent(mail_server, mail, field):
    with pytest.raises(DomainError) as refused:
        await send_mail(mail)
    assert (refused.value.code, refused.value.field) == ("INVALID_MAIL_HEADER", field)
    assert mail_server.messages == []


async def test_an_address_without_a_domain_or_no_recipient_is_refused(mail_server):
    with pytest.raises(DomainError) as bad:
        await send_mail(OutgoingMail(to=["not an address"], subject="Hi", text="x"))
    with pytest.raises(DomainError) as nobody:
        await send_mail(OutgoingMail(to=[], subject="Hi", text="x"))
    assert (bad.value.code, nobody.value.code) == ("INVALID_EMAIL", "REQUIRED")
    assert mail_server.messages == []


async def test_without_smtp_url_the_mail_is_written_to_the_outbox_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("MAIL_OUTBOX_DIR", str(tmp_path / "outbox"))
    use_smtp(monkeypatch, None)
    message_id = await send_mail(MAIL)
    (written,) = (tmp_path / "outbox").iterdir()
    assert written.suffix == ".eml"
    saved = message_from_bytes(written.read_bytes(), policy=default)
    assert saved["Message-ID"] == message_id and saved["Subject"] == "生日快乐 · Happy birthday"
    assert saved.get_body(("plain",)).get_content().startswith("王丽，您好！")


@pytest.mark.parametrize("url, expected", [
    ("smtp://mail.example.com", ("mail.example.com", 25, None, None, False, None)),
    ("smtp://u%40x:p%3Aw@mail.example.com:587?starttls=true", ("mail.example.com", 587, "u@x", "p:w", False, True)),
    ("smtp://mail.example.com:25?starttls=false", ("mail.example.com", 25, None, None, False, False)),
    ("smtps://mail.example.com", ("mail.example.com", 465, None, None, True, False)),
])
def test_smtp_url_forms(url, expected):
    server = smtp_server(url)
    assert (server.hostname, server.port, server.username, server.password, server.use_tls,
            server.start_tls) == expected


def test_an_smtp_url_of_another_kind_is_a_configuration_error():
    with pytest.raises(ValueError):
        smtp_server("http://mail.example.com")
