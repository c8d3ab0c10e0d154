"""Start real Salesdesk processes (uvicorn servers, workers) for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_env(**overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"PYTHONUNBUFFERED": "1", "LOG_LEVEL": "WARNING"})
    env.update(overrides)
    return env


@contextmanager
def running(args: list[str], env: dict[str, str], log_path: Path):
    with log_path.open("wb") as log:
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def app_server(env: dict[str, str], log_path: Path):
    """A uvicorn process serving the app; yields its base URL once /readyz answers 200."""
    port = free_port()
    args = [sys.executable, "-m", "uvicorn", "app:create_app", "--factory", "--host", "127.0.0.1",
            "--port", str(port), "--no-access-log"]
    with running(args, env, log_path) as proc:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {log_path.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server not ready: {log_path.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield base


def login(base: str, username: str, password: str = "Demo-2026!") -> str:
    query = "mutation($u:String!,$p:String!){ login(input:{username:$u,password:$p}){ accessToken } }"
    body = httpx.post(f"{base}/graphql", json={"query": query, "variables": {"u": username, "p": password}},
                      timeout=10).json()
    return body["data"]["login"]["accessToken"]


def active_subscriptions(base: str) -> int:
    return httpx.get(f"{base}/readyz", timeout=5).json()["activeSubscriptions"]
