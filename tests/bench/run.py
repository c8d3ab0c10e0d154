"""``make bench``: fresh PostgreSQL database, real uvicorn servers, every scenario, one report.

``BENCH_SCENARIOS=orm_read,field_authorization`` runs only the named scenarios;
``BENCH_CONNECTIONS``, ``BENCH_WARMUP`` and ``BENCH_DURATION`` tune the HTTP load.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path

import httpx

from tests.bench.database import DEMO_CUSTOMERS, DEMO_ORDERS, bench_environment, load_demo_data, recreate_database
from tests.bench.harness import Bench, LoadSettings
from tests.bench.processes import PROJECT_DIR, uvicorn_server
from tests.bench.report import Row, write_report
from tests.bench.scenarios import CUSTOMER_LIST_BODY, SCENARIOS, Scenario

REPORT_DIR = PROJECT_DIR / "var" / "bench"
DEMO_ADMIN = ("admin", "Demo-2026!")
LOGIN = "mutation($u:String!,$p:String!){ login(input:{username:$u,password:$p}){ accessToken errors{code} } }"


def sign_in(url: str) -> str:
    """An access token for the demo administrator."""
    username, password = DEMO_ADMIN
    answer = httpx.post(url + "/graphql", json={"query": LOGIN, "variables": {"u": username, "p": password}},
                        timeout=30).json()
    payload = (answer.get("data") or {}).get("login") or {}
    if not payload.get("accessToken"):
        raise RuntimeError(f"sign-in as {username} failed: {answer}")
    return payload["accessToken"]


def capture_customer_list(url: str, token: str, target: Path) -> Path:
    """Save the API's answer to the customer-list query for the pre-serialised baseline."""
    response = httpx.post(url + "/graphql", content=CUSTOMER_LIST_BODY, timeout=30,
                          headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    answer = response.json()
    edges = ((answer.get("data") or {}).get("customers") or {}).get("edges") or []
    if response.status_code != 200 or answer.get("errors") or len(edges) != 100:
        raise RuntimeError(f"customer list answered {response.status_code}: {response.text[:500]}")
    target.write_bytes(response.content)
    return target


def selected_scenarios() -> list[Scenario]:
    """``SCENARIOS``, or those named in ``BENCH_SCENARIOS``."""
    wanted = {name.strip() for name in os.environ.get("BENCH_SCENARIOS", "").split(",") if name.strip()}
    unknown = wanted - {scenario.__name__ for scenario in SCENARIOS}
    if unknown:
        raise SystemExit(f"unknown scenarios: {', '.join(sorted(unknown))}")
    return [scenario for scenario in SCENARIOS if not wanted or scenario.__name__ in wanted]


def run_scenarios(env: dict[str, str], load_settings: LoadSettings) -> tuple[list[Row], Bench]:
    """Start both servers, run the scenarios, stop the servers (also on errors); the rows and the run."""
    with ExitStack() as stack:
        app = stack.enter_context(uvicorn_server("salesdesk", "app:create_app", env=env, log_dir=REPORT_DIR,
                                                 ready_path="/readyz"))
        token = sign_in(app.url)
        captured = capture_customer_list(app.url, token, REPORT_DIR / "customers-answer.json")
        baseline = stack.enter_context(uvicorn_server(
            "baseline", "tests.bench.baseline_app:create_app", env={**env, "BENCH_CUSTOMERS_RESPONSE": str(captured)},
            log_dir=REPORT_DIR, ready_path="/readyz"))
        bench = Bench(app=app, baseline=baseline, token=token, env=env, load_settings=load_settings)
        rows: list[Row] = []
        for scenario in selected_scenarios():
            say(f"scenario {scenario.__name__}")
            rows += scenario(bench)
        return rows, bench


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def stop_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit so every started process is stopped on the way out."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def main() -> int:
    stop_on_sigterm()
    started = time.monotonic()
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    env = bench_environment()
    load_settings = LoadSettings.from_environment()
    say("recreating the benchmark database and loading demo data")
    recreate_database()
    say(load_demo_data(env))
    rows, bench = run_scenarios(env, load_settings)
    settings = {**asdict(load_settings), "customers": DEMO_CUSTOMERS, "orders": DEMO_ORDERS}
    text = write_report(REPORT_DIR, rows, settings=settings, notes=bench.notes, raw=bench.raw)
    print(text)
    say(f"done in {time.monotonic() - started:.0f}s; report in {REPORT_DIR.relative_to(PROJECT_DIR)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
