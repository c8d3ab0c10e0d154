"""Field-level authorization on every field, checked synchronously against compiled decisions."""

from __future__ import annotations

import logging
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

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
