"""Who an action addresses: the record's owner, the owner's manager, given people, the contact itself."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from domain.errors import DomainError
from domain.identity.models import Team, User

PEOPLE = ("owner", "manager")
MAX_RECIPIENTS = 20
ROLE_PREFIX = "role:"  # "role:sales_manager": every active person holding the role


def is_person(spec) -> bool:
    """A spec that names people of the system (not an address or the record's contact)."""
    return spec in PEOPLE or (isinstance(spec, int) and not isinstance(spec, bool)) or _is_role(spec)


def _is_role(spec) -> bool:
    return isinstance(spec, str) and spec.startswith(ROLE_PREFIX) and 0 < len(spec) - len(ROLE_PREFIX) <= 40


def checked_people(value, path: str, subject: str | None, *, single: bool = False) -> list:
    """``["owner", "manager", 12]``: roles relative to the record, or user ids."""
    items = value if isinstance(value, list) else [value]
    if not items or len(items) > (1 if single else MAX_RECIPIENTS):
        raise DomainError("INVALID_RECIPIENTS", field=path)
    for item in items:
        if item in PEOPLE:
            if subject is None:
                raise DomainError("ACTION_NOT_FOR_SUBJECT", field=path, subject="-")
        elif not is_person(item):
            raise DomainError("INVALID_RECIPIENTS", field=path)
    return items


def checked_mail_to(value, path: str, subject: str | None) -> list:
    """People (as above), ``"contact"`` for a contact record, ``"customer"`` for a customer, or addresses."""
    if value is None:
        value = ["contact"] if subject == "Contact" else ["owner"]
    items = value if isinstance(value, list) else [value]
    checked = []
    for item in items:
        if item == "contact" and subject == "Contact" or item == "customer" and subject == "Customer":
            checked.append(item)
        elif isinstance(item, str) and "@" in item:
            try:
                checked.append(validate_email(item, check_deliverability=False).normalized)
            except EmailNotValidError:
                raise DomainError("INVALID_EMAIL", field=path) from None
        else:
            checked.extend(checked_people([item], path, subject))
    if not checked or len(checked) > MAX_RECIPIENTS:
        raise DomainError("INVALID_RECIPIENTS", field=path)
    return checked


async def manager_of(user: User | None) -> User | None:
    """The manager of the user's team, or of the team above when the user manages their own."""
    team = await Team.get_or_none(id=user.team_id) if user and user.team_id else None
    while team is not None:
        if team.manager_id and team.manager_id != user.id:
            return await User.get_or_none(id=team.manager_id, is_active=True)
        team = await Team.get_or_none(id=team.parent_id) if team.parent_id else None
    return None


def _card(user: User | None) -> dict:
    if user is None:
        return {}
    return {"id": user.id, "name": user.display_name, "email": user.email, "locale": user.locale}


async def people_of(values: dict | None) -> dict:
    """The owner and manager of a record, as templates and recipients see them."""
    owner_id = (values or {}).get("ownerId")
    owner = await User.get_or_none(id=owner_id, is_active=True) if owner_id else None
    return {"owner": _card(owner), "manager": _card(await manager_of(owner))}


async def users(specs: list, step) -> list[dict]:
    """The active people ``specs`` name for this record (each once), as cards."""
    found, seen = [], set()
    ids = [s for s in specs if isinstance(s, int)]
    named = {u.id: _card(u) for u in await User.filter(id__in=ids, is_active=True)} if ids else {}
    roles = {s[len(ROLE_PREFIX):] for s in specs if _is_role(s)}
    holders = [u for u in await User.filter(is_active=True).order_by("id") if roles & set(u.roles or [])] if roles else []
    for spec in specs:
        if _is_role(spec):
            cards = [_card(u) for u in holders if spec[len(ROLE_PREFIX):] in (u.roles or [])]
        else:
            cards = [step.people.get(spec, {}) if spec in PEOPLE else named.get(spec, {})]
        for card in cards:
            if card and card["id"] not in seen:
                seen.add(card["id"])
                found.append(card)
    return found


async def user_ids(specs: list, step) -> list[int]:
    return [card["id"] for card in await users(specs, step)]
