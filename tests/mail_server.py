"""A real SMTP server for tests: aiosmtpd on a free localhost port, in its own thread.

Any test can ask for the ``mail_server`` fixture: ``SMTP_URL`` points at the server for that test,
and ``mail_server.wait_for(1)`` returns what arrived, as ``email.message.EmailMessage`` objects.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """Collects every message it accepts; ``auth=(user, password)`` makes it require that login."""

    def __init__(self, *, auth: tuple[str, str] | None = None) -> None:
        self.port = free_port()
        self.auth = auth
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []  # (MAIL FROM, RCPT TO) per message
        self._arrived = threading.Condition()
        options = dict(authenticator=self._authenticate, auth_required=True, auth_require_tls=False) if auth else {}
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=True, **options)

    @property
    def url(self) -> str:
        credentials = f"{self.auth[0]}:{self.auth[1]}@" if self.auth else ""
        return f"smtp://{credentials}127.0.0.1:{self.port}"

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = (auth_data.login.decode(), auth_data.password.decode()) == self.auth
        return AuthResult(success=ok, handled=False)

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd handler hook
        raw = (envelope.original_content or envelope.content).replace(b"\r\n", b"\n")  # wire CRLF → \n
        message = message_from_bytes(raw, policy=default)
        with self._arrived:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """Block until at least ``count`` messages arrived; fail after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} message(s), got {len(self.messages)} in {timeout}s")
                self._arrived.wait(left)
            return list(self.messages)

    def start(self) -> MailServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> MailServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def use_smtp(monkeypatch, url: str | None) -> None:
    """Point the app at ``url`` (None: no SMTP, mail goes to the outbox folder) for this test."""
    from settings import reset_settings

    monkeypatch.setenv("SMTP_URL", url or "")  # empty, not unset: a developer's .env must not leak in
    reset_settings()


@pytest.fixture
def mail_server(monkeypatch) -> Iterator[MailServer]:
    """A running SMTP server that this test's ``SMTP_URL`` points at."""
    with MailServer() as server:
        use_smtp(monkeypatch, server.url)
        yield server
    use_smtp(monkeypatch, None)
