"""The Starlette application: routes, middleware, lifespan."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from urllib.parse import quote

import structlog
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError

from domain.actor import ANONYMOUS, Actor
from domain.crm.export_files import find_export
from domain.crm.tabular import human_size
from domain.db import close_database, open_database
from domain.errors import DomainError
from domain.events.bus import EventBus
from domain.events.envelope import DomainEvent
from domain.events.relay import relay
from domain.i18n import normalise_locale, translate
from domain.identity.queries import token_versions
from domain.identity.tokens import actor_from_claims, decode_access_token
from domain.mail.unsubscribe import contact_id_from_token, unsubscribe, unsubscribe_page
from policies.authorizer import Authorizer
from policies.store import load_authorizer, reload_policy
from schema import build_schema
from schema.authorization import ExpectedErrorLogFilter
from schema.context import Context
from schema.limits import recode_limit_errors
from settings import Settings, get_settings

log = logging.getLogger("salesdesk.app")
WEB_DIST = Path(__file__).resolve().parent / "web" / "dist"
MULTIPART_OVERHEAD_BYTES = 64 * 1024  # the operations and map parts around an uploaded file


def configure_logging(settings: Settings) -> None:
    """JSON lines in production, readable lines in development; every line has the request id."""
    renderer = (structlog.processors.JSONRenderer(ensure_ascii=False)
                if settings.effective_log_format == "json" else structlog.dev.ConsoleRenderer(colors=False))
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info, renderer],
    )
    handler = logging.StreamHandler()
    handler.setFormatter(formatter)
    handler.addFilter(ExpectedErrorLogFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    for name in ("uvicorn.access", "casbin", "casbin.policy", "casbin.enforcer", "casbin.role"):
        logging.getLogger(name).setLevel(logging.WARNING)
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )


def graphql_error_response(code: str, status: int, locale: str, **params: object) -> JSONResponse:
    message = translate(code, locale, **params)
    return JSONResponse({"data": None, "errors": [{"message": message, "extensions": {"code": code}}]},
                        status_code=status)


class SessionRevocations:
    """Token versions of users whose sessions were ended; kept current from the bus."""

    def __init__(self, versions: dict[int, int]) -> None:
        self.versions = versions

    def check(self, claims: dict) -> None:
        if int(claims.get("ver", 0)) < self.versions.get(int(claims["sub"]), 0):
            raise DomainError("TOKEN_EXPIRED")


def actor_from_header(header: str | None, revocations: SessionRevocations, *, locale: str,
                      **facts: object) -> Actor:
    """The actor for an ``Authorization: Bearer`` header; anonymous without one."""
    if not header:
        return Actor(user_id=None, username="anonymous", locale=locale, **facts)
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise DomainError("TOKEN_INVALID")
    claims = decode_access_token(token.strip())
    revocations.check(claims)
    return actor_from_claims(claims, locale=locale, **facts)


async def follow_control_events(bus: EventBus, state, ready: asyncio.Event) -> None:
    """Apply policy changes and ended sessions published by any instance."""
    async with bus.subscribe() as messages:
        ready.set()
        async for raw in messages:
            try:
                event = DomainEvent.from_json(raw)
                if event.type == "policy.changed":
                    await reload_policy(state.authorizer)
                elif event.type == "user.sessions_revoked":
                    state.revocations.versions[int(event.aggregate_id)] = int(event.payload["tokenVersion"])
            except Exception:
                log.exception("control event not applied")


async def read_body_within(request: Request, limit: int) -> bool:
    """Read the body, giving up (False) as soon as it exceeds ``limit`` bytes."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return False
        chunks.append(chunk)
    request._body = b"".join(chunks)  # where Starlette keeps a body it has read
    return True


async def download_export(request: Request) -> Response:
    """``GET /exports/{token}``: an export file, for the user who made it (Bearer token); 404 for anyone else."""
    locale = normalise_locale(request.headers.get("accept-language"))
    try:
        actor = actor_from_header(request.headers.get("authorization"), request.app.state.revocations, locale=locale)
    except DomainError as error:
        return graphql_error_response(error.code, 401, locale)
    if actor.user_id is None:
        return graphql_error_response("UNAUTHENTICATED", 401, locale)
    export = find_export(token=request.path_params["token"], user_id=actor.user_id)
    if export is None:
        return graphql_error_response("NOT_FOUND", 404, locale)
    disposition = f'attachment; filename="{export.ascii_file_name}"; filename*=UTF-8\'\'{quote(export.file_name)}'
    return FileResponse(export.path, media_type=export.media_type,
                        headers={"content-disposition": disposition, "cache-control": "no-store"})


