"""Broker setup: Redis in production, an in-process stub broker in the embedded default.

Imported before any actor is declared, so ``dramatiq.set_broker`` happens first.
"""

from __future__ import annotations

import asyncio
import logging

import dramatiq
from dramatiq.asyncio import EventLoopThread, get_event_loop_thread, set_event_loop_thread
from dramatiq.brokers.stub import StubBroker, _StubConsumer
from dramatiq.middleware import AsyncIO, Middleware
from periodiq import PeriodiqMiddleware

from settings import get_settings

log = logging.getLogger("salesdesk.workers")


class DatabaseMiddleware(Middleware):
    """Open Tortoise and the bus on a worker process's event-loop thread."""

    def before_worker_boot(self, broker, worker):
        from workers.runtime import start_runtime

        get_event_loop_thread().run_coroutine(start_runtime())

    def before_worker_shutdown(self, broker, worker):
        from workers.runtime import stop_runtime

        thread = get_event_loop_thread()
        if thread is not None:
            thread.run_coroutine(stop_runtime())


class AppLoopThread(EventLoopThread):
    """Runs async actors on an already running loop (the web app's), with no extra thread."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.interrupt_check_ival = 0.1
        self.logger = log
        self.loop = loop

    def start(self, *, timeout=None):  # the loop already runs
        return None

    def stop(self):
        return None

    def join(self, timeout=None):
        return None


class _StoppingStubConsumer(_StubConsumer):
    def requeue(self, messages) -> None:
        """Messages a stopping worker fetched but did not run end with it, as in-memory messages do.

        The stub broker leaves them counted as unfinished, so every later ``join`` in the process
        would wait forever. They are lost as if the process had exited; periodic jobs run again
        on schedule.
        """
        for message in messages:
            log.warning("in-memory job %s dropped: the worker stopped before running it", message.actor_name)
            self.queue.task_done()


class InMemoryBroker(StubBroker):
    """The embedded default's broker: Dramatiq's stub broker, consistent when its worker stops."""

    def consume(self, queue_name: str, prefetch: int = 1, timeout: int = 100):
        consumer = super().consume(queue_name, prefetch, timeout)
        return _StoppingStubConsumer(consumer.queue, consumer.dead_letters, prefetch, timeout)


def build_broker() -> dramatiq.Broker:
    settings = get_settings()
    if settings.redis_url:
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(url=settings.redis_url, namespace=settings.bus_namespace)
        if not settings.runs_in_process_worker:
            broker.add_middleware(AsyncIO())
            broker.add_middleware(DatabaseMiddleware())
    else:
        broker = InMemoryBroker()
        broker.emit_after("process_boot")
    broker.add_middleware(PeriodiqMiddleware(skip_delay=60))  # allows `periodic=cron(...)` on actors
    return broker


broker = build_broker()
dramatiq.set_broker(broker)


def uses_in_process_worker() -> bool:
    return get_settings().runs_in_process_worker


class InProcessWorker:
    """The embedded default's worker: Dramatiq threads whose async actors run on the app loop."""

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads
        self._worker: dramatiq.Worker | None = None

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        set_event_loop_thread(AppLoopThread(loop))
        self._worker = dramatiq.Worker(broker, worker_threads=self.threads, worker_timeout=100)
        self._worker.start()

    async def stop(self) -> None:
        if self._worker is not None:
            worker, self._worker = self._worker, None
            await asyncio.to_thread(worker.stop, 5000)
            broker.middleware[:] = [m for m in broker.middleware if getattr(m, "worker", None) is not worker]
        set_event_loop_thread(None)

    async def join(self, timeout: float = 10.0) -> None:
        """Wait until every queued message is processed (tests and seeding)."""
        await asyncio.to_thread(broker.join, "default", timeout=int(timeout * 1000))
        if self._worker is not None:
            await asyncio.to_thread(self._worker.join)
