"""Rule conditions: field comparisons grouped with ``all`` (and) / ``any`` (or), nested.

Stored as JSON, e.g. ``{"all": [{"field": "amount", "op": "gte", "value": "100000"},
{"any": [{"field": "source", "op": "eq", "value": "web"}, {"field": "campaign", "op": "is_set"}]}]}``.
An empty condition always holds. Values are checked and converted against the field's kind when
the rule is saved, so a rule that names an unknown field or compares a date with a word never runs.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from domain.errors import DomainError

OPERATORS = {
    "eq": 1, "ne": 1, "gt": 1, "gte": 1, "lt": 1, "lte": 1, "in": "many", "not_in": "many",
    "contains": 1, "is_set": 0, "is_not_set": 0,
}
ORDERED = {"gt", "gte", "lt", "lte"}
MAX_NODES = 50
MAX_NESTING = 4


def convert(raw, kind: str, path: str):
    """One operand in the field's kind, or INVALID_CONDITION_VALUE."""
    try:
        if kind == "text":
            if not isinstance(raw, str | int) or len(str(raw)) > 500:
                raise ValueError
            return str(raw)
        if kind == "number":
            number = Decimal(str(raw))
            if not number.is_finite():
                raise ValueError
            return number
        if kind == "int":
            if isinstance(raw, bool):
                raise ValueError
            return int(str(raw))
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            return {"true": True, "false": False}[str(raw).lower()]
        if kind == "date":
            return date.fromisoformat(str(raw))
        if kind == "datetime":
            value = datetime.fromisoformat(str(raw))
            if value.tzinfo is None:
                raise ValueError
            return value
    except (ValueError, KeyError, InvalidOperation, TypeError):
        pass
    raise DomainError("INVALID_CONDITION_VALUE", field=path, kind=kind)


def _check_comparison(node: dict, fields: dict[str, str], path: str) -> dict:
    name, op = node.get("field"), node.get("op")
    if name not in fields:
        raise DomainError("UNKNOWN_FIELD", field=f"{path}.field", name=str(name))
    if op not in OPERATORS:
        raise DomainError("UNKNOWN_OPERATOR", field=f"{path}.op", op=str(op))
    kind = fields[name]
    if op in ORDERED and kind in ("text", "bool"):
        raise DomainError("UNKNOWN_OPERATOR", field=f"{path}.op", op=op)
    if op == "contains" and kind != "text":
        raise DomainError("UNKNOWN_OPERATOR", field=f"{path}.op", op=op)
    arity = OPERATORS[op]
    if arity == 0:
        return {"field": name, "op": op}
    value = node.get("value")
    if arity == "many":
        if not isinstance(value, list) or not 0 < len(value) <= 100:
            raise DomainError("INVALID_CONDITION_VALUE", field=f"{path}.value", kind=f"[{kind}]")
        [convert(v, kind, f"{path}.value") for v in value]
    else:
        convert(value, kind, f"{path}.value")
    return {"field": name, "op": op, "value": value}


def checked(tree: dict | None, fields: dict[str, str], path: str = "conditions", *, depth: int = 0,
            counter: list[int] | None = None) -> dict:
    """The condition tree, validated against ``fields``; raises DomainError naming the faulty part."""
    counter = counter if counter is not None else [0]
    if not tree:
        return {}
    if not isinstance(tree, dict):
        raise DomainError("INVALID_CONDITION", field=path)
    counter[0] += 1
    if counter[0] > MAX_NODES or depth > MAX_NESTING:
        raise DomainError("CONDITION_TOO_COMPLEX", field=path, limit=MAX_NODES)
    groups = [key for key in ("all", "any") if key in tree]
    if len(groups) == 1 and len(tree) == 1 and isinstance(tree[groups[0]], list):
        key = groups[0]
        return {key: [checked(child, fields, f"{path}.{key}.{i}", depth=depth + 1, counter=counter)
                      for i, child in enumerate(tree[key])]}
    if "field" in tree and not groups:
        return _check_comparison(tree, fields, path)
    raise DomainError("INVALID_CONDITION", field=path)


def _compare(actual, op: str, operand, kind: str) -> bool:
    if op == "is_set":
        return actual not in (None, "")
    if op == "is_not_set":
        return actual in (None, "")
    if op in ("in", "not_in"):
        found = actual in [convert(v, kind, "value") for v in operand]
        return found if op == "in" else not found
    expected = convert(operand, kind, "value")
    if op == "eq":
        return actual == expected
    if op == "ne":
        return actual != expected
    if actual is None:
        return False
    if op == "contains":
        return str(expected).lower() in str(actual).lower()
    return {"gt": actual > expected, "gte": actual >= expected, "lt": actual < expected,
            "lte": actual <= expected}[op]


def as_of_event(values: dict, payload: dict, fields: dict[str, str]) -> dict:
    """The record's values with the fields the event carries taken from the event (as they were then)."""
    merged = dict(values)
    for name, raw in payload.items():
        if name in fields and name != "id" and raw is not None:
            try:
                merged[name] = convert(raw, fields[name], name)
            except DomainError:
                continue
    return merged


def holds(tree: dict, values: dict, fields: dict[str, str]) -> bool:
    """Whether a (checked) condition tree holds for one record's values."""
    if not tree:
        return True
    if "all" in tree:
        return all(holds(child, values, fields) for child in tree["all"])
    if "any" in tree:
        return any(holds(child, values, fields) for child in tree["any"])
    return _compare(values.get(tree["field"]), tree["op"], tree.get("value"), fields[tree["field"]])
