"""The benchmark scenarios: each takes the run's ``Bench`` and returns report rows.

To add one, write a function here and append it to ``SCENARIOS``.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx

from tests.bench.harness import Bench
from tests.bench.inprocess import CUSTOMER_LIST_QUERY
from tests.bench.report import Goal, Row

TYPENAME_BODY = json.dumps({"query": "{ __typename }"})
CUSTOMER_LIST_BODY = json.dumps({"query": CUSTOMER_LIST_QUERY})
ORM_GOAL = Goal("≥ 0.70×", lambda ratio: ratio >= 0.70)
AUTHORIZATION_GOAL = Goal("< +10 %", lambda ratio: ratio < 1.10)


def http_rows(scenario: str, full: dict, baseline: dict) -> list[Row]:
    """Throughput, CPU efficiency, latency and errors of a full-stack run next to its baseline run."""
    return [
        Row(scenario, "requests/s (1 core)", full["requests_per_second"], baseline["requests_per_second"]),
        Row(scenario, "requests per server CPU-second", full["requests_per_cpu_second"],
            baseline["requests_per_cpu_second"]),
        Row(scenario, "p50 latency", full["p50_ms"], baseline["p50_ms"], "ms"),
        Row(scenario, "p99 latency", full["p99_ms"], baseline["p99_ms"], "ms"),
        Row(scenario, "errors", full["errors"], baseline["errors"]),
    ]


def typename_round_trip(bench: Bench) -> list[Row]:
    """1. ``{ __typename }`` through the full stack vs the same JSON from bare Starlette."""
    full = bench.load("typename/full-stack", bench.app, "/graphql", TYPENAME_BODY)
    bare = bench.load("typename/bare-starlette", bench.baseline, "/typename", TYPENAME_BODY)
    return http_rows("`{ __typename }` vs bare Starlette", full, bare)


def customer_list(bench: Bench) -> list[Row]:
    """2. 100 customers with owners through the full stack vs bare Starlette (pre-serialised; asyncpg)."""
    check_asyncpg_answer(bench)
    full = bench.load("customers/full-stack", bench.app, "/graphql", CUSTOMER_LIST_BODY, bench.bearer)
    prebuilt = bench.load("customers/pre-serialised", bench.baseline, "/customers/prebuilt", CUSTOMER_LIST_BODY)
    asyncpg = bench.load("customers/asyncpg", bench.baseline, "/customers/asyncpg", CUSTOMER_LIST_BODY)
    return [*http_rows("100 customers vs pre-serialised JSON", full, prebuilt),
            *http_rows("100 customers vs asyncpg + JSON", full, asyncpg)]


def check_asyncpg_answer(bench: Bench) -> None:
    """Note it when the asyncpg baseline does not answer exactly what the API answers."""
    query = json.loads(CUSTOMER_LIST_BODY)
    api = httpx.post(bench.app.url + "/graphql", json=query, headers=bench.bearer, timeout=30).json()
    bare = httpx.post(bench.baseline.url + "/customers/asyncpg", json=query, timeout=30).json()
    if api != bare:
        bench.notes.append("the asyncpg baseline's answer differs from the API's: compare before trusting it")


def orm_read(bench: Bench) -> list[Row]:
    """3. ``list_customers`` (Tortoise, ALL scope) vs asyncpg ``fetch`` of the same rows, in-process."""
    result = bench.probe("orm-read")
    if not result["same_rows"]:
        bench.notes.append("orm-read: Tortoise and asyncpg returned different rows")
    orm, raw = result["orm"], result["asyncpg"]
    scenario = "ORM read, 100 customers: Tortoise vs asyncpg"
    return [Row(scenario, "reads/s (median)", orm["ops_per_second"], raw["ops_per_second"], goal=ORM_GOAL,
                measured_ratio=result["speed_ratio"]),
            Row(scenario, "ms per read (median)", orm["median_ms"], raw["median_ms"], "ms")]


def field_authorization(bench: Bench) -> list[Row]:
    """4. The nested 100-customer query in-process, with vs without the FieldAuthorization extension.

    Decisions come from the default policy file, which the app seeds into its policy store.
    """
    result = bench.probe("field-authorization")
    return [Row(f"FieldAuthorization overhead, {username} ({', '.join(figures['roles'])}, {figures['rows']} rows)",
                "ms per query (median)", figures["with_extension"]["median_ms"],
                figures["without_extension"]["median_ms"], "ms", goal=AUTHORIZATION_GOAL, as_overhead=True,
                measured_ratio=figures["time_ratio"])
            for username, figures in result.items()]


IMPORT_BOUND_SECONDS = 120.0  # the bound a 50,000-row import must finish within, upload to done
IMPORT_GOAL = Goal("≤ 1.00× of the bound", lambda ratio: ratio <= 1.0)


def customer_import(bench: Bench) -> list[Row]:
    """5. A 50,000-row CSV through ``importCustomers``: the job runs on a real worker; progress is polled."""
    from tests.bench.customer_import import ROWS, dramatiq_worker, import_file, run_import

    content = import_file()
    with dramatiq_worker(bench.env, bench.app.log_path.parent):
        run = run_import(bench.app.url, bench.bearer, content)
    bench.raw["customer-import"] = vars(run)
    if run.status != "DONE" or run.created != ROWS:
        bench.notes.append(f"customer import: {run.status}, {run.created} created, {run.rejected} rejected")
    scenario = f"{ROWS:,}-row CSV import ({len(content) / 2**20:.1f} MB), upload to done"
    return [Row(scenario, "seconds (baseline: the bound)", run.seconds, IMPORT_BOUND_SECONDS, "s", goal=IMPORT_GOAL),
            Row(scenario, "customers written per second", run.created / run.seconds, None),
            Row(scenario, "upload answered (job queued)", run.upload_seconds, None, "s"),
            Row(scenario, "progress values seen while polling", len(run.progress), None)]


Scenario = Callable[[Bench], list[Row]]
SCENARIOS: list[Scenario] = [typename_round_trip, customer_list, orm_read, field_authorization, customer_import]
