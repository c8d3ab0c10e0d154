"""Automation entry points: rules for admins, the run log, and the catalogue for rule editors."""

from __future__ import annotations

import strawberry

from resolvers import automation as resolve
from schema.automation.inputs import (
    AutomationRuleFilterInput, AutomationRuleInput, AutomationRulePayload, AutomationRulePreviewPayload,
    AutomationRunFilterInput, AutomationRunPayload, DeleteAutomationRulePayload,
)
from schema.automation.types import AutomationCatalog, AutomationRule, AutomationRulePreview, AutomationRun
from schema.common import Connection, connection, mutation_payload
from schema.context import Info


async def _call(make):
    """Run ``make`` inside the payload's error handling (input parsing errors become payload errors too)."""
    return await make()


def _preview(result) -> AutomationRulePreviewPayload:
    return AutomationRulePreviewPayload(preview=AutomationRulePreview.from_preview(result))


def _rule(row) -> AutomationRulePayload:
    return AutomationRulePayload(rule=AutomationRule.from_model(row))


@strawberry.type
class AutomationQuery:
    @strawberry.field(description="Automation rules, oldest first.")
    async def automation_rules(self, info: Info, filter: AutomationRuleFilterInput | None = None, first: int = 50,
                               after: str | None = None) -> Connection[AutomationRule] | None:
        page = await resolve.list_rules(info.context, filter=(filter or AutomationRuleFilterInput()).to_filter(),
                                        first=first, after=after)
        return connection(page, AutomationRule.from_model)

    @strawberry.field
    async def automation_rule(self, info: Info, id: strawberry.ID) -> AutomationRule | None:
        row = await resolve.rule(info.context, id=id)
        return AutomationRule.from_model(row) if row else None

    @strawberry.field(description="The run log, newest first.")
    async def automation_runs(self, info: Info, filter: AutomationRunFilterInput | None = None, first: int = 50,
                              after: str | None = None) -> Connection[AutomationRun] | None:
        page = await resolve.list_runs(info.context, filter=(filter or AutomationRunFilterInput()).to_filter(),
                                       first=first, after=after)
        return connection(page, AutomationRun.from_model)

    @strawberry.field(description="Check a rule without saving it and show what it would do for one record "
                                  "(nothing is written or sent).")
    async def automation_rule_preview(self, info: Info, input: AutomationRuleInput,
                                      subject_id: strawberry.ID | None = None) -> AutomationRulePreviewPayload | None:
        call = _call(lambda: resolve.preview_rule(info.context, data=input.to_data(), subject_id=subject_id))
        return await mutation_payload(info, call, AutomationRulePreviewPayload, _preview)

    @strawberry.field(description="Trigger events, record types with their fields, date fields, actions, operators.")
    def automation_catalog(self) -> AutomationCatalog | None:
        return AutomationCatalog.from_dict(resolve.catalogue())


@strawberry.type
class AutomationMutation:
    @strawberry.mutation(description="Add a rule; it is checked completely before it is stored.")
    async def create_automation_rule(self, info: Info, input: AutomationRuleInput) -> AutomationRulePayload | None:
        call = _call(lambda: resolve.create_rule(info.context, data=input.to_data()))
        return await mutation_payload(info, call, AutomationRulePayload, _rule)

    @strawberry.mutation(description="Change a rule (e.g. `enabled: false` to switch it off).")
    async def update_automation_rule(self, info: Info, id: strawberry.ID,
                                     input: AutomationRuleInput) -> AutomationRulePayload | None:
        call = _call(lambda: resolve.update_rule(info.context, id=id, data=input.to_data()))
        return await mutation_payload(info, call, AutomationRulePayload, _rule)

    @strawberry.mutation(description="Send a failed run round again after fixing its cause (done steps stay done).")
    async def retry_automation_run(self, info: Info, id: strawberry.ID) -> AutomationRunPayload | None:
        call = _call(lambda: resolve.retry_run(info.context, id=id))
        return await mutation_payload(info, call, AutomationRunPayload,
                                      lambda run: AutomationRunPayload(run=AutomationRun.from_model(run)))

    @strawberry.mutation(description="Delete a rule and its run log (default rules can only be switched off).")
    async def delete_automation_rule(self, info: Info, id: strawberry.ID) -> DeleteAutomationRulePayload | None:
        call = _call(lambda: resolve.delete_rule(info.context, id=id))
        return await mutation_payload(info, call, DeleteAutomationRulePayload,
                                      lambda rid: DeleteAutomationRulePayload(deleted_id=strawberry.ID(str(rid))))