PAGE_HEADERS = {"cache-control": "no-store", "referrer-policy": "no-referrer", "x-robots-tag": "noindex",
                "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"}


async def unsubscribe_link(request: Request) -> Response:
    """``/unsubscribe/{token}``: GET asks to confirm (mail scanners follow links), POST unsubscribes (RFC 8058)."""
    token = request.path_params["token"]
    try:
        if request.method == "POST":
            await unsubscribe(token)
        else:
            contact_id_from_token(token)
    except DomainError:
        return HTMLResponse(unsubscribe_page("invalid"), status_code=400, headers=PAGE_HEADERS)
    return HTMLResponse(unsubscribe_page("done" if request.method == "POST" else "confirm"), headers=PAGE_HEADERS)


class SalesdeskGraphQL(GraphQL):
    """Strawberry over Starlette with authentication, size limits and JSON errors."""

    def __init__(self, schema, *, settings: Settings, app_state) -> None:
        super().__init__(schema, graphql_ide="graphiql" if settings.graphiql_enabled else None,
                         allowed_origins=settings.allowed_origins, keep_alive=True,
                         keep_alive_interval=15, multipart_uploads_enabled=True)  # Bearer auth: no CSRF
        self.settings = settings
        self.app_state = app_state

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        request = Request(scope, receive=receive)
        locale = normalise_locale(request.headers.get("accept-language"))
        response = await self._guard_http(request, locale)
        if response is None:
            try:
                response = await self.run(request)
            except HTTPException as exc:
                response = graphql_error_response("MALFORMED_REQUEST", exc.status_code, locale, detail=exc.reason)
        await response(scope, receive, send)

    def _body_limit(self, request: Request) -> tuple[int, str, object]:
        """(bytes allowed, error code, limit shown): uploads may be as large as an import file."""
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            limit = self.settings.max_import_bytes
            return limit + MULTIPART_OVERHEAD_BYTES, "FILE_TOO_LARGE", human_size(limit)
        return self.settings.max_query_bytes, "QUERY_TOO_LARGE", self.settings.max_query_bytes

    async def _guard_http(self, request: Request, locale: str) -> Response | None:
        limit, code, shown = self._body_limit(request)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            return graphql_error_response(code, 413, locale, limit=shown)
        if request.method == "POST":
            if not await read_body_within(request, limit):
                return graphql_error_response(code, 413, locale, limit=shown)
        elif len(request.url.query) > self.settings.max_query_bytes:
            return graphql_error_response("QUERY_TOO_LARGE", 414, locale, limit=self.settings.max_query_bytes)
        try:
            request.state.actor = actor_from_header(
                request.headers.get("authorization"), self.app_state.revocations, locale=locale,
                ip=request.client.host if request.client else None,
                user_agent=request.headers.get("user-agent"), request_id=request.state.request_id
                if hasattr(request.state, "request_id") else None,
            )
        except DomainError as error:
            return graphql_error_response(error.code, 401, locale)
        return None

    async def process_result(self, request, result):
        if result.errors:
            locale = normalise_locale(request.headers.get("accept-language"))
            result.errors = recode_limit_errors(result.errors, locale, self.settings)
        return await super().process_result(request, result)

    async def get_context(self, request, response) -> Context:
        actor = getattr(request.state, "actor", None) or ANONYMOUS
        return self._context(actor, actor.locale, request, response)

    def _context(self, actor: Actor, locale: str, request, response) -> Context:
        authorizer: Authorizer = self.app_state.authorizer
        return Context(actor=actor, locale=locale, request=request, response=response,
                       bus=self.app_state.bus,
                       decisions=authorizer.decisions(actor.roles, authenticated=actor.user_id is not None))

    async def on_ws_connect(self, context: Context):
        params = context.connection_params or {}
        ws = context.request
        header = None
        if isinstance(params, dict):
            header = params.get("authorization") or params.get("Authorization")
        if header is None:
            header = ws.headers.get("authorization")
        locale = normalise_locale(ws.headers.get("accept-language"))
        try:
            actor = actor_from_header(header, self.app_state.revocations, locale=locale,
                                      ip=ws.client.host if ws.client else None,
                                      user_agent=ws.headers.get("user-agent"))
        except DomainError as error:
            raise ConnectionRejectionError({"code": error.code, "message": error.message(locale)}) from None
        if actor.user_id is None:
            raise ConnectionRejectionError({"code": "UNAUTHENTICATED", "message": translate("UNAUTHENTICATED", locale)})
        fresh = self._context(actor, actor.locale, context.request, context.response)
        context.actor, context.locale, context.decisions = fresh.actor, fresh.locale, fresh.decisions
        return {"user": actor.username}


