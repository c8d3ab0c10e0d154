"""Expected business failures, carried as a code that maps to a user-facing message."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from domain.i18n import translate

T = TypeVar("T")


class DomainError(Exception):
    """A rule said no. ``code`` is stable for clients; ``field`` names the input at fault."""

    def __init__(self, code: str, *, field: str | None = None, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params

    def message(self, locale: str | None = None) -> str:
        return translate(self.code, locale, **self.params)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, field={self.field!r})"


class NotFound(DomainError):
    def __init__(self, *, field: str | None = "id") -> None:
        super().__init__("NOT_FOUND", field=field)


class Forbidden(DomainError):
    def __init__(self, *, field: str | None = None) -> None:
        super().__init__("FORBIDDEN", field=field)


class ValidationFailed(DomainError):
    """Several input problems at once, each a ``DomainError``."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__("INVALID_INPUT", field=errors[0].field if errors else None)
        self.errors = errors


class Problems:
    """Collects every input problem so one answer lists them all; nothing is written while any remain."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def add(self, problem: str | DomainError, *, field: str | None = None, **params: object) -> None:
        """Note a problem: an error, or its code with the field at fault."""
        self.errors.append(problem if isinstance(problem, DomainError) else DomainError(problem, field=field,
                                                                                        **params))

    def attempt(self, fn: Callable[[], T]) -> T | None:
        """``fn()``, or None with its problems noted."""
        try:
            return fn()
        except ValidationFailed as failed:
            self.errors.extend(failed.errors)
        except DomainError as error:
            self.errors.append(error)
        return None

    async def attempt_async(self, call: Awaitable[T]) -> T | None:
        try:
            return await call
        except ValidationFailed as failed:
            self.errors.extend(failed.errors)
        except DomainError as error:
            self.errors.append(error)
        return None

    def raise_if_any(self, *, one_as_itself: bool = False) -> None:
        """Raise what was noted: ``ValidationFailed`` listing all (a single problem alone if asked)."""
        if one_as_itself and len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise ValidationFailed(self.errors)
