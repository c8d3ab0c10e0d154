"""Import jobs survive a worker that stops mid-way: committed batches stay, the rest resumes once."""

import asyncio
from datetime import timedelta

import pytest

from domain.actor import Actor
from domain.crm import import_jobs
from domain.crm.models import Customer, ImportJob, ImportUpload
from domain.events.envelope import utcnow
from domain.identity.models import User
from domain.identity.scope import DataScope
from tests.api.crm.files import csv_bytes

ROWS = 30


@pytest.fixture
async def queued(db, monkeypatch):
    from settings import reset_settings

    monkeypatch.setenv("IMPORT_BATCH_ROWS", "10")
    reset_settings()
    user = await User.get(username="rep")
    actor = Actor(user_id=user.id, username=user.username, roles=frozenset(user.roles), team_id=user.team_id,
                  locale="en")
    content = csv_bytes([["name", "phone"]] + [[f"Resumable {n:02d} Co", f"1370001{n:04d}"] for n in range(ROWS)])
    return await import_jobs.queue_import(actor=actor, scope=DataScope(kind="own", user_id=user.id),
                                          file_name="resume.csv", content=content, dry_run=False, total=ROWS)


async def test_a_stalled_job_resumes_after_its_last_committed_batch(queued, monkeypatch):
    commit, calls = import_jobs._commit_batch, []

    async def stop_on_second_batch(*args):
        calls.append(1)
        if len(calls) == 2:
            raise asyncio.CancelledError  # the worker process went away mid-job
        await commit(*args)

    monkeypatch.setattr(import_jobs, "_commit_batch", stop_on_second_batch)
    with pytest.raises(asyncio.CancelledError):
        await import_jobs.run_import_job(job_id=queued.id)
    monkeypatch.setattr(import_jobs, "_commit_batch", commit)
    stalled = await ImportJob.get(id=queued.id)
    assert (stalled.status, stalled.processed, stalled.created) == ("running", 10, 10)
    assert await import_jobs.requeue_stalled_jobs() == [], "a job that moved recently is left alone"

    await ImportJob.filter(id=queued.id).update(updated_at=utcnow() - timedelta(minutes=11))
    assert await import_jobs.requeue_stalled_jobs() == [queued.id]
    await import_jobs.run_import_job(job_id=queued.id)
    done = await ImportJob.get(id=queued.id)
    assert (done.status, done.processed, done.created, done.rejected) == ("done", ROWS, ROWS, 0)
    assert await Customer.filter(name__startswith="Resumable").count() == ROWS
    assert not await ImportUpload.filter(job_id=queued.id).exists()


async def test_a_job_runs_once_however_often_it_is_sent(queued):
    first, second = await asyncio.gather(import_jobs.run_import_job(job_id=queued.id),
                                         import_jobs.run_import_job(job_id=queued.id))
    assert [job is not None for job in (first, second)].count(True) == 1
    assert await Customer.filter(name__startswith="Resumable").count() == ROWS


async def test_a_disabled_importer_fails_the_job(queued):
    await User.filter(id=queued.user_id).update(is_active=False)
    job = await import_jobs.run_import_job(job_id=queued.id)
    assert (job.status, job.error_code, job.error_message) == ("failed", "USER_DISABLED", "This account is disabled")
    assert await Customer.filter(name__startswith="Resumable").count() == 0
