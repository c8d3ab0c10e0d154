"""The weekly pipeline summary: managers get their teams' figures, directors the company's, exact sums."""

from datetime import timedelta
from decimal import Decimal

from domain.automation.reports import pipeline_summary
from domain.automation.triggers import fire_due_rules
from domain.identity.models import User
from domain.sales.pipeline_models import Opportunity
from tests.domain.automation.helpers import default_rule, execute, runs_of
from tests.domain.funnel.factories import T0, actor, opportunity


async def _deals():
    await Opportunity.all().delete()
    rep, rep2 = await actor("rep"), await actor("rep2")
    east = [await opportunity(rep, amount="1000.10"), await opportunity(rep, amount="2000.20")]
    south = [await opportunity(rep2, amount="300.03")]
    return east, south


async def test_figures_follow_what_the_recipient_looks_after(db):
    await _deals()
    manager, director = await User.get(username="manager"), await User.get(username="director")
    ours = await pipeline_summary(user_id=manager.id, now=T0)
    everything = await pipeline_summary(user_id=director.id, now=T0)
    assert ours["scope"] == "team" and everything["scope"] == "all"
    # the manager manages East and the South squad below it: every demo deal is theirs too
    assert ours["openCount"] == everything["openCount"] == 3
    assert everything["openAmount"] == Decimal("3300.33")
    [lead_stage] = everything["stages"]
    assert (lead_stage["nameEn"], lead_stage["count"]) == ("Lead", 3)
    assert lead_stage["weighted"] == Decimal("330.03")  # 10 % of each deal, each to the cent


async def test_the_monday_report_reaches_managers_and_directors(db, mail_server):
    await _deals()
    rule = await default_rule("weekly-pipeline-summary")
    await User.filter(username="director").update(locale="en")
    opened = await fire_due_rules(now=T0)  # Monday 09:00 in Shanghai: the 08:30 slot
    mine = [r.id for r in await runs_of(rule.id)]
    assert len(mine) == 1 and mine[0] in opened
    assert await execute(mine, now=T0) == ["succeeded"]
    messages = {m["To"]: m for m in mail_server.wait_for(2)}
    assert set(messages) == {"manager@example.com", "director@example.com"}
    zh = messages["manager@example.com"].get_body(("plain",)).get_content()
    en = messages["director@example.com"].get_body(("plain",)).get_content()
    assert "销售漏斗周报" in messages["manager@example.com"]["Subject"] and "3 个" in zh and "3,300.33" in zh
    assert messages["director@example.com"]["Subject"].startswith("Weekly pipeline summary")
    assert "Open deals: 3" in en and "- Lead: 3" in en
    await fire_due_rules(now=T0 + timedelta(days=2))
    assert len(await runs_of(rule.id)) == 1  # not again until next Monday


async def test_reports_go_to_people_only(db):
    import pytest

    from domain.actor import SYSTEM
    from domain.automation.rules import RuleData, create_rule
    from domain.errors import DomainError, ValidationFailed

    with pytest.raises((DomainError, ValidationFailed)) as refused:
        await create_rule(actor=SYSTEM, data=RuleData(
            name="外发 Out", trigger_kind="schedule", schedule="0 8 * * 1",
            actions=[{"type": "send_email", "template": "pipeline_summary", "to": ["someone@example.org"]}]))
    errors = getattr(refused.value, "errors", [refused.value])
    assert [(e.code, e.field) for e in errors] == [("REPORT_FOR_PEOPLE_ONLY", "actions.0.to")]
