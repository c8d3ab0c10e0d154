"""The benchmark scenarios: each takes the run's ``Bench`` and returns report rows.

To add one, write a function here and append it to ``SCENARIOS``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict

import httpx

from tests.bench.harness import CLIENT_BOUND_SHARE, Bench
from tests.bench.inprocess import CUSTOMER_LIST_QUERY
from tests.bench.processes import run_module, uvicorn_server
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


def automation_run(bench: Bench) -> list[Row]:
    """7. One firing of the decision-stage follow-up rule (open the run, check, execute, log) in-process vs
    creating the same task through the task service directly."""
    result = bench.probe("automation-run")
    scenario = "Automation rule firing (create_task) vs the task service alone"
    return [Row(scenario, "ms per firing (median)", result["rule"]["median_ms"], result["direct"]["median_ms"], "ms",
                measured_ratio=result["time_ratio"]),
            Row(scenario, "firings/s (median)", result["rule"]["ops_per_second"], result["direct"]["ops_per_second"])]


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


ORDER_WORKERS, ORDER_CLIENTS, ORDER_DRAFTS = 2, 50, 20_000


def order_confirmation(bench: Bench) -> list[Row]:
    """6. ``confirmOrder`` from 50 concurrent clients against 2 uvicorn workers, each request a different draft
    order (1-3 lines, stock reserved atomically); baseline: ``{ __typename }`` on the same server, same clients."""
    from tests.bench.order_confirmation import DriveSpec, wait_for_workers

    log_dir = bench.app.log_path.parent
    ids_file = log_dir / "order-ids.json"
    bench.raw["orders-prepared"] = json.loads(run_module(
        "tests.bench.order_confirmation", "prepare", str(ORDER_DRAFTS), str(ids_file), env=bench.env, timeout=600))
    with uvicorn_server("salesdesk-2-workers", "app:create_app", env=bench.env, log_dir=log_dir,
                        ready_path="/readyz", workers=ORDER_WORKERS) as server:
        wait_for_workers(server.log_path, ORDER_WORKERS)
        settings = bench.load_settings
        common = dict(url=server.url + "/graphql", headers=bench.bearer, connections=ORDER_CLIENTS,
                      warmup=settings.warmup, duration=settings.duration, server_pid=server.process.pid)
        runs = {}
        for label, spec in (("orders/typename", DriveSpec(**common, body=TYPENAME_BODY)),
                            ("orders/confirm", DriveSpec(**common, order_ids_file=str(ids_file)))):
            runs[label] = bench.raw[label] = json.loads(run_module(
                "tests.bench.order_confirmation", "drive", json.dumps(asdict(spec)), env=bench.env,
                timeout=settings.warmup + settings.duration + 120))
    checked = bench.raw["orders-checked"] = json.loads(run_module("tests.bench.order_confirmation", "check",
                                                                  env=bench.env))
    _note_order_doubts(bench, runs, checked)
    full, base = runs["orders/confirm"], runs["orders/typename"]
    scenario = f"confirmOrder vs `{{ __typename }}`, {ORDER_WORKERS} workers, {ORDER_CLIENTS} clients"
    return [Row(scenario, "requests/s", full["requests_per_second"], base["requests_per_second"]),
            Row(scenario, "requests per server CPU-second", full["requests_per_cpu_second"],
                base["requests_per_cpu_second"]),
            Row(scenario, "p50 latency", full["p50_ms"], base["p50_ms"], "ms"),
            Row(scenario, "p99 latency", full["p99_ms"], base["p99_ms"], "ms"),
            Row(scenario, "errors", full["errors"], base["errors"])]


def _note_order_doubts(bench: Bench, runs: dict, checked: dict) -> None:
    for label, result in runs.items():
        if result["errors"]:
            bench.notes.append(f"{label}: {result['errors']} errors, first: {result['first_error']}")
        if result["ran_out_of_orders"]:
            bench.notes.append(f"{label}: every prepared draft was confirmed before the time was up; "
                               "raise ORDER_DRAFTS")
        if (result["client_cpu_share"] or 0) > CLIENT_BOUND_SHARE:
            bench.notes.append(f"{label}: the load generator used {result['client_cpu_share']:.0%} of its core")
    if checked["ledger_mismatches"] or checked["negative_levels"]:
        bench.notes.append(f"order confirmation: stock ledger check failed: {checked}")


Scenario = Callable[[Bench], list[Row]]
SCENARIOS: list[Scenario] = [typename_round_trip, customer_list, orm_read, field_authorization, automation_run,
                             customer_import, order_confirmation]
