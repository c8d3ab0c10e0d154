"""Webhooks may not reach cloud metadata, this machine (unless allowed) or multicast addresses."""

import pytest

from domain.actor import SYSTEM
from domain.automation.models import AutomationRun
from domain.automation.rules import RuleData, create_rule
from domain.errors import DomainError, ValidationFailed
from settings import reset_settings
from tests.domain.automation.helpers import deliver, execute
from tests.domain.funnel.factories import actor, opportunity
from tests.http_receiver import Receiver


def _rule(url: str) -> RuleData:
    return RuleData(name="回调 Hook", trigger_kind="event", event_type="opportunity.created",
                    actions=[{"type": "call_webhook", "url": url}])


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/hook",
                                 "http://0.0.0.0:8000/", "http://224.0.0.1/"])
async def test_metadata_link_local_and_multicast_addresses_are_refused_when_saved(db, url):
    with pytest.raises((DomainError, ValidationFailed)) as refused:
        await create_rule(actor=SYSTEM, data=_rule(url))
    errors = getattr(refused.value, "errors", [refused.value])
    assert [(e.code, e.field) for e in errors] == [("WEBHOOK_ADDRESS_REFUSED", "actions.0.url")]


async def test_lan_addresses_are_allowed_for_an_on_premise_erp(db):
    rule = await create_rule(actor=SYSTEM, data=_rule("http://10.20.30.40:8080/erp/hook"))
    assert rule.actions[0]["url"] == "http://10.20.30.40:8080/erp/hook"


async def test_loopback_is_refused_at_call_time_unless_allowed(db, monkeypatch):
    monkeypatch.setenv("WEBHOOK_ALLOW_LOOPBACK", "0")
    reset_settings()
    with Receiver([200]) as receiver:
        named = receiver.url.replace("127.0.0.1", "localhost")
        with pytest.raises((DomainError, ValidationFailed)):
            await create_rule(actor=SYSTEM, data=_rule(receiver.url))
        monkeypatch.setenv("WEBHOOK_ALLOW_LOOPBACK", "1")
        reset_settings()
        await create_rule(actor=SYSTEM, data=_rule(named))
        monkeypatch.setenv("WEBHOOK_ALLOW_LOOPBACK", "0")  # switched off after the rule was saved
        reset_settings()
        opp = await opportunity(await actor("rep"))
        assert await execute(await deliver("opportunity.created", opp.id)) == ["failed"]
    run = await AutomationRun.get(subject_id=opp.id, subject_type="Opportunity")
    assert run.error_code == "WEBHOOK_ADDRESS_REFUSED" and run.attempts == 1  # not retried: it will not change
    assert receiver.requests == []
