"""Saving rules: every kind of bad rule is refused with a clear error and nothing is stored."""

import pytest

from domain.actor import SYSTEM
from domain.automation.models import AutomationRule
from domain.automation.rules import RuleData, create_rule, delete_rule, update_rule
from domain.errors import DomainError, ValidationFailed
from tests.domain.automation.helpers import default_rule

TASK = [{"type": "create_task", "title": "跟进 {{ title }}"}]


def _rule(**changes) -> RuleData:
    values = dict(name="规则 Rule", trigger_kind="event", event_type="opportunity.won", actions=TASK)
    values.update(changes)
    return RuleData(**values)


def _codes(failure) -> list[tuple[str, str]]:
    error = failure.value
    errors = error.errors if isinstance(error, ValidationFailed) else [error]
    return [(e.code, e.field) for e in errors]


@pytest.mark.parametrize("changes, expected", [
    ({"event_type": "opportunity.teleported"}, ("UNKNOWN_EVENT", "eventType")),
    ({"conditions": {"all": [{"field": "colour", "op": "eq", "value": "red"}]}},
     ("UNKNOWN_FIELD", "conditions.all.0.field")),
    ({"conditions": {"all": [{"field": "amount", "op": "like", "value": "1"}]}},
     ("UNKNOWN_OPERATOR", "conditions.all.0.op")),
    ({"conditions": {"any": [{"field": "amount", "op": "gte", "value": "lots"}]}},
     ("INVALID_CONDITION_VALUE", "conditions.any.0.value")),
    ({"conditions": {"all": [{"field": "title", "op": "gt", "value": "a"}]}},
     ("UNKNOWN_OPERATOR", "conditions.all.0.op")),
    ({"conditions": {"nor": []}}, ("INVALID_CONDITION", "conditions")),
    ({"actions": [{"type": "create_task", "title": "跟进 {{ title"}]}, ("INVALID_TEMPLATE", "actions.0.title")),
    ({"actions": [{"type": "create_task", "title": "跟进 {{ secret_key }}"}]}, ("UNKNOWN_FIELD", "actions.0.title")),
    ({"actions": [{"type": "launch_rocket"}]}, ("UNKNOWN_ACTION", "actions.0.type")),
    ({"actions": []}, ("REQUIRED", "actions")),
    ({"actions": [{"type": "call_webhook", "url": "file:///etc/passwd"}]}, ("INVALID_URL", "actions.0.url")),
    ({"actions": [{"type": "update_field", "field": "amount", "value": "0"}]}, ("UNKNOWN_FIELD", "actions.0.field")),
    ({"actions": [{"type": "send_email", "to": ["not-an-address@"], "subjectZh": "你好", "bodyZh": "x"}]},
     ("INVALID_EMAIL", "actions.0.to")),
    ({"actions": [{"type": "create_task", "title": "x", "dueInHours": -5}]}, ("OUT_OF_RANGE", "actions.0.dueInHours")),
    ({"trigger_kind": "schedule", "event_type": None, "schedule": "every morning"}, ("INVALID_SCHEDULE", "schedule")),
    ({"trigger_kind": "schedule", "event_type": None, "schedule": "* * * * *"},
     ("SCHEDULE_TOO_FREQUENT", "schedule")),
    ({"trigger_kind": "date", "event_type": None, "date_field": "Contact.shoeSize"}, ("UNKNOWN_FIELD", "dateField")),
    ({"trigger_kind": "date", "event_type": None, "date_field": "Contact.birthday", "schedule": "25:00"},
     ("INVALID_TIME_OF_DAY", "schedule")),
    ({"event_type": "task.created"}, ("CYCLIC_RULE", "actions")),
    ({"event_type": "lead.assigned", "actions": [{"type": "assign_owner"}]}, ("CYCLIC_RULE", "actions")),
])
async def test_bad_rules_are_refused_and_not_stored(db, changes, expected):
    before = await AutomationRule.all().count()
    with pytest.raises(DomainError) as refused:
        await create_rule(actor=SYSTEM, data=_rule(**changes))
    assert expected in _codes(refused)
    assert refused.value.message("zh-CN") != refused.value.message("en")
    assert await AutomationRule.all().count() == before


async def test_all_basic_problems_are_reported_together(db):
    with pytest.raises(ValidationFailed) as refused:
        await create_rule(actor=SYSTEM, data=_rule(name="", trigger_kind="sometimes"))
    assert _codes(refused) == [("REQUIRED", "name"), ("INVALID_CHOICE", "triggerKind")]


async def test_a_good_rule_is_stored_normalised(db):
    rule = await create_rule(actor=SYSTEM, data=_rule(
        conditions={"all": [{"field": "amount", "op": "gte", "value": "100000"},
                            {"any": [{"field": "currency", "op": "in", "value": ["CNY", "USD"]}]}]}))
    assert rule.subject_type == "Opportunity" and rule.enabled
    assert rule.actions == [{"type": "create_task", "title": "跟进 {{ title }}", "kind": "todo", "priority": "normal",
                             "dueInHours": 24, "remindBeforeMinutes": None, "assignTo": ["owner"]}]


async def test_update_checks_the_whole_rule_again(db):
    rule = await create_rule(actor=SYSTEM, data=_rule())
    with pytest.raises(DomainError) as refused:
        await update_rule(actor=SYSTEM, rule_id=rule.id, data=RuleData(event_type="task.created"))
    assert refused.value.code == "CYCLIC_RULE"
    assert (await AutomationRule.get(id=rule.id)).event_type == "opportunity.won"
    updated = await update_rule(actor=SYSTEM, rule_id=rule.id, data=RuleData(enabled=False, name="停用 Off"))
    assert (updated.enabled, updated.name, updated.event_type) == (False, "停用 Off", "opportunity.won")


async def test_default_rules_exist_once_and_are_only_switched_off(db):
    from domain.automation.defaults import install_default_rules

    keys = set(await AutomationRule.filter(key__isnull=False).values_list("key", flat=True))
    assert keys == {"decision-follow-up", "birthday-greeting", "lead-round-robin", "stale-opportunity",
                    "weekly-pipeline-summary"}
    assert await install_default_rules() == []
    rule = await default_rule("birthday-greeting")
    with pytest.raises(DomainError) as refused:
        await delete_rule(actor=SYSTEM, rule_id=rule.id)
    assert refused.value.code == "DEFAULT_RULE_KEPT"
    own = await create_rule(actor=SYSTEM, data=_rule())
    assert await delete_rule(actor=SYSTEM, rule_id=own.id) == own.id
    assert not await AutomationRule.filter(id=own.id).exists()
