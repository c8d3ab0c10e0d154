"""Test harness: a clean database per test on the selected backend, app clients, helpers."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest

from tests.backend import BACKEND, PG_DSN, REQUIRE_SERVICES, RUN_ID, configure_environment, postgres_up, redis_up

configure_environment()

from settings import reset_settings  # noqa: E402
from tests.mail_server import mail_server  # noqa: E402,F401 - a real SMTP server for any test

SEED_CUSTOMERS = 30
SEED_ORDERS = 40


def pytest_report_header(config):
    return f"salesdesk backend: {BACKEND} (run {RUN_ID})"


def _require(ok: bool, what: str) -> None:
    if ok:
        return
    if REQUIRE_SERVICES:
        pytest.exit(f"{what} is required (SALESDESK_REQUIRE_SERVICES=1) but not reachable", returncode=3)
    pytest.skip(f"{what} not reachable", allow_module_level=True)


def pytest_collection_modifyitems(config, items):
    if BACKEND == "production" and not (postgres_up() and redis_up()):
        if REQUIRE_SERVICES:
            pytest.exit("PostgreSQL and Redis are required for the production pass", returncode=3)
        skip = pytest.mark.skip(reason="production backend: PostgreSQL/Redis not reachable")
        for item in items:
            item.add_marker(skip)
    for item in items:
        if item.get_closest_marker("redis") and not redis_up():
            if REQUIRE_SERVICES:
                pytest.exit("Redis is required but not reachable", returncode=3)
            item.add_marker(pytest.mark.skip(reason="Redis not reachable"))


async def _build_template(url: str) -> None:
    from domain.db import close_database, migrate_database, open_database
    from domain.demo import seed_demo

    await migrate_database(url)
    await open_database(url)
    try:
        await seed_demo(customers=SEED_CUSTOMERS, orders=SEED_ORDERS)
    finally:
        await close_database()


def _pg_admin(sql: str) -> None:
    import asyncpg

    async def run():
        conn = await asyncpg.connect(f"{PG_DSN}/postgres")
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(run())


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """A migrated database with demo data, copied for every test."""
    if BACKEND == "production":
        name = f"sd_tpl_{RUN_ID}"
        _pg_admin(f'CREATE DATABASE "{name}"')
        asyncio.run(_build_template(f"{PG_DSN}/{name}"))
        yield name
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        asyncio.run(_build_template(f"sqlite://{path}"))
        yield path


_counter = {"n": 0}


@pytest.fixture
def database_url(database_template, tmp_path, monkeypatch):
    """A fresh copy of the template for this test; sets DATABASE_URL for the app and the CLI."""
    if BACKEND == "production":
        _counter["n"] += 1
        name = f"sd_t_{RUN_ID}_{_counter['n']}"
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{database_template}"')
        url = f"{PG_DSN}/{name}"
    else:
        target = tmp_path / "db.sqlite3"
        shutil.copy(database_template, target)
        url = f"sqlite://{target}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("AUDIT_CHECKPOINT_PATH", str(tmp_path / "audit-checkpoints.log"))
    monkeypatch.setenv("MAIL_OUTBOX_DIR", str(tmp_path / "mail-outbox"))
    reset_settings()
    yield url
    reset_settings()
    if BACKEND == "production":
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def db(database_url):
    """Tortoise connected to this test's database (domain-level tests)."""
    from domain.db import close_database, open_database
    from domain.events.relay import relay

    await open_database(database_url)
    try:
        yield database_url
    finally:
        relay.set_sinks([])
        await close_database()


@pytest.fixture
def settings(database_url):
    from settings import get_settings

    return get_settings()


@pytest.fixture
def client(database_url):
    """The app under Starlette's TestClient with its lifespan running."""
    from starlette.testclient import TestClient

    from app import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture
def gql(client):
    from tests.helpers import GraphQLClient

    return GraphQLClient(client)


def pytest_sessionstart(session):
    Path("var").mkdir(exist_ok=True)
    os.environ.setdefault("PYTHONHASHSEED", "0")
