"""The benchmark's own PostgreSQL database, recreated and loaded with demo data on every run."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import asyncpg

from tests.bench.processes import PYTHON, run_command

PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE_NAME = "salesdesk_bench"
DATABASE_URL = f"{PG_SERVER}/{DATABASE_NAME}"
REDIS_URL = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/0")
DEMO_CUSTOMERS, DEMO_ORDERS = 2000, 5000


def bench_environment() -> dict[str, str]:
    """Environment for every process of the run: PostgreSQL, Redis, development settings."""
    env = dict(os.environ)
    for name in ("ENVIRONMENT", "BUS_NAMESPACE", "MAX_PAGE_SIZE"):
        env.pop(name, None)
    env.update(DATABASE_URL=DATABASE_URL, REDIS_URL=REDIS_URL, SALESDESK_ENV="development",
               LOG_LEVEL="WARNING", BUS_NAMESPACE="salesdesk-bench", PYTHONHASHSEED="0")
    return env


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(f"{PG_SERVER}/postgres")
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def recreate_database() -> None:
    """Drop (forcing out open connections) and create the benchmark database."""
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)'))
    asyncio.run(_admin(f'CREATE DATABASE "{DATABASE_NAME}"'))


def load_demo_data(env: dict[str, str]) -> str:
    """``salesdesk migrate`` then ``salesdesk seed-demo``; the seed report line."""
    salesdesk = Path(PYTHON).with_name("salesdesk")
    run_command([str(salesdesk), "migrate"], env=env)
    return run_command([str(salesdesk), "seed-demo", "--customers", str(DEMO_CUSTOMERS),
                        "--orders", str(DEMO_ORDERS)], env=env).strip()

