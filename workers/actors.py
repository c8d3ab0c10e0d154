"""Every actor module, imported by worker processes (``salesdesk worker``)."""

from workers import events, scheduler  # noqa: F401
