"""Mail templates: built-in ones shipped as files (zh-CN and en each), and admin-written ones.

Every template runs in Jinja2's sandbox with ``StrictUndefined``: it cannot reach Python internals,
and a missing value is an error instead of a silent gap in a customer's inbox. HTML parts are
autoescaped. Templates may use the filters ``local_time`` (a moment in the display time zone),
``money`` (``amount|money(currency)``) and ``linebreaks`` (escaped text, line breaks kept).
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import (
    FileSystemLoader, StrictUndefined, Template, TemplateError, TemplateSyntaxError, meta, select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from domain.errors import DomainError
from domain.i18n import normalise_locale
from settings import get_settings

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
# Built-in templates and the context each one prints (names as in automation rules; "?" = may be None).
TEMPLATE_FIELDS: dict[str, tuple[str, ...]] = {
    "birthday_greeting": ("name", "customerName", "repName", "unsubscribeUrl"),
    "task_reminder": ("title", "dueAt", "assigneeName?", "customerName?"),
    "stale_opportunity": ("title", "customerName", "ownerName", "daysSinceActivity", "amount", "currency"),
    "generic": ("subject", "body"),
    "pipeline_summary": ("summary", "recipientName"),
}
RENDER_ERRORS = (TemplateError, ArithmeticError, LookupError, TypeError, ValueError)


@dataclass
class RenderedMail:
    subject: str
    text: str
    html: str | None


def local_time(value: datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A moment shown in the display time zone (Asia/Shanghai unless configured otherwise)."""
    if value is None or value == "":
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(ZoneInfo(get_settings().display_timezone)).strftime(fmt)


def money(value: object, currency: str | None = None) -> str:
    """``CNY 12,345.60``: two decimals, thousands separated, never through float."""
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    return f"{currency or get_settings().default_currency} {amount:,}"


def linebreaks(value: object) -> Markup:
    """Escaped text whose line breaks survive in HTML."""
    return Markup("<br>\n").join(escape(line) for line in str(value).splitlines())


def _environment(**options) -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, **options)
    env.filters.update(local_time=local_time, money=money, linebreaks=linebreaks)
    return env


_strings = _environment(autoescape=False)  # admin-written subjects and bodies: plain text
_files = _environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["html"]))


def _detail(error: BaseException) -> str:
    """The Jinja message with the line of the admin-written template it points at."""
    line = getattr(error, "lineno", None) if isinstance(error, TemplateSyntaxError) else None
    if line is None:
        frames = [f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename == "<template>"]
        line = frames[-1] if frames else None
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return f"line {line}: {message}" if line else message


@lru_cache(maxsize=256)
def _compiled(source: str) -> Template:
    return _strings.from_string(source)


def check_template(source: str, *, field: str, allowed: set[str] | None = None) -> None:
    """Refuse a template that does not compile, or that prints a variable outside ``allowed``."""
    try:
        tree = _strings.parse(source)
        _strings.compile(tree)  # unknown filters and tests are found here
    except TemplateSyntaxError as error:
        raise DomainError("INVALID_TEMPLATE", field=field, detail=_detail(error)) from None
    if allowed is not None:
        unknown = sorted(meta.find_undeclared_variables(tree) - set(allowed))
        if unknown:
            raise DomainError("UNKNOWN_FIELD", field=field, name=unknown[0])


def _render_source(source: str, context: dict, field: str | None) -> str:
    try:
        return _compiled(source).render(context)
    except RENDER_ERRORS as error:
        raise DomainError("INVALID_TEMPLATE", field=field, detail=_detail(error)) from None


def render_string(source: str, context: dict) -> str:
    """Render an admin-written template; a syntax error or a missing value raises ``INVALID_TEMPLATE``."""
    return _render_source(source, context, None)


def one_line(text: str) -> str:
    """A subject never spans lines, whatever a template or a value put in it."""
    return " ".join(text.split())


def _block(template: Template, name: str, context: dict) -> str:
    return "".join(template.blocks[name](template.new_context(context))).strip()


def render_mail(template: str, locale: str, context: dict) -> RenderedMail:
    """A built-in template in the recipient's language: English for ``en*``, Simplified Chinese otherwise."""
    if template not in TEMPLATE_FIELDS:
        raise DomainError("UNKNOWN_TEMPLATE", field="template", name=template)
    lang = normalise_locale(locale)
    try:
        text = _files.get_template(f"{template}.{lang}.txt")
        subject = one_line(_block(text, "subject", context))
        body = _block(text, "body", context) + "\n"
        html = _files.get_template(f"{template}.{lang}.html").render(
            {**context, "mail_lang": lang, "mail_subject": subject})
    except RENDER_ERRORS as error:  # the caller's context lacks a value the template prints
        raise DomainError("INVALID_TEMPLATE", field="template", detail=f"{template}.{lang}: {_detail(error)}") from None
    return RenderedMail(subject=subject, text=body, html=html)


def render_custom(subject: str, body: str, context: dict) -> RenderedMail:
    """An admin-written subject and plain-text body; the HTML part is that text, escaped, line breaks kept."""
    title = one_line(_render_source(subject, context, "subject"))
    text = _render_source(body, context, "body").strip()
    if not text:
        return RenderedMail(subject=title, text="", html=None)
    lang = get_settings().default_locale
    html = _files.get_template(f"generic.{lang}.html").render({"body": text, "mail_lang": lang,
                                                              "mail_subject": title})
    return RenderedMail(subject=title, text=text + "\n", html=html)


def render_page(name: str, context: dict) -> str:
    """A small HTML page shipped with the mail templates (the unsubscribe pages)."""
    return _files.get_template(f"{name}.html").render(context)
