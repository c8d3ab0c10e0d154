"""Database configuration for Tortoise ORM: one app, models from every context."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tortoise import Tortoise

APP_LABEL = "salesdesk"
MODEL_MODULES = [
    "domain.events.models",
    "domain.identity.models",
    "domain.crm.models",
    "domain.catalog.models",
    "domain.inventory.models",
    "domain.sales.models",
    "domain.sales.pipeline_models",
    "domain.orders.models",
    "domain.audit.models",
    "domain.automation.models",
]


def _utc_sqlite_parameters() -> None:
    """SQLite compares stored datetimes as text, and Tortoise stores them in UTC but passes query
    parameters with their own offset: a filter on ``2026-11-30 00:00+08:00`` would miss rows from
    ``2026-11-29 16:30+00:00``. Every datetime parameter is sent in UTC instead."""
    import sqlite3

    import tortoise.backends.sqlite.executor  # noqa: F401 - registers Tortoise's adapter, replaced here

    sqlite3.register_adapter(
        datetime, lambda value: (value.astimezone(timezone.utc) if value.tzinfo else value).isoformat(" "))


_utc_sqlite_parameters()


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The Tortoise config for ``database_url`` (sqlite://path or postgres://...)."""
    url = database_url
    if url.startswith("sqlite://") and "?" not in url:
        path = url[len("sqlite://"):]
        if path not in (":memory:", ""):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        url = f"{url}?busy_timeout=10000"
    return {
        "connections": {"default": url},
        "apps": {
            APP_LABEL: {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "domain.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def open_database(database_url: str) -> None:
    """Connect Tortoise for this process; every task of the process sees it."""
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close_database() -> None:
    await Tortoise.close_connections()


async def migrate_database(database_url: str) -> None:
    """Apply every committed migration and add missing default rows (idempotent)."""
    from tortoise.migrations.api import migrate

    from domain.automation.defaults import install_default_rules

    try:
        await migrate(config=tortoise_config(database_url))
        await open_database(database_url)
        await install_default_rules()
    finally:
        await Tortoise.close_connections()


def dialect() -> str:
    """'sqlite' or 'postgres' for the default connection."""
    from tortoise import connections

    return connections.get("default").capabilities.dialect


def _cli_config() -> dict[str, Any]:
    from settings import get_settings

    return tortoise_config(get_settings().database_url)


# Used by the ``tortoise`` CLI (makemigrations, sqlmigrate): see [tool.tortoise] in pyproject.toml.
TORTOISE_ORM = _cli_config()
