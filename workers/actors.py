"""Every actor module, imported by worker and scheduler processes and by the app."""

from workers import audit, automation, crm, events, inventory, mail, tasks  # noqa: F401
