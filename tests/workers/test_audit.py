"""The checkpoint job runs every five minutes and signs the chain head into the checkpoint file."""

import json
from datetime import datetime

import pytest

from domain.audit import services
from tests.domain.audit.factories import append_entries, use_checkpoint_file
from workers.audit import checkpoint_audit_chain


@pytest.fixture
def checkpoint_file(database_url, tmp_path, monkeypatch):
    return use_checkpoint_file(monkeypatch, tmp_path / "audit.log")


def test_the_job_is_scheduled_every_five_minutes():
    schedule = checkpoint_audit_chain.options["periodic"]
    assert [m for m in range(60) if schedule.validate(datetime(2026, 3, 1, 9, m))] == list(range(0, 60, 5))


def test_the_job_signs_the_head(checkpoint_file, client, gql):
    gql.run(append_entries, 3)
    checkpoint_audit_chain.send()
    gql.run(client.app.state.worker.join)
    assert json.loads(checkpoint_file.read_text())["seq"] == 3
    assert gql.run(services.verify_chain).anchored
