"""Types shared by every area: user-facing errors, pagination."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import strawberry

from domain.errors import DomainError, ValidationFailed
from domain.pagination import Sort, cursor_for
from resolvers import pagination

T = TypeVar("T")
P = TypeVar("P")
NodeT = TypeVar("NodeT")


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


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type
class Connection(Generic[NodeT]):
    """A page of a list; named <Node>Connection in the schema."""

    page: strawberry.Private[Any]
    edges: list[Edge[NodeT]]
    page_info: PageInfo

    @strawberry.field(description="Rows matching the filter (costs one COUNT query).")
    async def total_count(self) -> int:
        return await pagination.total_count(self.page)


def connection(page: Any, node: Callable[[Any], NodeT]) -> Connection[NodeT]:
    """Wrap a domain page, mapping each row with ``node``."""
    sort = page.sort or Sort()
    edges = [Edge(cursor=cursor_for(row, sort), node=node(row)) for row in page.rows]
    return Connection(page=page, edges=edges,
                      page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor))


async def mutation_payload(info, call: Awaitable[T], payload: type[P], build: Callable[[T], P]) -> P:
    """Await a resolver; expected failures become ``payload(errors=[...])``."""
    try:
        result = await call
    except DomainError as error:
        return payload(errors=user_errors(error, info.context.locale))
    return build(result)


def selects(info, *path: str) -> bool:
    """True when the current field's selection reaches ``path`` (fragments included)."""
    level = info.selected_fields
    for name in path:
        level = _children(level, name)
        if not level:
            return False
    return True


def _children(fields, name: str) -> list:
    found = []
    for item in fields:
        for child in getattr(item, "selections", []):
            if getattr(child, "name", None) == name:
                found.append(child)
            elif not hasattr(child, "name") or child.name is None:
                found.extend(_children([child], name))  # inline fragment or spread
    return found
