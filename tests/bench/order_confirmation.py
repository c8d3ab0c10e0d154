"""Order confirmation under load: draft orders are written to the benchmark database, then confirmed
over HTTP by many concurrent clients, each request confirming a different order.

``python -m tests.bench.order_confirmation prepare COUNT FILE``: a warehouse, 20 products with ample
stock and COUNT draft orders of 1-3 lines (bulk-inserted, totals as the service computes them);
their ids go to FILE. ``drive SPEC``: the load (a ``DriveSpec`` as JSON), one JSON summary out.
``check``: whether the stock ledger and levels agree afterwards (and how many orders each status holds).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from tests.bench.loadgen import CLOCK_TICKS, Tally, new_event_loop, percentile, read_response

PRODUCTS = 20
STOCK_PER_PRODUCT = 1_000_000
# One document for every request (as clients send it), so the parser and validation caches apply.
CONFIRM = "mutation Confirm($id: ID!) { confirmOrder(id: $id) { order { status } errors { code } } }"
CONFIRMED = b'"status":"confirmed"},"errors":[]'


@dataclass
class DriveSpec:
    """Who to drive and with what: one body per order (``order_ids_file``) or ``body`` again and again."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)
    connections: int = 50
    warmup: float = 2.0
    duration: float = 10.0
    server_pid: int | None = None
    order_ids_file: str | None = None
    body: str | None = None


async def prepare(count: int, target: Path) -> dict:
    """Stock and ``count`` draft orders; writes their ids to ``target``."""
    from domain.actor import SYSTEM
    from domain.catalog.models import Product
    from domain.crm.models import Customer
    from domain.db import close_database, open_database
    from domain.events import unit_of_work
    from domain.events.envelope import utcnow
    from domain.inventory.models import Warehouse
    from domain.inventory.stock import receive_stock
    from domain.orders.models import Order, OrderLine
    from domain.orders.totals import line_amounts, order_totals
    from settings import get_settings

    await open_database(get_settings().database_url)
    try:
        rng = random.Random(2026)
        warehouse = await Warehouse.create(code=f"BENCH{int(time.time())}", name="基准仓 Bench")
        products = []
        for n in range(PRODUCTS):
            product = await Product.create(sku=f"BENCH-{warehouse.id}-{n:02d}", name=f"基准产品 {n}",
                                           list_price=Decimal(rng.randint(100, 99_999)) / 100,
                                           cost_price=Decimal("1.00"), tax_rate=Decimal("0.13"))
            async with unit_of_work() as work:
                await receive_stock(work, SYSTEM, product_id=product.id, warehouse_id=warehouse.id,
                                    quantity=STOCK_PER_PRODUCT)
            products.append(product)
        customers = await Customer.filter(merged_into_id=None).values_list("id", "owner_id", "team_id")
        prefix, now = f"BN{warehouse.id:04d}", utcnow()
        orders, priced_orders = [], []
        for n in range(count):
            customer_id, owner_id, team_id = rng.choice(customers)
            priced = []
            for product in rng.sample(products, rng.randint(1, 3)):
                quantity = rng.randint(1, 5)
                priced.append((product, quantity, line_amounts(quantity=quantity, unit_price=product.list_price,
                                                               discount=Decimal("0"), tax_rate=product.tax_rate,
                                                               unit_cost=product.cost_price)))
            totals = order_totals(amounts for _, _, amounts in priced)
            orders.append(Order(number=f"{prefix}{n:08d}", customer_id=customer_id, owner_id=owner_id,
                                team_id=team_id, status="draft", ordered_at=now, warehouse_id=warehouse.id,
                                subtotal_amount=totals.subtotal, discount_amount=totals.discount,
                                tax_amount=totals.tax, total_amount=totals.total, cost_amount=totals.cost))
            priced_orders.append(priced)
        await Order.bulk_create(orders, batch_size=2000)
        ids = dict(await Order.filter(number__startswith=prefix).values_list("number", "id"))
        lines = [OrderLine(order_id=ids[order.number], product_id=product.id, position=position, quantity=quantity,
                           unit_price=product.list_price, tax_rate=product.tax_rate, line_net=amounts.net,
                           line_tax=amounts.tax, line_total=amounts.total, unit_cost=product.cost_price)
                 for order, priced in zip(orders, priced_orders, strict=True)
                 for position, (product, quantity, amounts) in enumerate(priced)]
        await OrderLine.bulk_create(lines, batch_size=5000)
        target.write_text(json.dumps([ids[order.number] for order in orders]))
        return {"orders": count, "lines": len(lines), "warehouse_id": warehouse.id}
    finally:
        await close_database()


