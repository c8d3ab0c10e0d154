"""Sign-in, token rotation, revocation, throttling, bad and expired tokens."""

from datetime import datetime, timedelta, timezone

import jwt
import pytest

from tests.helpers import DEMO_PASSWORD

LOGIN = """mutation($u:String!,$p:String!){ login(input:{username:$u,password:$p}){
  accessToken refreshToken user { username roles } errors { field code message } } }"""
REFRESH = "mutation($t:String!){ refreshToken(refreshToken:$t){ accessToken refreshToken errors { code } } }"
LOGOUT = "mutation($t:String!){ logout(refreshToken:$t){ ok } }"
ME = "{ me { id username displayName roles team { id name } } }"


def _login(gql, username, password=DEMO_PASSWORD, headers=None):
    return gql.post(LOGIN, {"u": username, "p": password}, headers=headers)["data"]["login"]


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_login_returns_tokens_and_user(gql):
    payload = _login(gql, "manager")
    assert payload["errors"] == []
    assert payload["user"] == {"username": "manager", "roles": ["sales_manager"]}
    me = gql.post(ME, headers=_bearer(payload["accessToken"]))["data"]["me"]
    assert me["username"] == "manager"
    assert me["team"]["name"] == "华东销售部 East Sales"


@pytest.mark.parametrize("username,password", [("rep", "wrong-password"), ("nobody-here", DEMO_PASSWORD)])
def test_failed_login_says_the_same_whatever_was_wrong(gql, username, password):
    payload = _login(gql, username, password, headers={"accept-language": "en"})
    assert payload["accessToken"] is None
    assert payload["errors"] == [{"field": None, "code": "INVALID_CREDENTIALS",
                                  "message": "Incorrect username or password"}]


def test_account_locks_after_repeated_failures_even_for_unknown_names(gql):
    for name in ("rep", "ghost-user"):
        for _ in range(5):
            assert _login(gql, name, "wrong-password")["errors"][0]["code"] == "INVALID_CREDENTIALS"
        locked = _login(gql, name, DEMO_PASSWORD)
        assert locked["errors"][0]["code"] == "ACCOUNT_LOCKED"
        assert "15" in locked["errors"][0]["message"]
    assert _login(gql, "rep2")["errors"] == [], "other accounts are not affected"


def test_client_address_locks_after_many_failures_across_names(gql):
    for i in range(20):
        _login(gql, f"spray-{i}", "wrong-password")
    assert _login(gql, "admin")["errors"][0]["code"] == "ACCOUNT_LOCKED"


def test_refresh_rotates_and_reuse_revokes_the_family(gql):
    first = _login(gql, "rep")
    second = gql.post(REFRESH, {"t": first["refreshToken"]})["data"]["refreshToken"]
    assert second["errors"] == [] and second["refreshToken"] != first["refreshToken"]

    reused = gql.post(REFRESH, {"t": first["refreshToken"]})["data"]["refreshToken"]
    assert reused["errors"] == [{"code": "TOKEN_REUSED"}]
    after_theft = gql.post(REFRESH, {"t": second["refreshToken"]})["data"]["refreshToken"]
    assert after_theft["errors"] == [{"code": "TOKEN_INVALID"}], "the whole family is revoked"


def test_logout_ends_the_refresh_token(gql):
    session = _login(gql, "rep")
    assert gql.post(LOGOUT, {"t": session["refreshToken"]}, headers=_bearer(session["accessToken"]))[
        "data"]["logout"]["ok"] is True
    assert gql.post(REFRESH, {"t": session["refreshToken"]})["data"]["refreshToken"]["errors"] == [
        {"code": "TOKEN_INVALID"}]


def test_garbage_refresh_token_is_invalid(gql):
    assert gql.post(REFRESH, {"t": "x" * 5000})["data"]["refreshToken"]["errors"] == [{"code": "TOKEN_INVALID"}]


def _forged(settings, **claims):
    base = {"sub": "1", "usr": "admin", "roles": ["admin"], "typ": "access", "ver": 0,
            "exp": datetime.now(timezone.utc) + timedelta(minutes=5)}
    base.update(claims)
    return jwt.encode(base, settings.secret_key, algorithm="HS256")


def test_expired_token_is_401_with_clear_message(client, settings):
    token = _forged(settings, exp=datetime.now(timezone.utc) - timedelta(seconds=1))
    response = client.post("/graphql", json={"query": "{ me { id } }"},
                           headers={**_bearer(token), "accept-language": "en"})
    assert response.status_code == 401
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "TOKEN_EXPIRED"
    assert "expired" in error["message"]


def test_token_signed_with_another_key_is_rejected(client):
    token = jwt.encode({"sub": "1", "typ": "access", "exp": 9999999999, "roles": ["admin"]}, "x" * 40,
                       algorithm="HS256")
    response = client.post("/graphql", json={"query": "{ me { id } }"}, headers=_bearer(token))
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "TOKEN_INVALID"


def test_expired_token_closes_the_socket(client, settings):
    from starlette.websockets import WebSocketDisconnect

    token = _forged(settings, exp=datetime.now(timezone.utc) - timedelta(seconds=1))
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4403


def test_disabling_a_user_ends_their_access_at_once(gql):
    session = _login(gql, "rep2")
    assert gql.post(ME, headers=_bearer(session["accessToken"]))["data"]["me"]["username"] == "rep2"
    user_id = gql.post(ME, headers=_bearer(session["accessToken"]))["data"]["me"]["id"]
    result = gql.data("mutation($id:ID!){ disableUser(id:$id){ user { isActive } errors { code } } }",
                      {"id": user_id}, as_user="admin")
    assert result["disableUser"] == {"user": {"isActive": False}, "errors": []}

    from tests.helpers import wait_until

    def rejected():
        response = gql.client.post("/graphql", json={"query": ME}, headers=_bearer(session["accessToken"]))
        return response.status_code == 401
    wait_until(rejected, timeout=5)
    assert _login(gql, "rep2")["errors"][0]["code"] == "INVALID_CREDENTIALS"
    assert gql.post(REFRESH, {"t": session["refreshToken"]})["data"]["refreshToken"]["errors"] == [
        {"code": "TOKEN_INVALID"}]
