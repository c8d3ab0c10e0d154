"""The app starts, answers GraphQL, and reports liveness and readiness."""


def test_answers_typename(gql):
    assert gql.data("{ __typename }") == {"__typename": "Query"}


def test_server_info_is_public(gql):
    info = gql.data("{ serverInfo { name environment displayTimezone defaultCurrency serverTime } }")["serverInfo"]
    assert info["name"] == "Salesdesk"
    assert info["displayTimezone"] == "Asia/Shanghai"
    assert info["defaultCurrency"] == "CNY"
    assert info["serverTime"].endswith("+00:00")


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_every_dependency(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json()["checks"] == {"database": True, "pubsub": True, "broker": True}


def test_readyz_is_503_when_pubsub_is_down(client):
    client.portal.call(client.app.state.bus.disconnect)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["pubsub"] is False


def test_request_id_is_echoed_or_created(client):
    given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    fresh = client.get("/healthz")
    assert len(fresh.headers["x-request-id"]) == 32


def test_graphiql_served_in_development(client):
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()
