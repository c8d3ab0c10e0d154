"""The send_email action: a retry after a refused recipient mails only those not yet mailed; marketing
mail skips people without consent; the run log never holds the addresses."""

import pytest

from domain.actor import SYSTEM
from domain.automation.models import AutomationRun
from domain.automation.rules import RuleData, create_rule
from domain.automation.runs import RunWillRetry
from domain.identity.models import User
from domain.sales.funnel import mark_opportunity_won
from tests.domain.automation.helpers import deliver, execute
from tests.domain.funnel.factories import actor, opportunity, scope
from tests.mail_server import MailServer, use_smtp


class FlakyServer(MailServer):
    """Refuses one recipient the first time it is offered."""

    def __init__(self, flaky: str) -> None:
        super().__init__()
        self.flaky, self.refused = flaky, 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # aiosmtpd hook
        if address == self.flaky and not self.refused:
            self.refused += 1
            return "450 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


async def _won(rule_actions) -> tuple[int, int]:
    rule = await create_rule(actor=SYSTEM, data=RuleData(name="赢单邮件 Won mail", trigger_kind="event",
                                                         event_type="opportunity.won", actions=rule_actions))
    rep = await actor("rep")
    opp = await opportunity(rep, title="大单 Big deal")
    await mark_opportunity_won(actor=rep, scope=await scope(rep), opportunity_id=opp.id)
    [run_id] = await deliver("opportunity.won", opp.id)
    return rule.id, run_id


async def test_a_retry_mails_only_the_recipients_not_yet_mailed(db, monkeypatch):
    with FlakyServer("flaky@example.cn") as server:
        use_smtp(monkeypatch, server.url)
        _, run_id = await _won([{"type": "send_email", "template": "custom", "to": ["owner", "flaky@example.cn"],
                                 "subjectZh": "赢单：{{ title }}", "bodyZh": "{{ ownerName }} 赢得了 {{ title }}"}])
        with pytest.raises(RunWillRetry):
            await execute([run_id])
        assert [m["To"] for m in server.wait_for(1)] == ["rep@example.com"]
        assert await execute([run_id]) == ["succeeded"]
        messages = server.wait_for(2)
    assert [m["To"] for m in messages] == ["rep@example.com", "flaky@example.cn"]
    assert messages[1]["Subject"] == "赢单：大单 Big deal"
    run = await AutomationRun.get(id=run_id)
    assert (run.attempts, [e["code"] for e in run.attempt_log]) == (2, ["MAIL_NOT_SENT"])
    assert "example" not in str(run.done_steps) + str(run.outcome)  # no addresses in the log


async def test_marketing_mail_is_only_sent_with_consent_and_people_get_their_language(db, mail_server):
    await User.filter(username="rep").update(locale="en")
    _, run_id = await _won([{"type": "send_email", "template": "generic", "to": ["owner", "manager"],
                             "subjectZh": "喜报：{{ title }}", "bodyZh": "金额 {{ amount }}",
                             "subjectEn": "Good news: {{ title }}", "bodyEn": "Amount {{ amount }}"}])
    assert await execute([run_id]) == ["succeeded"]
    by_address = {m["To"]: m for m in mail_server.wait_for(2)}
    assert by_address["rep@example.com"]["Subject"] == "Good news: 大单 Big deal"
    assert by_address["manager@example.com"]["Subject"] == "喜报：大单 Big deal"
    assert "1000.00" in by_address["manager@example.com"].get_body(("plain",)).get_content()
