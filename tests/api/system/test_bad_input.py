"""Bad requests get a clear GraphQL error and a 4xx; never a stack trace."""

import json

import pytest


def _error(response):
    body = response.json()
    assert "Traceback" not in response.text
    assert body["errors"], body
    return body["errors"][0]


def test_malformed_json_is_400_with_graphql_error(client):
    response = client.post("/graphql", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 400
    error = _error(response)
    assert error["extensions"]["code"] == "MALFORMED_REQUEST"
    assert "JSON" in error["message"]


def test_message_follows_accept_language(client):
    response = client.post("/graphql", content=b"{", headers={"content-type": "application/json",
                                                              "accept-language": "en-US,en;q=0.9"})
    assert _error(response)["message"].startswith("Malformed request")
    response = client.post("/graphql", content=b"{", headers={"content-type": "application/json",
                                                              "accept-language": "zh-CN"})
    assert _error(response)["message"].startswith("请求格式错误")


def test_missing_query_is_400(client):
    response = client.post("/graphql", json={"variables": {}})
    assert response.status_code == 400
    assert _error(response)["extensions"]["code"] == "MALFORMED_REQUEST"


def test_oversized_query_is_413(client, settings):
    big = "{ " + " ".join(["__typename"] * (settings.max_query_bytes // 10)) + " }"
    response = client.post("/graphql", json={"query": big})
    assert response.status_code == 413
    error = _error(response)
    assert error["extensions"]["code"] == "QUERY_TOO_LARGE"
    assert str(settings.max_query_bytes) in error["message"]


def test_unknown_operation_name_is_rejected(client):
    response = client.post("/graphql", json={"query": "query A { __typename }", "operationName": "B"})
    assert 400 <= response.status_code < 500
    assert "B" in _error(response)["message"]


def test_invalid_variables_are_rejected_clearly(client):
    query = "query($first:Int!){ customers(first:$first){ edges { cursor } } }"
    response = client.post("/graphql", json={"query": query, "variables": {"first": "many"}})
    error = _error(response)
    assert "first" in error["message"]
    assert "Traceback" not in json.dumps(response.json())


def test_syntax_error_is_reported(client):
    response = client.post("/graphql", json={"query": "{ __typename "})
    assert "Syntax Error" in _error(response)["message"]


def test_too_deep_query_is_rejected(gql, settings):
    depth = settings.max_query_depth + 3
    inner = "id"
    for _ in range(depth):
        inner = f"manager {{ team {{ {inner} }} }}"
    body = gql.post("{ me { team { " + inner + " } } }", as_user="admin")
    codes = {e["extensions"]["code"] for e in body["errors"]}
    assert "QUERY_TOO_DEEP" in codes
    assert body.get("data") is None


def test_too_many_aliases_are_rejected(gql, settings):
    aliases = " ".join(f"a{i}: __typename" for i in range(settings.max_aliases + 1))
    body = gql.post("{ " + aliases + " }")
    assert body["errors"][0]["extensions"]["code"] == "TOO_MANY_ALIASES"
    assert str(settings.max_aliases) in body["errors"][0]["message"]


def test_too_many_tokens_are_rejected(gql, settings):
    fields = " ".join(["__typename"] * (settings.max_tokens + 10))
    body = gql.post("{ " + fields + " }")
    assert body["errors"][0]["extensions"]["code"] == "TOO_MANY_TOKENS"


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Basic abc", "Bearer "])
def test_bad_tokens_are_401(client, header):
    response = client.post("/graphql", json={"query": "{ __typename }"}, headers={"Authorization": header})
    assert response.status_code == 401
    assert _error(response)["extensions"]["code"] == "TOKEN_INVALID"


def test_bad_cursor_is_a_clear_error(gql):
    body = gql.post('{ customers(first: 5, after: "%%%") { edges { cursor } } }', as_user="admin")
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
    assert body["data"]["customers"] is None


def test_page_size_is_bounded(gql, settings):
    body = gql.post("{ customers(first: %d) { edges { cursor } } }" % (settings.max_page_size + 1), as_user="admin")
    assert body["errors"][0]["extensions"]["code"] == "PAGE_TOO_LARGE"
