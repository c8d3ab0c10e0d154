"""What a rule can do. Each action type checks its settings when a rule is saved and acts when it runs.

Actions that write to the database run in the run's transaction step; e-mails and webhooks are
sent once their step succeeds, and a retry skips the steps (and the recipients) already done.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.automation import recipients
from domain.automation.subjects import SUBJECTS, local_today
from domain.errors import DomainError
from domain.mail.rendering import check_template, render_string

MAX_ACTIONS = 10
TEMPLATE_LIMIT = 5_000
BUILT_IN_MAILS = ("birthday_greeting", "task_reminder", "stale_opportunity", "generic", "pipeline_summary")


@dataclass
class Step:
    """What an action runs with: the rule, the record and the event, plus how to note partial progress."""

    rule_id: int
    rule_name: str
    run_id: int
    index: int
    subject: str | None
    values: dict | None
    event: dict
    now: datetime
    people: dict = field(default_factory=dict)  # "owner"/"manager" -> {"id", "name", "email", "locale"}
    done: set[str] = field(default_factory=set)  # sub-steps finished by an earlier attempt ("2:ann@example.com")
    progress: Callable[[str], Awaitable[None]] | None = None  # persists one finished sub-step

    def context(self) -> dict:
        """What templates may print."""
        owner, manager = self.people.get("owner", {}), self.people.get("manager", {})
        return {**(self.values or {}), "event": self.event, "rule": {"name": self.rule_name},
                "today": local_today(self.now).isoformat(), "owner": owner, "manager": manager,
                "ownerName": owner.get("name", ""), "repName": owner.get("name", ""),
                "managerName": manager.get("name", "")}


def template_names(subject: str | None) -> set[str]:
    own = set(SUBJECTS[subject].fields) if subject else set()
    return own | {"event", "rule", "today", "owner", "manager", "ownerName", "repName", "managerName", "email",
                  "unsubscribeUrl"}


def _text(params: dict, key: str, path: str, *, subject: str | None, required: bool = False,
          limit: int = TEMPLATE_LIMIT) -> str | None:
    value = params.get(key)
    if value is None or value == "":
        if required:
            raise DomainError("REQUIRED", field=f"{path}.{key}")
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise DomainError("TOO_LONG", field=f"{path}.{key}")
    check_template(value, field=f"{path}.{key}", allowed=template_names(subject))
    return value


def _whole(params: dict, key: str, path: str, *, default: int | None, high: int) -> int | None:
    value = params.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise DomainError("OUT_OF_RANGE", field=f"{path}.{key}", low=0, high=high)
    return value


def _choice(params: dict, key: str, path: str, allowed: tuple[str, ...], default: str) -> str:
    value = params.get(key, default)
    if value not in allowed:
        raise DomainError("INVALID_CHOICE", field=f"{path}.{key}", allowed=", ".join(allowed))
    return value


# --- checks at save time: each returns the normalised settings --------------------------------------

def _check_create_task(params: dict, path: str, subject: str | None) -> dict:
    from domain.sales.pipeline_models import TASK_KINDS, TASK_PRIORITIES

    return {"title": _text(params, "title", path, subject=subject, required=True, limit=200),
            "kind": _choice(params, "kind", path, TASK_KINDS, "todo"),
            "priority": _choice(params, "priority", path, TASK_PRIORITIES, "normal"),
            "dueInHours": _whole(params, "dueInHours", path, default=24, high=24 * 365),
            "remindBeforeMinutes": _whole(params, "remindBeforeMinutes", path, default=None, high=7 * 24 * 60),
            "assignTo": recipients.checked_people(params.get("assignTo", ["owner"]), f"{path}.assignTo",
                                                  subject, single=True)}


def _check_assign_owner(params: dict, path: str, subject: str | None) -> dict:
    from domain.automation.assignment import STRATEGIES

    if subject not in ("Lead", "Opportunity", "Customer"):
        raise DomainError("ACTION_NOT_FOR_SUBJECT", field=f"{path}.type", subject=subject or "-")
    team_id = params.get("teamId")
    if team_id is not None and (isinstance(team_id, bool) or not isinstance(team_id, int)):
        raise DomainError("INVALID_INPUT", field=f"{path}.teamId")
    role = params.get("role", "sales_rep")
    if not isinstance(role, str) or len(role) > 40:
        raise DomainError("UNKNOWN_ROLE", field=f"{path}.role", role=str(role))
    return {"strategy": _choice(params, "strategy", path, STRATEGIES, "round_robin"), "teamId": team_id,
            "role": role, "notifyOwner": bool(params.get("notifyOwner", True))}


def _check_send_email(params: dict, path: str, subject: str | None) -> dict:
    template = _choice(params, "template", path, (*BUILT_IN_MAILS, "custom"), "generic")
    checked = {"template": template, "to": recipients.checked_mail_to(params.get("to"), f"{path}.to", subject),
               "marketing": bool(params.get("marketing", False)),
               "locale": _choice(params, "locale", path, ("zh-CN", "en"), "zh-CN")}
    if template == "pipeline_summary" and any(not recipients.is_person(spec) for spec in checked["to"]):
        raise DomainError("REPORT_FOR_PEOPLE_ONLY", field=f"{path}.to")
    if template in ("custom", "generic"):
        for key in ("subjectZh", "bodyZh", "subjectEn", "bodyEn"):
            checked[key] = _text(params, key, path, subject=subject, required=key.endswith("Zh"))
    return checked


def _check_notify(params: dict, path: str, subject: str | None) -> dict:
    return {"to": recipients.checked_people(params.get("to", ["owner"]), f"{path}.to", subject),
            "textZh": _text(params, "textZh", path, subject=subject, required=True, limit=500),
            "textEn": _text(params, "textEn", path, subject=subject, limit=500)}


def _check_update_field(params: dict, path: str, subject: str | None) -> dict:
    from domain.automation.updates import UPDATABLE, checked_value

    allowed = UPDATABLE.get(subject or "", {})
    name = params.get("field")
    if name not in allowed:
        raise DomainError("UNKNOWN_FIELD", field=f"{path}.field", name=str(name))
    return {"field": name, "value": checked_value(subject, name, params.get("value"), f"{path}.value")}


def _check_call_webhook(params: dict, path: str, subject: str | None) -> dict:
    from domain.automation.webhooks import checked_webhook

    return checked_webhook(params, path)


# --- running ----------------------------------------------------------------------------------------

async def _run_create_task(step: Step, params: dict) -> str:
    from domain.actor import SYSTEM
    from domain.identity.scope import ALL
    from domain.sales.tasks import RelatedScopes, TaskData, create_task

    [assignee] = await recipients.user_ids(params["assignTo"], step) or [None]
    if assignee is None:
        raise DomainError("NO_ASSIGNEE", field="assignTo", role="-")
    due = step.now + timedelta(hours=params["dueInHours"])
    remind = due - timedelta(minutes=params["remindBeforeMinutes"]) if params["remindBeforeMinutes"] else None
    values = step.values or {}
    task = await create_task(actor=SYSTEM, scope=ALL, related=RelatedScopes(ALL, ALL, ALL), data=TaskData(
        title=render_string(params["title"], step.context())[:200], kind=params["kind"], priority=params["priority"],
        due_at=due, remind_at=max(remind, step.now) if remind else None, assignee_id=assignee,
        customer_id=values.get("customerId"),
        opportunity_id=values.get("id") if step.subject == "Opportunity" else values.get("opportunityId"),
        order_id=values.get("id") if step.subject == "Order" else values.get("orderId")))
    return f"task {task.id}"


async def _run_assign_owner(step: Step, params: dict) -> str:
    from domain.automation.assignment import choose_owner
    from domain.automation.updates import reassign

    person = await choose_owner(rule_id=step.rule_id, strategy=params["strategy"], role=params["role"],
                                team_id=params["teamId"], subject=step.subject)
    await reassign(step, person, notify_owner=params["notifyOwner"])
    return f"owner {person.id}"


async def _run_send_email(step: Step, params: dict) -> str:
    from domain.automation.mailing import send_rule_mail

    return await send_rule_mail(step, params)


async def _run_notify(step: Step, params: dict) -> str:
    from domain.events import unit_of_work
    from domain.sales.notifications import notify

    context = step.context()
    texts = {"zh": render_string(params["textZh"], context)[:500]}
    texts["en"] = render_string(params["textEn"], context)[:500] if params.get("textEn") else texts["zh"]
    users = await recipients.user_ids(params["to"], step)
    subject = (step.subject, step.values["id"]) if step.subject and step.values else None
    async with unit_of_work() as work:
        for user_id in users:
            await notify(work, user_id=user_id, kind="automation", code="AUTOMATION_MESSAGE", params=texts,
                         now=step.now, subject=subject, dedupe_key=f"automation:{step.run_id}:{step.index}:{user_id}")
    return f"notified {len(users)}"


async def _run_update_field(step: Step, params: dict) -> str:
    from domain.automation.updates import update_field

    await update_field(step, params["field"], params["value"])
    return f"{params['field']} = {params['value']}"


async def _run_call_webhook(step: Step, params: dict) -> str:
    from domain.automation.webhooks import call_webhook

    return await call_webhook(step, params)


def updated_event(subject: str | None, name: str) -> str:
    """The event an update_field action causes: on the related customer for ``customer.*`` fields."""
    return "customer.updated" if name.startswith("customer.") else f"{(subject or '').lower()}.updated"


@dataclass(frozen=True)
class ActionType:
    check: Callable[[dict, str, str | None], dict]
    run: Callable[[Step, dict], Awaitable[str]]
    emits: Callable[[str | None, dict], set[str]] = lambda subject, params: set()  # events it may cause


ACTIONS: dict[str, ActionType] = {
    "create_task": ActionType(_check_create_task, _run_create_task, lambda s, p: {"task.created"}),
    "assign_owner": ActionType(_check_assign_owner, _run_assign_owner,
                               lambda s, p: {f"{(s or '').lower()}.assigned"}),
    "send_email": ActionType(_check_send_email, _run_send_email),
    "notify": ActionType(_check_notify, _run_notify, lambda s, p: {"notification.created"}),
    "update_field": ActionType(_check_update_field, _run_update_field, lambda s, p: {updated_event(s, p["field"])}),
    "call_webhook": ActionType(_check_call_webhook, _run_call_webhook),
}


def checked_actions(actions: list | None, subject: str | None) -> list[dict]:
    """Every action of a rule, validated and normalised; at least one, at most MAX_ACTIONS."""
    if not isinstance(actions, list) or not actions:
        raise DomainError("REQUIRED", field="actions")
    if len(actions) > MAX_ACTIONS:
        raise DomainError("TOO_MANY_ACTIONS", field="actions", limit=MAX_ACTIONS)
    checked = []
    for i, action in enumerate(actions):
        path = f"actions.{i}"
        kind = action.get("type") if isinstance(action, dict) else None
        if kind not in ACTIONS:
            raise DomainError("UNKNOWN_ACTION", field=f"{path}.type", type=str(kind))
        checked.append({"type": kind, **ACTIONS[kind].check(action, path, subject)})
    return checked


def emitted_events(actions: list[dict], subject: str | None) -> set[str]:
    return set().union(*(ACTIONS[a["type"]].emits(subject, a) for a in actions))
