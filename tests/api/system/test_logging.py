"""Structured logs: JSON lines in production format, each carrying the request id."""

import json

from starlette.testclient import TestClient


def test_json_log_lines_carry_the_request_id(database_url, capfd):
    from app import create_app
    from settings import Settings

    settings = Settings(database_url=database_url, log_format="json", log_level="INFO")
    with TestClient(create_app(settings)) as client:
        capfd.readouterr()
        client.post("/graphql", content=b"{oops", headers={"content-type": "application/json",
                                                            "X-Request-ID": "req-42"})
    lines = [json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("event") == "request"]
    assert access, lines
    assert access[0]["request_id"] == "req-42"
    assert access[0]["status"] == 400
    assert access[0]["level"] == "info"
