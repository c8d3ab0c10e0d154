"""Time-based rules with a chosen clock (no sleeping): birthday e-mails on the right day, stale deals."""

from datetime import date, timedelta

from domain.automation.triggers import fire_due_rules
from domain.crm.contacts import ContactData, add_contact
from domain.crm.models import Contact
from domain.identity.models import User
from domain.sales.pipeline_models import Notification, Opportunity
from tests.domain.automation.helpers import default_rule, execute, runs_of, switch_off_defaults
from tests.domain.funnel.factories import T0, actor, customer_of, opportunity, scope

# T0 is 2030-03-04 09:00 in Shanghai
BIRTHDAY = date(1988, 3, 5)


async def _contact(name: str, *, email: str | None, consent: bool):
    rep = await actor("rep")
    customer = await customer_of(rep)
    return await add_contact(actor=rep, scope=await scope(rep, "Customer"), customer_id=customer.id,
                             data=ContactData(name=name, email=email, birthday=BIRTHDAY, marketing_consent=consent,
                                              consent_source="展会 trade fair"))


async def test_birthday_greeting_reaches_the_contact_on_the_day_and_only_then(db, mail_server):
    await switch_off_defaults("weekly-pipeline-summary")  # it fires on Monday mornings too
    await Contact.all().update(birthday=None)
    wanted = await _contact("李娜", email="li.na@example.cn", consent=True)
    await _contact("王伟", email="wang.wei@example.cn", consent=False)  # never agreed to marketing mail
    await _contact("张敏", email=None, consent=True)  # nowhere to send it
    rule = await default_rule("birthday-greeting")

    assert await fire_due_rules(now=T0 + timedelta(minutes=5)) == []  # the day before
    assert await fire_due_rules(now=T0 + timedelta(hours=23, minutes=59)) == []  # the day, 08:59
    opened = await fire_due_rules(now=T0 + timedelta(days=1, minutes=5))  # the day, 09:05
    assert [(r.subject_type, r.subject_id) for r in await runs_of(rule.id)] == [("Contact", wanted.id)]
    assert await execute(opened) == ["succeeded"]
    assert await fire_due_rules(now=T0 + timedelta(days=1, hours=3)) == []  # later that day: nothing again

    [message] = mail_server.wait_for(1)
    assert message["To"] == "li.na@example.cn"
    assert "生日快乐" in message["Subject"] and "李娜" in message["Subject"]
    assert "/unsubscribe/" in message["List-Unsubscribe"]
    text = message.get_body(("plain",)).get_content()
    assert "销售代表 Rep" in text and "/unsubscribe/" in text
    assert len(mail_server.messages) == 1


async def test_birthday_on_29_february_is_celebrated_on_28_february_in_common_years(db, mail_server):
    await switch_off_defaults("weekly-pipeline-summary")
    await Contact.all().update(birthday=None)
    leap = await _contact("赵磊", email="zhao.lei@example.cn", consent=True)
    await Contact.filter(id=leap.id).update(birthday=date(1992, 2, 29))
    # 2030 is a common year: 28 February 2030, 09:30 in Shanghai
    opened = await fire_due_rules(now=T0 - timedelta(days=4) + timedelta(minutes=30))
    assert len(opened) == 1
    assert await execute(opened) == ["succeeded"]
    assert mail_server.wait_for(1)[0]["To"] == "zhao.lei@example.cn"


async def test_idle_deal_reminds_owner_and_manager(db, mail_server):
    rep = await actor("rep")
    idle = await opportunity(rep, title="停滞项目 Idle deal")
    fresh = await opportunity(rep, title="活跃项目 Busy deal")
    await Opportunity.filter(id=idle.id).update(updated_at=T0 - timedelta(days=20))
    await Opportunity.filter(id=fresh.id).update(updated_at=T0 - timedelta(days=2))
    rule = await default_rule("stale-opportunity")

    await fire_due_rules(now=T0)
    mine = [r for r in await runs_of(rule.id) if r.subject_id in (idle.id, fresh.id)]
    assert [r.subject_id for r in mine] == [idle.id]
    assert await execute([mine[0].id], now=T0) == ["succeeded"]

    manager = await User.get(username="manager")
    notes = await Notification.filter(subject_type="Opportunity", subject_id=idle.id, kind="automation")
    assert sorted(n.user_id for n in notes) == sorted([rep.user_id, manager.id])
    assert "停滞项目 Idle deal" in notes[0].params["zh"] and "20" in notes[0].params["en"]
    messages = mail_server.wait_for(2)
    assert sorted(m["To"] for m in messages) == ["manager@example.com", "rep@example.com"]
    assert all("停滞项目 Idle deal" in m.get_body(("plain",)).get_content() for m in messages)


async def test_a_schedule_rule_fires_once_per_slot_in_the_display_time_zone(db):
    from domain.actor import SYSTEM
    from domain.automation.rules import RuleData, create_rule
    from domain.automation.models import AutomationRule

    await switch_off_defaults("weekly-pipeline-summary")
    director = await User.get(username="director")
    rule = await create_rule(actor=SYSTEM, data=RuleData(
        name="周一早会提醒 Monday stand-up", trigger_kind="schedule", schedule="30 8 * * 1",
        actions=[{"type": "notify", "to": [director.id], "textZh": "{{ today }} 周会", "textEn": "{{ today }} meeting"}]))
    await AutomationRule.filter(id=rule.id).update(created_at=T0 - timedelta(days=30))
    # T0 is Monday 2030-03-04 09:00 Shanghai (01:00 UTC): the 08:30 slot has come, once
    opened = await fire_due_rules(now=T0)
    assert len(opened) == 1 and await fire_due_rules(now=T0 + timedelta(minutes=20)) == []
    assert await execute(opened, now=T0) == ["succeeded"]
    [note] = await Notification.filter(user_id=director.id, kind="automation")
    assert note.params == {"zh": "2030-03-04 周会", "en": "2030-03-04 meeting"}
    assert await fire_due_rules(now=T0 + timedelta(days=6)) == []  # Sunday: not due
    assert len(await fire_due_rules(now=T0 + timedelta(days=7))) == 1  # next Monday
