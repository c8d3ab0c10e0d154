"""Turn resolver failures into clear, translated GraphQL errors; never leak internals."""

from __future__ import annotations

import logging

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from domain.errors import DomainError
from domain.i18n import translate

log = logging.getLogger("salesdesk.graphql")


def present(error: GraphQLError, locale: str) -> GraphQLError:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return error
    if isinstance(original, DomainError):
        extensions = {"code": original.code}
        if original.field:
            extensions["field"] = original.field
        return GraphQLError(original.message(locale), nodes=error.nodes, path=error.path,
                            extensions=extensions)
    log.error("unexpected error in %s", ".".join(map(str, error.path or [])), exc_info=original)
    return GraphQLError(translate("INTERNAL", locale), nodes=error.nodes, path=error.path,
                        extensions={"code": "INTERNAL"})


class ErrorPresentation(SchemaExtension):
    def on_execute(self):
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            locale = getattr(self.execution_context.context, "locale", "zh-CN")
            result.errors = [present(e, locale) for e in result.errors]
