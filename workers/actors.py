"""Every actor module, imported by worker and scheduler processes and by the app."""

from workers import audit, crm, events  # noqa: F401