class RequestContextMiddleware:
    """Request id (from ``X-Request-ID`` or new), bound to every log line; access log."""

    def __init__(self, app) -> None:
        self.app = app
        self.log = structlog.get_logger("salesdesk.access")

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")[:64]
        request_id = incoming if incoming and incoming.isprintable() else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = {"code": None}

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if scope["type"] == "http" and (status["code"] or 500) >= 400:
                self.log.info("request", method=scope.get("method"), path=scope.get("path"),
                              status=status["code"], ms=round((time.perf_counter() - started) * 1000, 1))
            structlog.contextvars.unbind_contextvars("request_id")


async def refuse_demo_accounts_in_production(settings: Settings) -> None:
    if not settings.is_production:
        return
    from domain.identity.models import User

    demo = await User.filter(is_demo=True, is_active=True).values_list("username", flat=True)
    if demo:
        raise RuntimeError(
            "production start refused: demo accounts with demo passwords are active "
            f"({', '.join(sorted(demo))}); disable them or reset their passwords"
        )


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: Starlette):
        configure_logging(settings)
        if settings.is_production and settings.production_problems():
            raise RuntimeError("production start refused: " + "; ".join(settings.production_problems()))
        await open_database(settings.database_url)
        sweeper = listener = worker = None
        try:
            await refuse_demo_accounts_in_production(settings)
            import workers.actors  # noqa: F401 - declares every actor before the worker starts
            from workers.broker import InProcessWorker, uses_in_process_worker
            from workers.events import enqueue_consumers
            from workers.scheduler import run_periodic_jobs_forever

            app.state.bus = EventBus(settings.broadcast_url, settings.bus_namespace)
            await app.state.bus.connect()
            relay.set_sinks([app.state.bus.publish_event, enqueue_consumers])
            app.state.authorizer = await load_authorizer()
            app.state.revocations = SessionRevocations(await token_versions())
            ready = asyncio.Event()
            listener = asyncio.create_task(follow_control_events(app.state.bus, app.state, ready))
            await asyncio.wait_for(ready.wait(), 10)
            if uses_in_process_worker():
                worker = InProcessWorker()
                worker.start(asyncio.get_running_loop())
                sweeper = asyncio.create_task(run_periodic_jobs_forever())
            app.state.worker = worker
            log.info("salesdesk ready (database %s, pub/sub %s, %s worker)", settings.database_url.split("://")[0],
                     settings.broadcast_url.split("://")[0], "in-process" if worker else "external")
            yield
        finally:
            if worker is not None:
                await worker.stop()
            for task in (listener, sweeper):
                if task is not None:
                    task.cancel()
                    with suppress(asyncio.CancelledError):
                        await task
            bus = getattr(app.state, "bus", None)
            if bus is not None:
                await bus.disconnect()
            relay.set_sinks([])
            await close_database()

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> JSONResponse:
        checks = {"database": await _database_ready(), "pubsub": await request.app.state.bus.ping(),
                  "broker": await _broker_ready(request.app)}
        ready = all(checks.values())
        return JSONResponse({"status": "ready" if ready else "not ready", "checks": checks,
                             "activeSubscriptions": request.app.state.bus.active_subscriptions},
                            status_code=200 if ready else 503)

    app = Starlette(lifespan=lifespan, routes=[Route("/healthz", healthz), Route("/readyz", readyz),
                                               Route("/exports/{token}", download_export),
                                               Route("/unsubscribe/{token}", unsubscribe_link,
                                                     methods=["GET", "POST"])])
    graphql = SalesdeskGraphQL(build_schema(settings), settings=settings, app_state=app.state)
    app.router.routes += [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
    ]
    if WEB_DIST.is_dir():
        app.router.routes.append(Mount("/", StaticFiles(directory=WEB_DIST, html=True), name="web"))
    app.add_middleware(RequestContextMiddleware)
    app.state.settings = settings
    return app


async def _database_ready() -> bool:
    from tortoise import connections

    try:
        await asyncio.wait_for(connections.get("default").execute_query("SELECT 1"), 3)
        return True
    except Exception:
        log.warning("database not ready", exc_info=True)
        return False


async def _broker_ready(app: Starlette) -> bool:
    from workers.broker import broker, uses_in_process_worker

    if uses_in_process_worker():
        return app.state.worker is not None
    try:
        return bool(await asyncio.to_thread(broker.client.ping))
    except Exception:
        log.warning("broker not ready", exc_info=True)
        return False


