"""Casbin enforcer and the compiled per-role-set decisions used on every field."""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable
from pathlib import Path

import casbin

POLICY_DIR = Path(__file__).resolve().parent
MODEL_PATH = POLICY_DIR / "model.conf"
DEFAULT_POLICY_PATH = POLICY_DIR / "policy.csv"
RETIRED_POLICY_PATH = POLICY_DIR / "retired.csv"  # default rules withdrawn by upgrades, removed once
ANONYMOUS_ROLE = "anonymous"
AUTHENTICATED_ROLE = "authenticated"
log = logging.getLogger("salesdesk.policies")

PolicyLine = tuple[str, ...]


def read_policy_file(path: Path = DEFAULT_POLICY_PATH) -> list[PolicyLine]:
    """Lines of a Casbin CSV policy (``p, sub, obj, act`` / ``g, child, parent``)."""
    lines: list[PolicyLine] = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, skipinitialspace=True):
            if not row or row[0].strip().startswith("#"):
                continue
            lines.append(tuple(cell.strip() for cell in row))
    return lines


def validate_line(line: PolicyLine) -> str | None:
    """Why ``line`` is not a valid policy line, or None."""
    if not line or line[0] not in ("p", "g"):
        return "type must be 'p' or 'g'"
    if line[0] == "p":
        if len(line) != 4 or not all(line[1:]):
            return "a 'p' line needs subject, object and action"
        if line[3] not in ("read", "write", "*"):
            return "action must be read, write or *"
        obj = line[2]
        head, _, tail = obj.partition(".")
        if obj != "*" and (not head or not tail or ("*" in obj and not obj.endswith("*"))):
            return "object must look like Type.field, Type.* or Mutation.name"
    elif len(line) != 3 or not all(line[1:]):
        return "a 'g' line needs a member role and a parent role"
    return None


class Decisions:
    """Allow/deny answers for one role set, memoised: a dict lookup after the first ask.

    ``memo`` maps (type, field) to the answer for the action that type implies
    (write for Mutation fields, read otherwise); hot paths read it directly.
    """

    __slots__ = ("_enforcer", "_roles", "memo")

    def __init__(self, enforcer: casbin.Enforcer, roles: frozenset[str]) -> None:
        self._enforcer = enforcer
        self._roles = roles
        self.memo: dict[tuple[str, str], bool] = {}

    def decide(self, type_name: str, field_name: str) -> bool:
        """Ask Casbin once and remember the answer."""
        if field_name.startswith("__"):
            answer = True  # introspection meta-fields (__typename) carry no data
        else:
            action = "write" if type_name == "Mutation" else "read"
            obj = f"{type_name}.{field_name}"
            answer = any(self._enforcer.enforce(role, obj, action) for role in self._roles)
        self.memo[(type_name, field_name)] = answer
        return answer

    def allowed(self, type_name: str, field_name: str) -> bool:
        answer = self.memo.get((type_name, field_name))
        return self.decide(type_name, field_name) if answer is None else answer


class Authorizer:
    """Holds the live policy; ``version`` changes whenever the policy is replaced."""

    def __init__(self, lines: Iterable[PolicyLine] | None = None) -> None:
        self.version = 0
        self._cache: dict[frozenset[str], Decisions] = {}
        self._enforcer = casbin.Enforcer(str(MODEL_PATH))
        self.load(read_policy_file() if lines is None else lines)

    def load(self, lines: Iterable[PolicyLine]) -> None:
        enforcer = casbin.Enforcer(str(MODEL_PATH))
        for line in lines:
            problem = validate_line(line)
            if problem:
                log.error("ignoring invalid policy line %r: %s", line, problem)
                continue
            if line[0] == "p":
                enforcer.add_policy(*line[1:])
            else:
                enforcer.add_grouping_policy(*line[1:])
        self._enforcer = enforcer
        self._cache = {}
        self.version += 1

    def decisions(self, roles: Iterable[str], *, authenticated: bool) -> Decisions:
        role_set = frozenset(roles) | {AUTHENTICATED_ROLE if authenticated else ANONYMOUS_ROLE}
        found = self._cache.get(role_set)
        if found is None:
            found = self._cache[role_set] = Decisions(self._enforcer, role_set)
        return found

    def enforce(self, roles: Iterable[str], obj: str, action: str, *, authenticated: bool = True) -> bool:
        """One-off check of any object and action (not memoised)."""
        role_set = frozenset(roles) | {AUTHENTICATED_ROLE if authenticated else ANONYMOUS_ROLE}
        return any(self._enforcer.enforce(role, obj, action) for role in role_set)
