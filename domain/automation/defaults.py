"""The rules every installation starts with. Added when missing (by key) on each ``migrate``; an admin
may change or switch them off, and they stay as the admin left them."""

from __future__ import annotations

from domain.actor import SYSTEM
from domain.automation.models import AutomationRule
from domain.automation.rules import RuleData, create_rule
from domain.sales.pipeline_models import Pipeline, Stage

DECISION_STAGE_EN = "Negotiation/Decision"


async def _decision_condition() -> dict:
    """Entering the default pipeline's decision stage (by id; by name when that stage is gone)."""
    pipeline = await Pipeline.filter(is_default=True).first()
    stage = await Stage.filter(pipeline_id=pipeline.id, name_en=DECISION_STAGE_EN).first() if pipeline else None
    if stage is None:
        return {"all": [{"field": "stageNameEn", "op": "eq", "value": DECISION_STAGE_EN}]}
    return {"all": [{"field": "stageId", "op": "eq", "value": stage.id}]}


async def default_rules() -> dict[str, RuleData]:
    return {
        "decision-follow-up": RuleData(
            name="进入谈判决策阶段时提醒跟进 / Follow up when a deal reaches the decision stage",
            trigger_kind="event", event_type="opportunity.stage_entered", conditions=await _decision_condition(),
            actions=[{"type": "create_task", "title": "跟进决策 / Follow up decision: {{ title }}", "kind": "call",
                      "priority": "high", "dueInHours": 24, "remindBeforeMinutes": 120, "assignTo": ["owner"]}]),
        "birthday-greeting": RuleData(
            name="联系人生日祝福邮件 / Birthday greeting to contacts",
            trigger_kind="date", date_field="Contact.birthday", schedule="09:00",
            conditions={"all": [{"field": "marketingConsent", "op": "eq", "value": True},
                                {"field": "hasEmail", "op": "eq", "value": True}]},
            actions=[{"type": "send_email", "template": "birthday_greeting", "to": ["contact"], "marketing": True}]),
        "lead-round-robin": RuleData(
            name="新线索轮流分配给销售 / Share new unassigned leads among sales reps in turn",
            trigger_kind="event", event_type="lead.created",
            conditions={"all": [{"field": "ownerId", "op": "is_not_set"}]},
            actions=[{"type": "assign_owner", "strategy": "round_robin", "role": "sales_rep"}]),
        "stale-opportunity": RuleData(
            name="商机 14 天无进展提醒 / Remind owner and manager of deals idle for 14 days",
            trigger_kind="schedule", schedule="0 9 * * *", subject_type="Opportunity",
            conditions={"all": [{"field": "status", "op": "eq", "value": "open"},
                                {"field": "daysSinceActivity", "op": "gte", "value": 14}]},
            actions=[{"type": "notify", "to": ["owner", "manager"],
                      "textZh": "商机“{{ title }}”已 {{ daysSinceActivity }} 天无进展",
                      "textEn": "Deal \"{{ title }}\" has had no activity for {{ daysSinceActivity }} days"},
                     {"type": "send_email", "template": "stale_opportunity", "to": ["owner", "manager"]}]),
        "weekly-pipeline-summary": RuleData(
            name="每周一销售漏斗周报 / Weekly pipeline summary on Monday morning",
            trigger_kind="schedule", schedule="30 8 * * 1",
            actions=[{"type": "send_email", "template": "pipeline_summary",
                      "to": ["role:sales_manager", "role:sales_director"]}]),
    }


async def install_default_rules() -> list[str]:
    """Add the default rules this database does not have yet; returns their keys."""
    present = set(await AutomationRule.filter(key__isnull=False).values_list("key", flat=True))
    added = []
    for key, data in (await default_rules()).items():
        if key not in present:
            await create_rule(actor=SYSTEM, data=data, key=key)
            added.append(key)
    return added
