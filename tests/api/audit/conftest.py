"""The app with the audit trail wired in (schema types, extension, policy) and a checkpoint file."""

from __future__ import annotations

import pytest
import strawberry
from strawberry.tools import merge_types

from domain.audit.models import AuditRecord
from policies.authorizer import read_policy_file
from schema.audit.fields import AuditQuery
from schema.audit_trail import AuditTrail
from tests.domain.audit.factories import use_checkpoint_file

AUDIT_POLICY = [
    ("p", "auditor", "Query.auditEvents", "read"),
    ("p", "auditor", "Query.verifyAuditChain", "read"),
    ("p", "auditor", "AuditEventConnection.*", "read"),
    ("p", "auditor", "AuditEventEdge.*", "read"),
    ("p", "auditor", "AuditEvent.*", "read"),
    ("p", "auditor", "AuditFieldChange.*", "read"),
    ("p", "auditor", "AuditChainReport.*", "read"),
    ("p", "auditor", "AuditBrokenLink.*", "read"),
]


def with_audit(build):
    """``build_schema`` plus the audit query and extension, unless schema/__init__.py has them."""

    def build_with_audit(settings=None):
        schema = build(settings)
        if AuditTrail in schema.extensions:
            return schema
        query = schema.query if "auditEvents" in schema.as_str() else merge_types("Query", (schema.query, AuditQuery))
        return strawberry.Schema(query=query, mutation=schema.mutation, subscription=schema.subscription,
                                 extensions=[*schema.extensions, AuditTrail])

    return build_with_audit


def grant_audit_policy(authorizer) -> None:
    lines = read_policy_file()
    missing = [line for line in AUDIT_POLICY if line not in lines]
    if missing:
        authorizer.load([*lines, *missing])


@pytest.fixture
def checkpoint_file(database_url, tmp_path, monkeypatch):
    return use_checkpoint_file(monkeypatch, tmp_path / "checkpoints" / "audit.log")


@pytest.fixture
def client(checkpoint_file, monkeypatch):
    from starlette.testclient import TestClient

    import app as app_module

    monkeypatch.setattr(app_module, "build_schema", with_audit(app_module.build_schema))
    with TestClient(app_module.create_app(), headers={"User-Agent": "salesdesk-tests/1.0"}) as test_client:
        grant_audit_policy(test_client.app.state.authorizer)
        yield test_client


def audit_records(gql, **filters) -> list[AuditRecord]:
    """Stored records matching ``filters``, oldest first (read on the app's loop)."""

    async def fetch():
        return await AuditRecord.filter(**filters).order_by("id")

    return gql.run(fetch)
