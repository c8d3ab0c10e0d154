"""The ``send_email`` action: render a built-in or admin-written template per recipient and send it.

Marketing mail goes only to contacts who consented and carries an unsubscribe link; a recipient
already mailed by an earlier attempt of the same run is not mailed again.
"""

from __future__ import annotations

import hashlib

from domain.automation import recipients
from domain.automation.reports import pipeline_summary
from domain.mail.rendering import render_custom, render_mail, render_string
from domain.mail.sending import OutgoingMail, send_mail
from domain.mail.unsubscribe import marketing_headers, unsubscribe_url


async def _addresses(step, params: dict) -> list[dict]:
    """Each recipient once, in the rule's order: address, language, and the contact it belongs to (for consent)."""
    values, found = step.values or {}, []
    for spec in params["to"]:
        if spec in ("contact", "customer"):
            consent = values.get("marketingConsent", False) if spec == "contact" else False
            found.append({"email": values.get("email"), "locale": params["locale"], "name": values.get("name"),
                          "contactId": values.get("id") if spec == "contact" else None, "consent": consent})
        elif isinstance(spec, str) and "@" in spec:
            found.append({"email": spec, "locale": params["locale"], "name": spec, "contactId": None,
                          "consent": True})
        else:
            found += [{"email": card.get("email"), "locale": card.get("locale") or "zh-CN", "name": card["name"],
                       "contactId": None, "consent": True, "userId": card["id"]}
                      for card in await recipients.users([spec], step)]
    unique, seen = [], set()
    for item in found:
        if item["email"] and item["email"].lower() not in seen:
            seen.add(item["email"].lower())
            unique.append(item)
    return unique


def _fingerprint(address: str) -> str:
    """Marks a recipient as mailed in the run log without writing the address there."""
    return hashlib.sha256(address.lower().encode()).hexdigest()[:16]


def _render(params: dict, locale: str, context: dict):
    english = locale.startswith("en") and params.get("subjectEn")
    suffix = "En" if english else "Zh"
    if params["template"] == "custom":
        return render_custom(params[f"subject{suffix}"], params[f"body{suffix}"], context)
    if params["template"] == "generic":
        context = {**context, "subject": render_string(params[f"subject{suffix}"], context),
                   "body": render_string(params[f"body{suffix}"] or "", context)}
    return render_mail(params["template"], locale, context)


async def send_rule_mail(step, params: dict) -> str:
    """Send the rule's mail to every recipient not yet mailed; returns what happened, for the run log."""
    sent, skipped = 0, []
    for person in await _addresses(step, params):
        key = f"{step.index}:{_fingerprint(person['email'])}"
        if key in step.done:
            continue
        headers, context = {}, {**step.context(), "recipient": {"name": person["name"]}}
        if params["marketing"]:
            if not person["consent"]:
                skipped.append(person["email"])
                continue
            if person["contactId"] is not None:
                headers = marketing_headers(person["contactId"])
                context["unsubscribeUrl"] = unsubscribe_url(person["contactId"])
        if params["template"] == "pipeline_summary":
            context["summary"] = await pipeline_summary(user_id=person["userId"], now=step.now)
            context["recipientName"] = person["name"]
        rendered = _render(params, person["locale"], context)
        await send_mail(OutgoingMail(to=[person["email"]], subject=rendered.subject, text=rendered.text,
                                     html=rendered.html, headers=headers))
        sent += 1
        if step.progress is not None:
            await step.progress(key)
    note = f"sent {sent}"
    return f"{note}, no consent: {len(skipped)}" if skipped else note
