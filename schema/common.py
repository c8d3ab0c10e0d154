"""Types shared by every area: user-facing errors, pagination."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry

from domain.errors import DomainError, ValidationFailed

T = TypeVar("T")
P = TypeVar("P")


@strawberry.type(description="A problem with the input, in the viewer's language.")
class UserError:
    field: str | None
    code: str
    message: str


def user_errors(error: DomainError, locale: str) -> list[UserError]:
    """Map a domain error (or several) to payload errors."""
    errors = error.errors if isinstance(error, ValidationFailed) else [error]
    return [UserError(field=e.field, code=e.code, message=e.message(locale)) for e in errors]


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


async def mutation_payload(info, call: Awaitable[T], payload: type[P], build: Callable[[T], P]) -> P:
    """Await a resolver; expected failures become ``payload(errors=[...])``."""
    try:
        result = await call
    except DomainError as error:
        return payload(errors=user_errors(error, info.context.locale))
    return build(result)
