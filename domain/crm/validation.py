"""Input checks and normalisation for customers and contacts."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from domain.crm.models import CUSTOM_FIELD_TYPES, CUSTOMER_KINDS, CUSTOMER_LEVELS, LIFECYCLE_STAGES
from domain.errors import DomainError

COMPANY_SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "co., ltd.", "co.,ltd.", "co. ltd", "co ltd",
    "ltd.", "ltd", "inc.", "inc", "llc", "corp.", "corp", "company", "group", "gmbh",
)
MAX_TAGS = 20


def normalise_phone(value: str | None, *, field: str = "phone") -> str | None:
    """E.164-like digits for a valid phone number (China by default); error otherwise."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if len(text) > 32:
        raise DomainError("INVALID_PHONE", field=field)
    try:
        parsed = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        raise DomainError("INVALID_PHONE", field=field) from None
    if not phonenumbers.is_valid_number(parsed):
        raise DomainError("INVALID_PHONE", field=field)
    if parsed.country_code == 86:
        return str(parsed.national_number)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(value: str | None, *, field: str = "email") -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise DomainError("INVALID_EMAIL", field=field) from None


def normalise_id_number(value: str | None) -> str | None:
    """Mainland resident ID (18 characters with checksum) or another document number."""
    if value is None or not value.strip():
        return None
    text = value.strip().upper()
    if not re.fullmatch(r"[0-9A-Z\-]{5,32}", text):
        raise DomainError("INVALID_ID_NUMBER", field="idNumber")
    if len(text) == 18 and text[:17].isdigit() and not _resident_id_checksum_ok(text):
        raise DomainError("INVALID_ID_NUMBER", field="idNumber")
    return text


def _resident_id_checksum_ok(text: str) -> bool:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(text[:17], weights))
    return "10X98765432"[total % 11] == text[17]


def normalise_company_name(name: str) -> str:
    """Lower-case, width-folded, without punctuation and legal-form suffixes: for duplicate checks."""
    text = unicodedata.normalize("NFKC", name).lower().strip()
    changed = True
    while changed:
        changed = False
        for suffix in COMPANY_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)].strip(" ,.")
                changed = True
    return re.sub(r"[\s\W_]+", "", text)


def check_choice(value: str | None, allowed: tuple[str, ...], field: str) -> None:
    if value is not None and value not in allowed:
        raise DomainError("INVALID_CHOICE", field=field, allowed=" / ".join(allowed))


def check_text(value: str | None, field: str, *, max_length: int, required: bool = False) -> None:
    if value is None or not value.strip():
        if required:
            raise DomainError("REQUIRED", field=field)
        return
    if len(value) > max_length:
        raise DomainError("TOO_LONG", field=field)


def check_tags(tags: list[str] | None) -> list[str] | None:
    if tags is None:
        return None
    cleaned = sorted({t.strip() for t in tags if t and t.strip()})
    if len(cleaned) > MAX_TAGS or any(len(t) > 30 for t in cleaned):
        raise DomainError("INVALID_TAGS", field="tags", limit=MAX_TAGS)
    return cleaned


def check_customer_choices(*, kind=None, level=None, stage=None) -> None:
    check_choice(kind, CUSTOMER_KINDS, "kind")
    check_choice(level, CUSTOMER_LEVELS, "level")
    check_choice(stage, LIFECYCLE_STAGES, "stage")


def coerce_custom_value(definition, raw):
    """The stored form of one custom field value, checked against its definition."""
    field = f"customFields.{definition.key}"
    if raw is None or raw == "":
        if definition.required:
            raise DomainError("REQUIRED", field=field)
        return None
    kind = definition.field_type
    if kind == "text":
        text = str(raw)
        if len(text) > 500:
            raise DomainError("TOO_LONG", field=field)
        return text
    if kind == "number":
        try:
            return str(Decimal(str(raw)))
        except InvalidOperation:
            raise DomainError("INVALID_NUMBER", field=field) from None
    if kind == "date":
        try:
            return date.fromisoformat(str(raw)).isoformat()
        except ValueError:
            raise DomainError("INVALID_DATE", field=field) from None
    if kind == "choice" and str(raw) in definition.choices:
        return str(raw)
    raise DomainError("INVALID_CHOICE", field=field, allowed=" / ".join(definition.choices))


def check_custom_field_type(field_type: str) -> None:
    check_choice(field_type, CUSTOM_FIELD_TYPES, "fieldType")
