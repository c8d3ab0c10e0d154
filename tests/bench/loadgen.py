"""HTTP load generator: N keep-alive connections POST one body for a fixed time.

Run as ``python -m tests.bench.loadgen '{"url": ..., "body": ...}'`` (a LoadSpec as JSON); prints one JSON object with
requests/s, p50/p99 latency, error count and the CPU both sides used. Written on bare
asyncio streams (HTTP/1.1, keep-alive) so the client costs far less CPU than the server.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class LoadSpec:
    """What to send, how hard and for how long."""

    url: str
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    connections: int = 16
    warmup: float = 2.0
    duration: float = 10.0
    server_pid: int | None = None


@dataclass
class Tally:
    """Latencies of the measured window and what went wrong in it."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None

    def fail(self, reason: str) -> None:
        self.errors += 1
        self.first_error = self.first_error or reason


def encode_request(spec: LoadSpec) -> bytes:
    """The raw HTTP/1.1 request sent again and again on every connection."""
    parts = urlsplit(spec.url)
    body = spec.body.encode()
    headers = {"Host": parts.netloc, "Content-Type": "application/json", "Accept": "application/json",
               "Content-Length": str(len(body)), **spec.headers}
    head = f"POST {parts.path or '/'} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """Status and body of one response (Content-Length or chunked)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    if b"content-length" in headers:
        return status, await reader.readexactly(int(headers[b"content-length"]))
    if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        return status, await read_chunked(reader)
    raise ValueError("response without Content-Length or chunked encoding")


async def read_chunked(reader: asyncio.StreamReader) -> bytes:
    chunks = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        chunk = await reader.readexactly(size + 2)
        if size == 0:
            return b"".join(chunks)
        chunks.append(chunk[:-2])


def check(status: int, body: bytes) -> str | None:
    """Why a response counts as an error (non-200 or a GraphQL ``errors`` entry), or None."""
    if status != 200:
        return f"HTTP {status}: {body[:200]!r}"
    if b'"errors"' in body:
        return f"GraphQL errors: {body[:200]!r}"
    return None


async def connection(spec: LoadSpec, request: bytes, measure_from: float, stop_at: float, tally: Tally) -> None:
    """One keep-alive connection sending requests back to back until ``stop_at``."""
    parts = urlsplit(spec.url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        while (started := time.perf_counter()) < stop_at:
            writer.write(request)
            try:
                status, body = await read_response(reader)
            except (ConnectionError, asyncio.IncompleteReadError, ValueError) as error:
                tally.fail(f"{type(error).__name__}: {error}")
                writer.close()
                reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
                continue
            if started >= measure_from:
                tally.latencies.append(time.perf_counter() - started)
                problem = check(status, body)
                if problem:
                    tally.fail(problem)
    finally:
        writer.close()


def process_cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a process so far (Linux ``/proc``)."""
    if pid is None:
        return None
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def percentile(sorted_values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


async def drive(spec: LoadSpec) -> dict:
    """Warm up, then measure for ``duration`` seconds; the summary as a dict."""
    request = encode_request(spec)
    tally = Tally()
    measure_from = time.perf_counter() + spec.warmup
    stop_at = measure_from + spec.duration
    workers = [asyncio.create_task(connection(spec, request, measure_from, stop_at, tally))
               for _ in range(spec.connections)]
    await asyncio.sleep(max(0.0, measure_from - time.perf_counter()))
    server_cpu, client_cpu = process_cpu_seconds(spec.server_pid), time.process_time()
    await asyncio.gather(*workers)
    elapsed = time.perf_counter() - measure_from
    return summarise(spec, tally, elapsed, time.process_time() - client_cpu,
                     None if server_cpu is None else process_cpu_seconds(spec.server_pid) - server_cpu)


def summarise(spec: LoadSpec, tally: Tally, elapsed: float, client_cpu: float, server_cpu: float | None) -> dict:
    latencies = sorted(tally.latencies)
    requests = len(latencies)
    return {
        "url": spec.url, "connections": spec.connections, "seconds": round(elapsed, 3),
        "requests": requests, "errors": tally.errors, "first_error": tally.first_error,
        "requests_per_second": requests / elapsed if elapsed else 0.0,
        "p50_ms": _ms(percentile(latencies, 0.50)), "p99_ms": _ms(percentile(latencies, 0.99)),
        "client_cpu_share": client_cpu / elapsed if elapsed else None,
        "server_cpu_seconds": server_cpu,
        "requests_per_cpu_second": requests / server_cpu if server_cpu else None,
    }


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def new_event_loop() -> asyncio.AbstractEventLoop:
    """uvloop when installed (it ships with uvicorn[standard]), else the default loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def main(argv: list[str]) -> int:
    spec = LoadSpec(**json.loads(argv[0]))
    with asyncio.Runner(loop_factory=new_event_loop) as runner:
        print(json.dumps(runner.run(drive(spec))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
