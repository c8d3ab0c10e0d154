"""Query limits: depth, aliases and tokens, with clear bilingual errors."""

from __future__ import annotations

from graphql import GraphQLError
from strawberry.extensions import AddValidationRules, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter

from domain.i18n import translate
from settings import Settings


def limit_extensions(settings: Settings) -> list:
    """Extension classes configured from settings.

    The validation rules are built once: the validation cache keys on the rule classes,
    so rules built per request would never hit it.
    """
    rules = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]

    class QueryLimits(AddValidationRules):
        def __init__(self) -> None:
            super().__init__(rules)

    class TokenLimit(MaxTokensLimiter):
        def __init__(self) -> None:
            super().__init__(max_token_count=settings.max_tokens)

    return [TokenLimit, QueryLimits]


_LIMIT_MARKERS = (
    ("exceeds maximum operation depth", "QUERY_TOO_DEEP", "max_query_depth"),
    ("aliases found", "TOO_MANY_ALIASES", "max_aliases"),
    ("more than", "TOO_MANY_TOKENS", "max_tokens"),
)


def recode_limit_errors(errors: list[GraphQLError], locale: str, settings: Settings) -> list[GraphQLError]:
    """Give limit violations a stable code and a message in the viewer's language."""
    return [_recode_one(e, locale, settings) for e in errors]


def _recode_one(error: GraphQLError, locale: str, settings: Settings) -> GraphQLError:
    if (error.extensions or {}).get("code"):
        return error
    text = error.message
    for marker, code, setting in _LIMIT_MARKERS:
        if marker in text:
            limit = getattr(settings, setting)
            return GraphQLError(
                f"{translate(code, locale, limit=limit)} — {text}",
                nodes=error.nodes, source=error.source, positions=error.positions,
                extensions={"code": code, "limit": limit},
            )
    return GraphQLError(text, nodes=error.nodes, source=error.source, positions=error.positions,
                        extensions={"code": "GRAPHQL_VALIDATION_FAILED"})
