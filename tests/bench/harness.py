"""What every scenario gets: the running servers, a signed-in token, and ways to measure."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

from tests.bench.loadgen import LoadSpec
from tests.bench.processes import CLIENT_CORE, Server, run_module

CLIENT_BOUND_SHARE = 0.9  # a load generator busier than this may be what limits the figure


@dataclass(frozen=True)
class LoadSettings:
    """How hard and how long each HTTP scenario drives a server (``BENCH_*`` to override)."""

    connections: int = 16
    warmup: float = 2.0
    duration: float = 10.0

    @classmethod
    def from_environment(cls) -> LoadSettings:
        return cls(connections=int(os.environ.get("BENCH_CONNECTIONS", cls.connections)),
                   warmup=float(os.environ.get("BENCH_WARMUP", cls.warmup)),
                   duration=float(os.environ.get("BENCH_DURATION", cls.duration)))


@dataclass
class Bench:
    """The state of one benchmark run, shared by the scenarios in ``tests.bench.scenarios``."""

    app: Server
    baseline: Server
    token: str
    env: dict[str, str]
    load_settings: LoadSettings
    raw: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def load(self, label: str, server: Server, path: str, body: str, headers: dict[str, str] | None = None) -> dict:
        """Drive ``server`` with the load generator on the client core; its summary."""
        settings = self.load_settings
        spec = LoadSpec(url=server.url + path, body=body, headers=headers or {}, connections=settings.connections,
                        warmup=settings.warmup, duration=settings.duration, server_pid=server.process.pid)
        timeout = settings.warmup + settings.duration + 60
        result = json.loads(run_module("tests.bench.loadgen", json.dumps(asdict(spec)), env=self.env,
                                       core=CLIENT_CORE, timeout=timeout))
        self.raw[label] = result
        self._note_doubts(label, result)
        return result

    def probe(self, name: str) -> dict:
        """Run an in-process probe of ``tests.bench.inprocess``; its result."""
        result = json.loads(run_module("tests.bench.inprocess", name, env=self.env, core=CLIENT_CORE))
        self.raw[name] = result
        return result

    def _note_doubts(self, label: str, result: dict) -> None:
        if result["errors"]:
            self.notes.append(f"{label}: {result['errors']} errors, first: {result['first_error']}")
        if (result["client_cpu_share"] or 0) > CLIENT_BOUND_SHARE:
            self.notes.append(f"{label}: the load generator used {result['client_cpu_share']:.0%} of its core; "
                              "the figure may be limited by the client")
