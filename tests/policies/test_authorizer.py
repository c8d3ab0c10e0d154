"""The compiled decisions and the policy line checks."""

import pytest

from policies.authorizer import Authorizer, validate_line


def test_role_inheritance_and_wildcards():
    authorizer = Authorizer([("p", "sales_rep", "Customer.*", "read"), ("g", "sales_manager", "sales_rep"),
                             ("p", "admin", "*", "*")])
    assert authorizer.enforce(["sales_manager"], "Customer.name", "read")
    assert not authorizer.enforce(["sales_manager"], "Customer.name", "write")
    assert authorizer.enforce(["admin"], "Mutation.anything", "write")
    assert not authorizer.enforce(["warehouse"], "Customer.name", "read")


def test_decisions_are_shared_per_role_set_and_reset_on_reload():
    authorizer = Authorizer([("p", "finance", "Order.*", "read")])
    first = authorizer.decisions(["finance"], authenticated=True)
    assert first is authorizer.decisions(["finance"], authenticated=True)
    assert first.allowed("Order", "total")
    authorizer.load([])
    assert not authorizer.decisions(["finance"], authenticated=True).allowed("Order", "total")


@pytest.mark.parametrize("line,problem", [
    (("p", "r", "Type.field", "read"), None),
    (("p", "r", "Type.*", "write"), None),
    (("p", "r", "*", "*"), None),
    (("g", "child", "parent"), None),
    (("p", "r", "Type", "read"), "object"),
    (("p", "r", "Type.f*x", "read"), "object"),
    (("p", "r", "Type.f", "erase"), "action"),
    (("p", "r", "Type.f"), "subject, object and action"),
    (("q", "r", "Type.f", "read"), "type"),
    (("g", "child"), "member role and a parent role"),
])
def test_policy_line_validation(line, problem):
    verdict = validate_line(line)
    if problem is None:
        assert verdict is None
    else:
        assert problem in verdict


def test_invalid_stored_lines_are_skipped_not_fatal():
    authorizer = Authorizer([("p", "r", "bad", "read"), ("p", "r", "Ok.field", "read")])
    assert authorizer.enforce(["r"], "Ok.field", "read")
