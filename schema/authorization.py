"""Field-level authorization on every field, checked synchronously against compiled decisions."""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncGenerator, Callable

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from domain.errors import DomainError
from domain.i18n import translate

def forbidden_error(type_name: str, field_name: str, locale: str) -> GraphQLError:
    return GraphQLError(
        translate("FORBIDDEN", locale) + f" ({type_name}.{field_name})",
        extensions={"code": "FORBIDDEN", "field": f"{type_name}.{field_name}"},
    )


class FieldAuthorization(SchemaExtension):
    """A denied field resolves to null with one FORBIDDEN error per selection (not per row).

    Runs on every field, so it stays synchronous and does one dict lookup when allowed.
    """

    def resolve(self, _next, root, info, *args, **kwargs):
        decisions = info.context.decisions
        key = (info.parent_type.name, info.field_name)
        allowed = decisions.memo.get(key)
        if allowed is None:
            allowed = decisions.decide(*key)
        if allowed:
            return _next(root, info, *args, **kwargs)
        return _deny(info, *key)


def _deny(info, type_name: str, field_name: str) -> None:
    context = info.context
    selection = tuple(p for p in info.path.as_list() if not isinstance(p, int))
    if selection in context.denied_paths:
        return None
    context.denied_paths.add(selection)
    raise forbidden_error(type_name, field_name, context.locale)


def live(stream: Callable[..., AsyncGenerator]) -> Callable[..., AsyncGenerator]:
    """Wrap a subscription: a stream the viewer may not open is refused at once (field checks alone
    would only null each event and keep the socket busy), and expected failures reach the client as
    coded errors in the viewer's language (subscriptions bypass the error presentation of queries)."""

    @functools.wraps(stream)
    async def guarded(self, info, *args, **kwargs):
        name = info.field_name
        if not info.context.decisions.allowed("Subscription", name):
            raise forbidden_error("Subscription", name, info.context.locale)
        try:
            async for item in stream(self, info, *args, **kwargs):
                yield item
        except DomainError as error:
            raise GraphQLError(error.message(info.context.locale),
                               extensions={"code": error.code, "field": error.field}) from None

    return guarded


class ExpectedErrorLogFilter(logging.Filter):
    """Keep the log free of tracebacks for denials and rejected documents (they are answers)."""

    QUIET_CODES = {"FORBIDDEN", "NOT_FOUND", "UNAUTHENTICATED"}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "strawberry.execution" and not record.exc_info:
            return False  # rejected documents: the client gets the message, the log needs no copy
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, GraphQLError):
            code = (error.extensions or {}).get("code")
            original = error.original_error
            if code in self.QUIET_CODES or original is None:
                return False
        return True
