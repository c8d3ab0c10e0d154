"""Helpers for GraphQL tests."""

from __future__ import annotations

import time
from typing import Any

DEMO_PASSWORD = "Demo-2026!"


class GraphQLClient:
    """Posts GraphQL documents through a TestClient, optionally signed in."""

    def __init__(self, client) -> None:
        self.client = client
        self.tokens: dict[str, str] = {}

    def token(self, username: str, password: str = DEMO_PASSWORD) -> str:
        if username not in self.tokens:
            body = self.post(
                "mutation($u:String!,$p:String!){ login(input:{username:$u,password:$p}){ accessToken errors{code} } }",
                {"u": username, "p": password},
            )
            payload = body["data"]["login"]
            assert payload["errors"] == [], payload
            self.tokens[username] = payload["accessToken"]
        return self.tokens[username]

    def post(self, query: str, variables: dict[str, Any] | None = None, *, as_user: str | None = None,
             headers: dict[str, str] | None = None, status: int = 200) -> dict[str, Any]:
        all_headers = dict(headers or {})
        if as_user:
            all_headers["Authorization"] = f"Bearer {self.token(as_user)}"
        response = self.client.post("/graphql", json={"query": query, "variables": variables or {}},
                                    headers=all_headers)
        assert response.status_code == status, response.text
        return response.json()

    def data(self, query: str, variables: dict[str, Any] | None = None, *, as_user: str | None = None) -> dict:
        body = self.post(query, variables, as_user=as_user)
        assert not body.get("errors"), body.get("errors")
        return body["data"]

    def run(self, coro_fn, *args, **kwargs):
        """Run an async function on the app's event loop (where Tortoise lives)."""
        return self.client.portal.call(coro_fn, *args, **kwargs)


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.02) -> None:
    """Poll ``predicate`` until it is truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError("condition not met within %.1fs" % timeout)
