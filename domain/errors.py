"""Expected business failures, carried as a code that maps to a user-facing message."""

from __future__ import annotations

from domain.i18n import translate


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
