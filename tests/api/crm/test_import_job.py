"""Large imports run as a worker job; the importProgress subscription reports every batch, then done."""

import pytest

from tests.api.crm.files import csv_bytes, imported
from tests.helpers import wait_until
from tests.subscriptions import TransportWs

PROGRESS = "subscription($id: ID!){ importProgress(jobId:$id){ id status total processed created rejected } }"
JOB = """query($id: ID!){ importJob(id:$id){ status total processed created rejected error { code }
  rowErrors(first: 10) { totalCount edges { node { row column code message } } } } }"""
ROWS = 100


@pytest.fixture
def small_batches(monkeypatch):
    """Files over 20 rows become jobs, written 25 rows at a time."""
    from settings import reset_settings

    monkeypatch.setenv("INLINE_IMPORT_ROWS", "20")
    monkeypatch.setenv("IMPORT_BATCH_ROWS", "25")
    reset_settings()


def _file() -> bytes:
    rows = [["客户名称", "手机号"]] + [[f"批量导入客户{n:03d}", f"1370000{n:04d}"] for n in range(ROWS)]
    rows[42][1] = "12345"  # the file's row 43 is bad
    return csv_bytes(rows)


def _progress(client, gql, job_id: str, username: str = "rep") -> list[dict]:
    """Subscribe while the worker is paused, then let it run; every payload until the server completes."""
    worker = client.app.state.worker._worker
    bus = client.app.state.bus
    baseline = bus.active_subscriptions
    with client.websocket_connect("/graphql", subprotocols=[TransportWs.protocol]) as ws:
        session = TransportWs(ws)
        assert session.init(gql.token(username))["type"] == "connection_ack"
        ws.send_json({"type": "subscribe", "id": "1", "payload": {"query": PROGRESS, "variables": {"id": job_id}}})
        wait_until(lambda: bus.active_subscriptions > baseline)
        worker.resume()
        payloads = []
        while True:
            message = ws.receive_json()
            if message["type"] == "complete":
                return payloads
            assert message["type"] == "next", message
            payloads.append(message["payload"]["data"]["importProgress"])


def test_large_import_runs_as_a_job_and_reports_progress(client, gql, small_batches):
    worker = client.app.state.worker._worker
    worker.pause()
    try:
        job = imported(gql, _file(), "batch.csv", dry_run=False)["job"]
    except BaseException:
        worker.resume()
        raise
    assert job["status"] == "QUEUED" and job["total"] == ROWS
    updates = _progress(client, gql, job["id"])
    processed = [u["processed"] for u in updates]
    assert processed == sorted(processed) and len(set(processed)) >= 3, updates
    assert updates[-1] == {"id": job["id"], "status": "DONE", "total": ROWS, "processed": ROWS,
                           "created": ROWS - 1, "rejected": 1}
    final = gql.data(JOB, {"id": job["id"]}, as_user="rep")["importJob"]
    assert (final["status"], final["created"], final["error"]) == ("DONE", ROWS - 1, None)
    assert final["rowErrors"]["totalCount"] == 1
    assert final["rowErrors"]["edges"][0]["node"] == {
        "row": 43, "column": "手机号", "code": "INVALID_PHONE", "message": "Invalid phone number"}

    async def written():
        from domain.crm.models import Customer, ImportUpload
        from domain.events.models import OutboxEvent
        return (await Customer.filter(name__startswith="批量导入客户").count(),
                await OutboxEvent.filter(type="customer.imported").count(), await ImportUpload.all().count())
    assert gql.run(written) == (ROWS - 1, 4, 0), "one event per batch; the stored upload is gone"


def test_large_dry_run_job_writes_nothing(client, gql, small_batches):
    job = imported(gql, _file(), "batch.csv", dry_run=True)["job"]
    gql.run(client.app.state.worker.join)
    final = gql.data(JOB, {"id": job["id"]}, as_user="rep")["importJob"]
    assert (final["status"], final["processed"], final["created"], final["rejected"]) == ("DONE", ROWS, 0, 1)
    assert gql.data('{ customers(filter:{search:"批量导入客户"}) { totalCount } }', as_user="admin")[
        "customers"]["totalCount"] == 0


def test_only_the_importer_and_their_managers_see_the_job(client, gql, small_batches):
    job = imported(gql, _file(), "batch.csv", dry_run=True)["job"]
    gql.run(client.app.state.worker.join)
    assert gql.data(JOB, {"id": job["id"]}, as_user="rep2")["importJob"] is None
    assert gql.data(JOB, {"id": job["id"]}, as_user="manager")["importJob"]["status"] == "DONE"
    with client.websocket_connect("/graphql", subprotocols=[TransportWs.protocol]) as ws:
        session = TransportWs(ws)
        assert session.init(gql.token("rep2"))["type"] == "connection_ack"
        ws.send_json({"type": "subscribe", "id": "1", "payload": {"query": PROGRESS, "variables": {"id": job["id"]}}})
        message = ws.receive_json()
        assert message["type"] in ("next", "error"), message
        errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
        assert errors[0]["extensions"]["code"] == "NOT_FOUND"


def test_a_job_delivered_twice_runs_once(client, gql, small_batches):
    job = imported(gql, _file(), "batch.csv", dry_run=False)["job"]
    gql.run(client.app.state.worker.join)
    from workers.crm import run_customer_import

    run_customer_import.send(int(job["id"]))
    gql.run(client.app.state.worker.join)
    assert gql.data('{ customers(filter:{search:"批量导入客户"}) { totalCount } }', as_user="admin")[
        "customers"]["totalCount"] == ROWS - 1
