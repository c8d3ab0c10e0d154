"""An app client with a checkpoint file and a recognisable user agent, and a reader of stored records."""

from __future__ import annotations

import pytest

from domain.audit.models import AuditRecord
from tests.domain.audit.factories import use_checkpoint_file


@pytest.fixture
def checkpoint_file(database_url, tmp_path, monkeypatch):
    return use_checkpoint_file(monkeypatch, tmp_path / "checkpoints" / "audit.log")


@pytest.fixture
def client(checkpoint_file):
    from starlette.testclient import TestClient

    from app import create_app

    with TestClient(create_app(), headers={"User-Agent": "salesdesk-tests/1.0"}) as test_client:
        yield test_client


def audit_records(gql, **filters) -> list[AuditRecord]:
    """Stored records matching ``filters``, oldest first (read on the app's loop)."""

    async def fetch():
        return await AuditRecord.filter(**filters).order_by("id")

    return gql.run(fetch)
