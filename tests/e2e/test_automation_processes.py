"""Production layout: the web process records the events, a separate `salesdesk worker` process runs the
rules (over Redis) and sends the mail (over SMTP)."""

from __future__ import annotations

import sys

import httpx
import pytest

from tests.backend import REDIS_URL, RUN_ID
from tests.e2e.servers import app_server, login, process_env, running
from tests.helpers import wait_until

pytestmark = pytest.mark.redis

LEAD = """mutation { createLead(input: {name: "进程外分配 Worker-assigned lead", source: "web", autoAssign: true}) {
  lead { id } errors { code } } }"""
OWNER = "query($id: ID!) { lead(id: $id) { owner { username email } } }"


def _post(base: str, token: str, query: str, variables: dict | None = None) -> dict:
    body = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables or {}},
                      headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    assert not body.get("errors"), body
    return body["data"]


def test_a_worker_process_assigns_the_lead_and_mails_the_rule(database_url, tmp_path, mail_server):
    env = process_env(DATABASE_URL=database_url, REDIS_URL=REDIS_URL, SALESDESK_ENV="test",
                      BUS_NAMESPACE=f"salesdesk-e2e-auto-{RUN_ID}", IN_PROCESS_WORKER="0", SMTP_URL=mail_server.url)
    worker = [sys.executable, "-m", "cli", "worker", "--processes", "1", "--threads", "2"]
    with app_server(env, tmp_path / "app.log") as base, running(worker, env, tmp_path / "worker.log"):
        admin = login(base, "admin")
        rule = """mutation { createAutomationRule(input: {name: "通知负责人 Tell the new owner", triggerKind: "event",
          eventType: "lead.assigned", actions: [{type: "send_email", template: "custom", to: ["owner"],
          subjectZh: "新线索：{{ name }}", bodyZh: "{{ ownerName }}，请跟进 {{ name }}"}]}) { errors { code } } }"""
        assert _post(base, admin, rule)["createAutomationRule"]["errors"] == []
        lead = _post(base, login(base, "marketing"), LEAD)["createLead"]["lead"]["id"]

        def owner():
            return _post(base, admin, OWNER, {"id": lead})["lead"]["owner"]
        wait_until(owner, timeout=30)
        assigned = owner()
        assert assigned["username"] in ("rep", "rep2")
        [message] = mail_server.wait_for(1, timeout=30)
    assert message["To"] == assigned["email"]
    assert message["Subject"] == "新线索：进程外分配 Worker-assigned lead"
