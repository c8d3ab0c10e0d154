"""Role × field table: exactly who can read and write the sensitive and administrative fields."""

import pytest

ROLE_USERS = {
    "admin": "admin", "sales_director": "director", "sales_manager": "manager", "sales_rep": "rep",
    "finance": "finance", "warehouse": "warehouse", "marketing": "marketing", "service": "service",
    "auditor": "auditor", "partner": "partner",
}

# field -> roles allowed (every other role must be denied)
READ_MATRIX = {
    ("{ me { email } }", ("me", "email")): {"admin", "sales_director", "sales_manager", "auditor"},
    ("{ customers(first: 1) { edges { node { id } } } }", ("customers",)):
        {"admin", "sales_director", "sales_manager", "sales_rep", "finance", "marketing", "service", "auditor"},
    ("{ users(first: 1) { edges { node { id } } } }", ("users",)): {"admin"},
    ("{ policies(first: 1) { edges { node { id } } } }", ("policies",)): {"admin"},
}
WRITE_MATRIX = {
    'mutation { createTeam(input:{name:"matrix team"}) { errors { code } } }': ("createTeam", {"admin"}),
    'mutation { setPolicy(input:{subject:"x", object:"A.b", action:"read"}) { errors { code } } }':
        ("setPolicy", {"admin"}),
}


def _dig(data, path):
    for key in path:
        if data is None:
            return None
        data = data[key]
    return data


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_read_matrix(gql, role):
    for (query, path), allowed in READ_MATRIX.items():
        body = gql.post(query, as_user=ROLE_USERS[role])
        codes = [e["extensions"]["code"] for e in body.get("errors", [])]
        if role in allowed:
            assert "FORBIDDEN" not in codes, (role, query, body)
        else:
            assert codes == ["FORBIDDEN"], (role, query, body)
            assert _dig(body["data"], path) is None


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_write_matrix(gql, role):
    for mutation, (field, allowed) in WRITE_MATRIX.items():
        body = gql.post(mutation, as_user=ROLE_USERS[role])
        if role in allowed:
            assert not body.get("errors"), body
            assert body["data"][field] is not None
        else:
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
            assert body["data"][field] is None


def test_anonymous_sees_only_sign_in(gql):
    assert gql.data("{ serverInfo { name } }")["serverInfo"]["name"] == "Salesdesk"
    body = gql.post("{ customers { edges { node { id } } } me { id } }")
    assert {e["path"][0] for e in body["errors"]} == {"customers", "me"}


def test_one_error_per_denied_field_not_per_row(gql):
    body = gql.post("{ customers(first: 20) { edges { node { owner { email } } } } }", as_user="rep")
    assert len(body["data"]["customers"]["edges"]) > 1
    denied = [e for e in body["errors"] if e["extensions"]["code"] == "FORBIDDEN"]
    assert len(denied) == 1
    assert denied[0]["extensions"]["field"] == "User.email"
    assert all(edge["node"]["owner"]["email"] is None for edge in body["data"]["customers"]["edges"])
