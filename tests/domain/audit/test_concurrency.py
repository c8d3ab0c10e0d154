"""Concurrent appenders (tasks, and separate processes with their own connections) form one chain."""

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from domain.audit import services
from domain.audit.models import AuditRecord
from tests.domain.audit.factories import entry


async def test_concurrent_appends_form_one_valid_chain(db, checkpoint_file):
    batches = [[entry(n)] if n % 3 else [entry(n), entry(n + 100)] for n in range(1, 25)]
    await asyncio.gather(*(services.append(batch) for batch in batches))
    total = sum(len(batch) for batch in batches)
    assert sorted(await AuditRecord.all().values_list("id", flat=True)) == list(range(1, total + 1))
    report = await services.verify_chain()
    assert report.ok and report.checked == total


def _append_in_another_process(database_url: str, worker: int, count: int) -> int:
    from domain.db import close_database, open_database

    async def run() -> int:
        await open_database(database_url)
        try:
            for n in range(count):
                await services.append([entry(worker * 1000 + n)])
        finally:
            await close_database()
        return count

    return asyncio.run(run())


async def test_appends_from_several_processes_form_one_valid_chain(db, checkpoint_file):
    workers, each = 4, 8
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        loop = asyncio.get_running_loop()
        done = await asyncio.gather(*(loop.run_in_executor(pool, _append_in_another_process, db, w, each)
                                      for w in range(workers)))
    assert sum(done) == workers * each
    report = await services.verify_chain()
    assert report.ok and report.checked == workers * each
