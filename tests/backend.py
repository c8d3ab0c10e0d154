"""Which backend this test run uses; set up before any project module is imported.

``SALESDESK_TEST_BACKEND=embedded`` (default): SQLite files + memory pub/sub + in-process worker.
``SALESDESK_TEST_BACKEND=production``: PostgreSQL + Redis. With ``SALESDESK_REQUIRE_SERVICES=1``
a missing service fails the run instead of skipping.
"""

from __future__ import annotations

import os
import socket
import uuid

BACKEND = os.environ.get("SALESDESK_TEST_BACKEND", "embedded")
REQUIRE_SERVICES = os.environ.get("SALESDESK_REQUIRE_SERVICES") == "1"
PG_DSN = os.environ.get("SALESDESK_TEST_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("SALESDESK_TEST_REDIS", "redis://127.0.0.1:6379/0")
RUN_ID = uuid.uuid4().hex[:8]


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def postgres_up() -> bool:
    return reachable("127.0.0.1", 5432)


def redis_up() -> bool:
    return reachable("127.0.0.1", 6379)


def configure_environment() -> None:
    os.environ["SALESDESK_ENV"] = "test"
    os.environ["BUS_NAMESPACE"] = f"salesdesk-test-{RUN_ID}"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ["SMTP_URL"] = ""  # mail goes to the outbox folder, or to the `mail_server` fixture; never out
    os.environ["WEBHOOK_ALLOW_LOOPBACK"] = "1"  # webhook receivers in tests listen on 127.0.0.1
    if BACKEND == "production":
        os.environ["REDIS_URL"] = REDIS_URL
        # The app under test runs its actors itself; tests/e2e also start real `salesdesk worker`s.
        os.environ["IN_PROCESS_WORKER"] = "1"
