"""Admins try a rule on a record before saving it, and send a failed run round again once it is fixed."""

from tests.helpers import wait_until

PREVIEW = """query($input: AutomationRuleInput!, $s: ID) { automationRulePreview(input: $input, subjectId: $s) {
  preview { matches subjectType subjectId actions } errors { field code message } } }"""
RETRY = "mutation($id: ID!) { retryAutomationRun(id: $id) { run { id status attempts } errors { code } } }"
RULE = {"name": "大单跟进 Big deal follow-up", "triggerKind": "event", "eventType": "opportunity.won",
        "conditions": {"all": [{"field": "amount", "op": "gte", "value": "5000"}]},
        "actions": [{"type": "create_task", "title": "回访 {{ customerName }}：{{ title }}"},
                    {"type": "notify", "to": ["owner", "manager"], "textZh": "{{ title }} 已赢单"}]}


def _deal(gql, amount: str) -> dict:
    async def make():
        from decimal import Decimal

        from domain.sales.pipeline_models import Opportunity
        from tests.domain.funnel.factories import actor, opportunity

        opp = await opportunity(await actor("rep"), amount=amount, title="预览项目 Preview deal")
        await Opportunity.filter(id=opp.id).update(amount=Decimal(amount))
        customer = await opp.customer
        return {"id": str(opp.id), "customer": customer.name}

    return gql.run(make)


def test_preview_renders_what_the_rule_would_do_without_doing_it(gql):
    deal = _deal(gql, "8000.00")
    answer = gql.data(PREVIEW, {"input": RULE, "s": deal["id"]}, as_user="admin")["automationRulePreview"]
    assert answer["errors"] == []
    preview = answer["preview"]
    assert (preview["matches"], preview["subjectType"], preview["subjectId"]) == (True, "Opportunity", deal["id"])
    task, note = preview["actions"]
    assert task["title"] == f"回访 {deal['customer']}：预览项目 Preview deal"
    assert task["assignees"] == ["销售代表 Rep"]
    assert note["recipients"] == ["销售代表 Rep", "销售经理 Manager"] and note["text"] == "预览项目 Preview deal 已赢单"

    async def untouched():
        from domain.automation.models import AutomationRule
        from domain.sales.pipeline_models import Notification, Task

        return (await Task.filter(title__startswith="回访 ").count(), await Notification.filter(kind="automation").count(),
                await AutomationRule.filter(name=RULE["name"]).count())
    assert gql.run(untouched) == (0, 0, 0)

    small = _deal(gql, "100.00")
    assert gql.data(PREVIEW, {"input": RULE, "s": small["id"]}, as_user="admin")[
        "automationRulePreview"]["preview"]["matches"] is False


def test_preview_reports_bad_rules_and_missing_records(gql):
    broken = {**RULE, "actions": [{"type": "create_task", "title": "{{ nope }}"}]}
    errors = gql.data(PREVIEW, {"input": broken, "s": "1"}, as_user="admin")["automationRulePreview"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("UNKNOWN_FIELD", "actions.0.title")]
    missing = gql.data(PREVIEW, {"input": RULE, "s": "999999"}, as_user="admin")["automationRulePreview"]["errors"]
    assert [(e["code"], e["field"]) for e in missing] == [("NOT_FOUND", "subjectId")]
    denied = gql.post(PREVIEW, {"input": RULE, "s": "1"}, as_user="director")
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_failed_run_sent_round_again_runs_to_success(gql):
    async def failed_run() -> int:
        from domain.automation.models import AutomationRule, AutomationRun
        from domain.events.envelope import utcnow

        rule = await AutomationRule.get(key="decision-follow-up")
        opp_id = int(_deal_id)
        run = await AutomationRun.create(rule_id=rule.id, trigger_key="event:manual", subject_type="Opportunity",
                                         subject_id=opp_id, event_payload={"stageId": rule.conditions["all"][0]["value"]},
                                         status="failed", attempts=5, error_code="NO_ASSIGNEE", created_at=utcnow())
        return run.id

    _deal_id = _deal(gql, "9000.00")["id"]
    run_id = gql.run(failed_run)
    answer = gql.data(RETRY, {"id": str(run_id)}, as_user="admin")["retryAutomationRun"]
    assert answer["errors"] == [] and answer["run"]["attempts"] == 0

    async def status():
        from domain.automation.models import AutomationRun
        from domain.sales.pipeline_models import Task

        run = await AutomationRun.get(id=run_id)
        return run.status, await Task.filter(opportunity_id=int(_deal_id)).count()
    wait_until(lambda: gql.run(status)[0] == "succeeded", timeout=20)
    assert gql.run(status) == ("succeeded", 1)
    again = gql.data(RETRY, {"id": str(run_id)}, as_user="admin")["retryAutomationRun"]
    assert [e["code"] for e in again["errors"]] == ["INVALID_TRANSITION"]
