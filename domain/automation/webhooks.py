"""The ``call_webhook`` action: a signed JSON POST to a partner or ERP system.

The body is signed with HMAC-SHA256 (``X-Salesdesk-Signature``) and carries an ``Idempotency-Key``
that stays the same across retries. Addresses that reach the server itself or cloud metadata
services (loopback, link-local, unspecified, multicast) are refused, at save time when the URL names
such an address and again at call time after name resolution; private LAN addresses (an on-premise
ERP) are allowed. ``WEBHOOK_ALLOW_LOOPBACK`` lifts the loopback ban for single-machine setups.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import json
from urllib.parse import urlsplit

import httpx

from domain.errors import DomainError
from settings import get_settings

PRIVATE_FIELDS = {"email"}  # personal data stays out of webhooks (they get the record id to look it up)


class WebhookFailed(DomainError):
    """The receiver did not answer 2xx (or could not be reached): worth retrying later."""

    transient = True


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if address.is_loopback:
        return not get_settings().webhook_allow_loopback
    return address.is_link_local or address.is_unspecified or address.is_multicast or address.is_reserved


def checked_webhook(params: dict, path: str) -> dict:
    url = params.get("url")
    parts = urlsplit(url) if isinstance(url, str) and len(url) <= 500 else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise DomainError("INVALID_URL", field=f"{path}.url")
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        literal = None
    if (literal is not None and _refused(literal)) or parts.hostname.lower() == "localhost" and _refused(
            ipaddress.ip_address("127.0.0.1")):
        raise DomainError("WEBHOOK_ADDRESS_REFUSED", field=f"{path}.url")
    secret = params.get("secret")
    if secret is not None and (not isinstance(secret, str) or not 8 <= len(secret) <= 200):
        raise DomainError("INVALID_SECRET", field=f"{path}.secret")
    return {"url": url, "secret": secret}


async def _check_destination(url: str) -> None:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        found = await asyncio.get_running_loop().getaddrinfo(parts.hostname, port)
    except OSError:
        raise WebhookFailed("WEBHOOK_FAILED", field="url", status="DNS") from None
    if any(_refused(ipaddress.ip_address(info[4][0])) for info in found):
        raise DomainError("WEBHOOK_ADDRESS_REFUSED", field="url")


async def call_webhook(step, params: dict) -> str:
    """POST the rule, the event and the record (without personal data); a non-2xx answer is a failure."""
    await _check_destination(params["url"])
    subject = {k: v for k, v in (step.values or {}).items() if k not in PRIVATE_FIELDS}
    body = json.dumps({"rule": {"id": step.rule_id, "name": step.rule_name}, "runId": step.run_id,
                       "event": step.event, "subject": {"type": step.subject, **subject}},
                      ensure_ascii=False, default=str).encode()
    secret = (params.get("secret") or "").encode()
    headers = {"Content-Type": "application/json", "Idempotency-Key": f"automation-{step.run_id}-{step.index}",
               "X-Salesdesk-Signature": "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()}
    try:
        async with httpx.AsyncClient(timeout=10, follow_redirects=False, trust_env=False) as client:
            response = await client.post(params["url"], content=body, headers=headers)
    except httpx.HTTPError as error:
        raise WebhookFailed("WEBHOOK_FAILED", field="url", status=type(error).__name__) from None
    if not 200 <= response.status_code < 300:
        raise WebhookFailed("WEBHOOK_FAILED", field="url", status=response.status_code)
    return f"HTTP {response.status_code}"
