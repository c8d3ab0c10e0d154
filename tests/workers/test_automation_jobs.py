"""Automation through the real broker and worker: events open runs, failing actions are retried with
backoff and end in the run log, a recovered receiver completes the run without repeating earlier steps."""

import hashlib
import hmac

from settings import reset_settings
from tests.helpers import wait_until
from tests.http_receiver import Receiver

MIN_BACKOFF_MS = 200
RUNS = "query($f: AutomationRunFilterInput) { automationRuns(filter: $f) { edges { node { status errorMessage } } } }"


def _fast_retries(monkeypatch, attempts: int) -> None:
    monkeypatch.setenv("AUTOMATION_MAX_ATTEMPTS", str(attempts))
    monkeypatch.setenv("AUTOMATION_RETRY_MIN_BACKOFF_MS", str(MIN_BACKOFF_MS))
    monkeypatch.setenv("AUTOMATION_RETRY_MAX_BACKOFF_MS", "2000")
    reset_settings()


async def _won_rule(url: str) -> int:
    from domain.actor import SYSTEM
    from domain.automation.rules import RuleData, create_rule

    rule = await create_rule(actor=SYSTEM, data=RuleData(
        name="赢单通知 ERP / Tell the ERP about won deals", trigger_kind="event", event_type="opportunity.won",
        actions=[{"type": "create_task", "title": "安排交付 Arrange delivery: {{ title }}"},
                 {"type": "call_webhook", "url": url, "secret": "erp-shared-secret"}]))
    return rule.id


async def _win_deal() -> int:
    from domain.sales.funnel import mark_opportunity_won
    from tests.domain.funnel.factories import actor, opportunity, scope

    rep = await actor("rep")
    opp = await opportunity(rep, title="赢单项目 Won deal")
    await mark_opportunity_won(actor=rep, scope=await scope(rep), opportunity_id=opp.id)
    return opp.id


async def _run_state(rule_id: int):
    from domain.automation.models import AutomationRun
    from domain.sales.pipeline_models import Task

    runs = await AutomationRun.filter(rule_id=rule_id)
    tasks = await Task.filter(title__startswith="安排交付").count()
    return [(r.status, r.attempts, r.attempt_log, r.done_steps) for r in runs], tasks


def _settled(gql, rule_id: int, status: str):
    def check():
        runs, _ = gql.run(_run_state, rule_id)
        return runs and runs[0][0] == status
    return check


def test_a_failing_webhook_is_retried_with_backoff_and_ends_failed_in_the_run_log(client, gql, monkeypatch):
    _fast_retries(monkeypatch, attempts=3)
    with Receiver([500]) as receiver:
        rule_id = gql.run(_won_rule, receiver.url)
        gql.run(_win_deal)
        wait_until(_settled(gql, rule_id, "failed"), timeout=30)
        [(status, attempts, log, done)], tasks = gql.run(_run_state, rule_id)
    assert (status, attempts, done, tasks) == ("failed", 3, ["0"], 1)  # the task step was not repeated
    assert [entry["code"] for entry in log] == ["WEBHOOK_FAILED"] * 3
    assert len(receiver.requests) == 3
    gaps = [b["at"] - a["at"] for a, b in zip(receiver.requests, receiver.requests[1:])]
    assert all(gap >= MIN_BACKOFF_MS / 1000 for gap in gaps)  # never sooner than the backoff allows
    keys = {r["headers"]["Idempotency-Key"] for r in receiver.requests}
    assert len(keys) == 1  # the receiver can tell it is the same delivery
    for locale, text in (("en", "Webhook call failed (500)"), ("zh-CN", "回调地址调用失败（500）")):
        body = gql.post(RUNS, {"f": {"ruleId": str(rule_id)}}, as_user="admin", headers={"Accept-Language": locale})
        [run] = body["data"]["automationRuns"]["edges"]
        assert (run["node"]["status"], run["node"]["errorMessage"]) == ("failed", text)


def test_a_receiver_that_recovers_completes_the_run(client, gql, monkeypatch):
    _fast_retries(monkeypatch, attempts=4)
    with Receiver([503, 200]) as receiver:
        rule_id = gql.run(_won_rule, receiver.url)
        opp_id = gql.run(_win_deal)
        wait_until(_settled(gql, rule_id, "succeeded"), timeout=30)
        [(status, attempts, log, done)], tasks = gql.run(_run_state, rule_id)
    assert (status, attempts, done, tasks) == ("succeeded", 2, ["0", "1"], 1)
    assert [entry["code"] for entry in log] == ["WEBHOOK_FAILED"]
    body = receiver.requests[-1]["body"]
    signature = hmac.new(b"erp-shared-secret", body, hashlib.sha256).hexdigest()
    assert receiver.requests[-1]["headers"]["X-Salesdesk-Signature"] == f"sha256={signature}"
    sent = receiver.json(-1)
    assert sent["subject"]["id"] == opp_id and sent["subject"]["title"] == "赢单项目 Won deal"
    assert sent["event"]["status"] == "won"
