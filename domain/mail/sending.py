"""Sending one message: over SMTP when ``SMTP_URL`` is set, otherwise as an .eml file in the outbox folder.

``SMTP_URL`` forms: ``smtp://host:25``, ``smtp://user:pass@host:587?starttls=true`` (``false`` never
upgrades; without it the connection upgrades when the server offers STARTTLS), ``smtps://host:465``.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import uuid4

import aiosmtplib

from domain.errors import DomainError
from domain.events.envelope import utcnow
from domain.protection import mask_email
from settings import get_settings

log = logging.getLogger("salesdesk.mail")
TRUE = ("1", "true", "yes", "on")


class MailNotSent(DomainError):
    """The mail server could not be reached or refused the message; worth retrying later."""

    transient = True

    def __init__(self, *, detail: str) -> None:
        super().__init__("MAIL_NOT_SENT", detail=detail)


@dataclass
class OutgoingMail:
    to: list[str]
    subject: str
    text: str
    html: str | None = None
    headers: dict[str, str] = field(default_factory=dict)  # a "Message-ID" here replaces the generated one
    reply_to: str | None = None


@dataclass(frozen=True)
class SmtpServer:
    hostname: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    start_tls: bool | None


def smtp_server(url: str) -> SmtpServer:
    """Where and how to connect, from ``SMTP_URL``."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("SMTP_URL must look like smtp://user:pass@host:587?starttls=true or smtps://host:465")
    implicit_tls = parts.scheme == "smtps"
    starttls = parse_qs(parts.query).get("starttls", [None])[-1]
    if implicit_tls or starttls is not None:
        start_tls = not implicit_tls and starttls.lower() in TRUE
    else:
        start_tls = None  # upgrade when the server offers it
    return SmtpServer(hostname=parts.hostname, port=parts.port or (465 if implicit_tls else 25),
                      username=unquote(parts.username) if parts.username else None,
                      password=unquote(parts.password) if parts.password else None,
                      use_tls=implicit_tls, start_tls=start_tls)


def _one_line(value: str, name: str) -> str:
    if "\r" in value or "\n" in value:
        raise DomainError("INVALID_MAIL_HEADER", field=name)
    return value


def _address(value: str, name: str) -> str:
    _one_line(value, name)
    address = parseaddr(value)[1]
    if "@" not in address or " " in address:
        raise DomainError("INVALID_EMAIL", field=name)
    return value


def build_message(mail: OutgoingMail, *, sender: str) -> EmailMessage:
    """A UTF-8 MIME message: the text part, and the HTML one as its alternative."""
    if not mail.to:
        raise DomainError("REQUIRED", field="to")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(_address(address, "to") for address in mail.to)
    message["Subject"] = _one_line(mail.subject, "subject")
    message["Date"] = format_datetime(utcnow())
    if mail.reply_to:
        message["Reply-To"] = _address(mail.reply_to, "replyTo")
    extra = {_one_line(name, "headers"): _one_line(value, "headers") for name, value in mail.headers.items()}
    message["Message-ID"] = extra.pop("Message-ID", None) or make_msgid(domain=sender_domain(sender))
    for name, value in extra.items():
        message[name] = value
    message.set_content(mail.text)
    if mail.html is not None:
        message.add_alternative(mail.html, subtype="html")
    return message


def sender_domain(address: str) -> str:
    """The domain of an address, for Message-IDs."""
    return parseaddr(address)[1].rpartition("@")[2] or "localhost"


async def send_mail(mail: OutgoingMail) -> str:
    """Send one message and return its Message-ID; ``MailNotSent`` when the server did not take it."""
    settings = get_settings()
    message = build_message(mail, sender=settings.mail_from)
    message_id, recipients = message["Message-ID"], [mask_email(parseaddr(a)[1]) for a in mail.to]
    if not settings.smtp_url:
        path = await asyncio.to_thread(write_to_outbox, message, Path(settings.mail_outbox_dir))
        log.info("mail %s to %s written to %s (SMTP_URL is not set)", message_id, recipients, path)
        return message_id
    server = smtp_server(settings.smtp_url)
    try:
        refused, _ = await aiosmtplib.send(
            message, hostname=server.hostname, port=server.port, username=server.username,
            password=server.password, use_tls=server.use_tls, start_tls=server.start_tls,
            timeout=settings.smtp_timeout_seconds)
    except (aiosmtplib.SMTPException, OSError) as error:
        log.warning("mail %s to %s not sent: %s", message_id, recipients, error)
        raise MailNotSent(detail=str(error) or type(error).__name__) from error
    if refused:
        log.warning("mail %s: the server refused %d recipient(s)", message_id, len(refused))
    log.info("mail %s sent to %s", message_id, recipients)
    return message_id


def write_to_outbox(message: EmailMessage, folder: Path) -> Path:
    """Write the message as an .eml file (atomically: a reader never sees half a message)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid4().hex[:8]}.eml"
    partial = path.with_suffix(".part")
    partial.write_bytes(message.as_bytes(policy=SMTP))
    os.replace(partial, path)
    return path
