"""The yardstick: a bare Starlette app answering the benchmark requests without GraphQL.

Served by uvicorn exactly like the real app (``create_app`` factory). Every endpoint parses
the JSON request body like the real one does:

- ``POST /typename``: the ``{ __typename }`` answer;
- ``POST /customers/prebuilt``: the customer-list answer captured once from the real API
  (file named by ``BENCH_CUSTOMERS_RESPONSE``), sent as is;
- ``POST /customers/asyncpg``: the same 100 customers and owners read with one asyncpg query
  and serialised to the same JSON shape.
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

TYPENAME_ANSWER = {"data": {"__typename": "Query"}}
CUSTOMERS_SQL = """
SELECT c.id, c.code, c.name, c.level, c.city, c.stage, c.created_at,
       u.id AS owner_id, u.username, u.display_name
FROM crm_customer c LEFT JOIN identity_user u ON u.id = c.owner_id
ORDER BY c.id LIMIT 100
"""
POOL_SIZE = 5  # Tortoise's default asyncpg pool size, so both sides get the same connections


def customer_node(row: asyncpg.Record) -> dict:
    """One row in the GraphQL answer's shape."""
    owner = None
    if row["owner_id"] is not None:
        owner = {"id": str(row["owner_id"]), "username": row["username"], "displayName": row["display_name"]}
    return {"node": {"id": str(row["id"]), "code": row["code"], "name": row["name"], "level": row["level"],
                     "city": row["city"], "stage": row["stage"], "createdAt": row["created_at"].isoformat(),
                     "owner": owner}}


async def typename(request: Request) -> Response:
    await request.json()
    return JSONResponse(TYPENAME_ANSWER)


async def customers_prebuilt(request: Request) -> Response:
    await request.json()
    return Response(request.app.state.customers_answer, media_type="application/json")


async def customers_asyncpg(request: Request) -> Response:
    await request.json()
    async with request.app.state.pool.acquire() as connection:
        rows = await connection.fetch(CUSTOMERS_SQL)
    return JSONResponse({"data": {"customers": {"edges": [customer_node(row) for row in rows]}}})


async def readyz(request: Request) -> Response:
    return JSONResponse({"status": "ready"})


def create_app() -> Starlette:
    """The baseline app; reads ``DATABASE_URL`` and ``BENCH_CUSTOMERS_RESPONSE``."""

    @asynccontextmanager
    async def lifespan(app: Starlette):
        app.state.customers_answer = Path(os.environ["BENCH_CUSTOMERS_RESPONSE"]).read_bytes()
        app.state.pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=POOL_SIZE)
        try:
            yield
        finally:
            await app.state.pool.close()

    return Starlette(lifespan=lifespan, routes=[
        Route("/typename", typename, methods=["POST"]),
        Route("/customers/prebuilt", customers_prebuilt, methods=["POST"]),
        Route("/customers/asyncpg", customers_asyncpg, methods=["POST"]),
        Route("/readyz", readyz),
    ])