def _encode(spec: DriveSpec, body: str) -> bytes:
    parts = urlsplit(spec.url)
    data = body.encode()
    headers = {"Host": parts.netloc, "Content-Type": "application/json", "Accept": "application/json",
               "Content-Length": str(len(data)), **spec.headers}
    head = f"POST {parts.path or '/'} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + data


def _problem(status: int, body: bytes, confirming: bool) -> str | None:
    if status != 200:
        return f"HTTP {status}: {body[:200]!r}"
    if confirming and CONFIRMED not in body:
        return f"not confirmed: {body[:200]!r}"
    if not confirming and b'"errors"' in body:
        return f"GraphQL errors: {body[:200]!r}"
    return None


def tree_cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU of a process and its living descendants (uvicorn's master and its workers)."""
    if pid is None:
        return None
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{current}/task/{current}/children") as handle:
                pending += [int(child) for child in handle.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


async def drive(spec: DriveSpec) -> dict:
    """``connections`` keep-alive clients send back to back; measured after the warm-up."""
    confirming = spec.order_ids_file is not None
    if confirming:
        ids = json.loads(Path(spec.order_ids_file).read_text())
        bodies = iter([_encode(spec, json.dumps({"query": CONFIRM, "variables": {"id": str(i)}})) for i in ids])
    else:
        bodies = itertools.repeat(_encode(spec, spec.body or ""))
    tally, exhausted = Tally(), []
    measure_from = time.perf_counter() + spec.warmup
    stop_at = measure_from + spec.duration
    parts = urlsplit(spec.url)

    async def client() -> None:
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        try:
            while (started := time.perf_counter()) < stop_at:
                request = next(bodies, None)
                if request is None:
                    exhausted.append(started)
                    return
                writer.write(request)
                status, body = await read_response(reader)
                if started >= measure_from:
                    tally.latencies.append(time.perf_counter() - started)
                    problem = _problem(status, body, confirming)
                    if problem:
                        tally.fail(problem)
        finally:
            writer.close()

    tasks = [asyncio.create_task(client()) for _ in range(spec.connections)]
    await asyncio.sleep(max(0.0, measure_from - time.perf_counter()))
    server_cpu, client_cpu = tree_cpu_seconds(spec.server_pid), time.process_time()
    await asyncio.gather(*tasks)
    ended = min(exhausted) if exhausted else time.perf_counter()
    elapsed = ended - measure_from
    server_used = None if server_cpu is None else tree_cpu_seconds(spec.server_pid) - server_cpu
    latencies = sorted(tally.latencies)
    return {"connections": spec.connections, "seconds": round(elapsed, 3), "requests": len(latencies),
            "errors": tally.errors, "first_error": tally.first_error,
            "requests_per_second": len(latencies) / elapsed if elapsed > 0 else 0.0,
            "p50_ms": _ms(percentile(latencies, 0.50)), "p99_ms": _ms(percentile(latencies, 0.99)),
            "server_cpu_seconds": server_used,
            "requests_per_cpu_second": len(latencies) / server_used if server_used else None,
            "client_cpu_share": (time.process_time() - client_cpu) / elapsed if elapsed > 0 else None,
            "ran_out_of_orders": bool(exhausted)}


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


async def check() -> dict:
    """Ledger and levels after the run, and how many orders each status holds.

    No worker runs during the scenario, so the stock-event jobs the confirmations queued are dropped
    here; a later run's worker would otherwise start on them.
    """
    from tortoise.functions import Count

    from domain.db import close_database, open_database
    from domain.inventory.models import StockLevel
    from domain.inventory.stock import ledger_mismatches
    from domain.orders.models import Order
    from settings import get_settings

    await open_database(get_settings().database_url)
    try:
        statuses = await Order.all().annotate(n=Count("id")).group_by("status").values_list("status", "n")
        from workers.broker import broker

        broker.flush_all()
        return {"ledger_mismatches": len(await ledger_mismatches()),
                "negative_levels": await StockLevel.filter(available__lt=0).count(),
                "orders_by_status": dict(statuses)}
    finally:
        await close_database()


def wait_for_workers(log_path: Path, workers: int, timeout: float = 60.0) -> None:
    """Until every uvicorn worker has finished its startup (the ready probe reaches only one of them)."""
    deadline = time.monotonic() + timeout
    while log_path.read_text(errors="replace").count("Application startup complete") < workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{workers} workers did not start:\n{log_path.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


def main(argv: list[str]) -> int:
    command = argv[0]
    with asyncio.Runner(loop_factory=new_event_loop) as runner:
        if command == "prepare":
            result = runner.run(prepare(int(argv[1]), Path(argv[2])))
        elif command == "drive":
            result = runner.run(drive(DriveSpec(**json.loads(argv[1]))))
        elif command == "check":
            result = runner.run(check())
        else:
            raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
