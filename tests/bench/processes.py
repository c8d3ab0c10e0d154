"""Child processes of a benchmark run: uvicorn servers and one-shot commands, pinned to cores."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

PROJECT_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SERVER_CORE, CLIENT_CORE = 0, 1


def pinned_to(core: int):
    """A ``preexec_fn`` pinning the child (and every thread it starts) to ``core``, when it exists."""
    cores = os.sched_getaffinity(0)
    if core not in cores or len(cores) < 2:
        return None
    return lambda: os.sched_setaffinity(0, {core})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A uvicorn server started for the run."""

    name: str
    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


@contextmanager
def uvicorn_server(name: str, factory: str, *, env: dict[str, str], log_dir: Path, ready_path: str,
                   workers: int = 1):
    """Serve ``factory`` with ``workers`` uvicorn workers on the server core; stopped on exit, whatever happens."""
    port = free_port()
    log_path = log_dir / f"{name}.log"
    command = [PYTHON, "-m", "uvicorn", factory, "--factory", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers), "--no-access-log"]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, preexec_fn=pinned_to(SERVER_CORE))
    server = Server(name=name, process=process, port=port, log_path=log_path)
    try:
        wait_until_ready(server, ready_path)
        yield server
    finally:
        stop(process)


def wait_until_ready(server: Server, path: str, timeout: float = 60.0) -> None:
    """Poll ``path`` until it answers 200; fail early if the server exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            if httpx.get(server.url + path, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} not ready after {timeout:.0f}s:\n{server.log_tail()}")


def stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_module(module: str, *args: str, env: dict[str, str], core: int = CLIENT_CORE,
               timeout: float = 180.0) -> str:
    """Run ``python -m module args`` to completion on ``core``; its standard output."""
    process = subprocess.Popen([PYTHON, "-m", module, *args], cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                               preexec_fn=pinned_to(core))
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        stop(process)
    if process.returncode != 0:
        raise RuntimeError(f"python -m {module} {' '.join(args)} failed ({process.returncode}):\n{err[-3000:]}")
    return out


def run_command(command: list[str], *, env: dict[str, str], timeout: float = 300.0) -> str:
    """Run a command to completion; its standard output (raises with its stderr on failure)."""
    done = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout
