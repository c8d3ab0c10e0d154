"""Field-level authorization on every field, checked synchronously against compiled decisions."""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from domain.i18n import translate

_OPERATION_ACTIONS = {"Mutation": "write"}


def forbidden_error(type_name: str, field_name: str, path: list[Any], locale: str) -> GraphQLError:
    return GraphQLError(
        translate("FORBIDDEN", locale) + f" ({type_name}.{field_name})",
        extensions={"code": "FORBIDDEN", "field": f"{type_name}.{field_name}"},
    )


class FieldAuthorization(SchemaExtension):
    """A denied field resolves to null with one FORBIDDEN error per selection (not per row)."""

    def resolve(self, _next, root, info, *args, **kwargs):
        field_name = info.field_name
        if field_name[0] == "_" and field_name.startswith("__"):
            return _next(root, info, *args, **kwargs)
        type_name = info.parent_type.name
        context = info.context
        if context.decisions.allowed(type_name, field_name, _OPERATION_ACTIONS.get(type_name, "read")):
            return _next(root, info, *args, **kwargs)
        selection = tuple(p for p in info.path.as_list() if not isinstance(p, int))
        if selection in context.denied_paths:
            return None
        context.denied_paths.add(selection)
        raise forbidden_error(type_name, field_name, info.path.as_list(), context.locale)


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
