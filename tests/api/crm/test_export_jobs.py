"""Large customer exports run as a worker job: the request answers at once, the maker is told when the file
is ready, and only the maker can see the job and download the file."""

import pytest

from tests.api.crm.files import read_csv
from tests.helpers import wait_until

EXPORT = """mutation($fmt: ExportFormat!){ exportCustomers(format:$fmt){
  export { url rowCount } job { id status format } errors { code } } }"""
JOB = """query($id: ID!){ customerExportJob(id:$id){ id status rowCount errorCode errorMessage
  export { url fileName rowCount } } }"""
NOTES = "{ notifications(first: 5) { edges { node { kind message } } } }"


@pytest.fixture(autouse=True)
def small_inline_limit(tmp_path, monkeypatch):
    from settings import reset_settings

    monkeypatch.setenv("EXPORT_DIR", str(tmp_path / "exports"))
    monkeypatch.setenv("INLINE_EXPORT_ROWS", "3")
    reset_settings()


def _job(gql, job_id, user="rep"):
    return gql.data(JOB, {"id": job_id}, as_user=user)["customerExportJob"]


def test_a_large_export_becomes_a_job_whose_file_only_its_maker_gets(gql):
    total = gql.data("{ customers { totalCount } }", as_user="rep")["customers"]["totalCount"]
    assert total > 3
    answer = gql.data(EXPORT, {"fmt": "CSV"}, as_user="rep")["exportCustomers"]
    assert answer["errors"] == [] and answer["export"] is None
    assert answer["job"]["status"] in ("queued", "running", "done") and answer["job"]["format"] == "CSV"
    job_id = answer["job"]["id"]
    wait_until(lambda: _job(gql, job_id)["status"] == "done", timeout=30)
    job = _job(gql, job_id)
    assert job["rowCount"] == total == job["export"]["rowCount"] and job["errorCode"] is None
    response = gql.client.get(job["export"]["url"], headers={"Authorization": f"Bearer {gql.token('rep')}"})
    assert response.status_code == 200
    header, *rows = read_csv(response.content)
    assert len(rows) == total and "负责人" in header
    notes = gql.data(NOTES, as_user="rep")["notifications"]["edges"]
    assert notes[0]["node"]["kind"] == "export.done" and str(total) in notes[0]["node"]["message"]
    # someone else can neither see the job nor download its file
    assert gql.data(JOB, {"id": job_id}, as_user="rep2")["customerExportJob"] is None
    other = gql.client.get(job["export"]["url"], headers={"Authorization": f"Bearer {gql.token('rep2')}"})
    assert other.status_code == 404


def test_a_job_whose_maker_was_disabled_fails_without_a_file(gql):
    async def disable_rep_then_run(job_id: int):
        from domain.crm.export_jobs import run_export_job
        from domain.crm.models import ExportJob
        from domain.identity.models import User

        await ExportJob.filter(id=job_id).update(status="queued")
        await User.filter(username="rep").update(is_active=False)
        job = await run_export_job(job_id=job_id)
        return job.status, job.error_code, job.token

    async def queued_job() -> int:
        from domain.actor import Actor
        from domain.crm.export_jobs import ExportRequest, request_export
        from domain.crm.models import ExportJob
        from domain.crm.queries import CustomerFilter
        from domain.identity.models import User
        from policies.scope import data_scope

        user = await User.get(username="rep")
        actor = Actor(user_id=user.id, username=user.username, roles=frozenset(user.roles), team_id=user.team_id)
        await User.filter(id=user.id).update(is_active=True)
        job = await request_export(actor=actor, scope=await data_scope(actor, "Customer"), request=ExportRequest(
            filter=CustomerFilter(), file_format="xlsx", columns=["code", "name"], revealed=[]))
        assert isinstance(job, ExportJob)
        await ExportJob.filter(id=job.id).update(status="held")  # keep the worker off it
        return job.id

    job_id = gql.run(queued_job)
    assert gql.run(disable_rep_then_run, job_id) == ("failed", "USER_DISABLED", None)
