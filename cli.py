"""``salesdesk`` command line: serve, worker, scheduler, migrate, seed-demo, create-admin, export-schema."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys


def _settings():
    from settings import get_settings

    return get_settings()


async def _with_database(work):
    from domain.db import close_database, open_database

    await open_database(_settings().database_url)
    try:
        return await work()
    finally:
        await close_database()


def cmd_migrate(args: argparse.Namespace) -> int:
    from domain.db import migrate_database

    asyncio.run(migrate_database(_settings().database_url))
    print("migrations applied")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from domain.demo import seed_demo

    async def work():
        return await seed_demo(customers=args.customers, orders=args.orders, only_if_empty=args.if_empty,
                               seed=args.seed, sample_orders=True)

    report = asyncio.run(_with_database(work))
    print(report)
    return 0


def cmd_create_admin(args: argparse.Namespace) -> int:
    from domain.actor import SYSTEM
    from domain.errors import DomainError
    from domain.identity.services import create_user

    async def work():
        return await create_user(actor=SYSTEM, username=args.username, password=args.password,
                                 display_name=args.display_name or args.username, roles=["admin"],
                                 email=args.email)

    try:
        user = asyncio.run(_with_database(work))
    except DomainError as error:
        errors = getattr(error, "errors", [error])
        for item in errors:
            print(f"error: {item.field or ''} {item.code}: {item.message('en')} / {item.message('zh-CN')}",
                  file=sys.stderr)
        return 2
    print(f"admin user {user.username} created (id {user.id})")
    return 0


def cmd_export_schema(args: argparse.Namespace) -> int:
    from schema import build_schema

    print(build_schema().as_str())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings()
    problems = settings.production_problems() if settings.is_production else []
    if problems:
        print("refusing to start in production: " + "; ".join(problems), file=sys.stderr)
        return 2
    if args.workers > 1 and not settings.redis_url:
        print("--workers > 1 needs REDIS_URL: in-memory pub/sub cannot reach other processes",
              file=sys.stderr)
        return 2
    uvicorn.run("app:create_app", factory=True, host=args.host or settings.host,
                port=args.port or settings.port, workers=args.workers, proxy_headers=True,
                log_config=None, ws_max_size=1_048_576)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    if not _settings().redis_url:
        print("salesdesk worker needs REDIS_URL; without it the server runs an in-process worker",
              file=sys.stderr)
        return 2
    os.environ["IN_PROCESS_WORKER"] = "0"
    argv = ["dramatiq", "workers.actors", "--processes", str(args.processes), "--threads", str(args.threads)]
    os.execvp(sys.executable, [sys.executable, "-m", *argv])


def cmd_scheduler(args: argparse.Namespace) -> int:
    if not _settings().redis_url:
        print("salesdesk scheduler needs REDIS_URL", file=sys.stderr)
        return 2
    os.environ["IN_PROCESS_WORKER"] = "0"
    os.execvp(sys.executable, [sys.executable, "-m", "periodiq", "workers.actors"])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="salesdesk", description="Salesdesk sales back office")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP/WebSocket server")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)
    worker = sub.add_parser("worker", help="run background workers (needs REDIS_URL)")
    worker.add_argument("--processes", type=int, default=2)
    worker.add_argument("--threads", type=int, default=4)
    worker.set_defaults(func=cmd_worker)
    sub.add_parser("scheduler", help="run the single periodic-job scheduler").set_defaults(func=cmd_scheduler)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    seed = sub.add_parser("seed-demo", help="load demo users and data")
    seed.add_argument("--customers", type=int, default=200)
    seed.add_argument("--orders", type=int, default=1000)
    seed.add_argument("--seed", type=int, default=2026)
    seed.add_argument("--if-empty", action="store_true", help="do nothing when users already exist")
    seed.set_defaults(func=cmd_seed_demo)
    admin = sub.add_parser("create-admin", help="create an administrator (non-interactive)")
    admin.add_argument("--username", required=True)
    admin.add_argument("--password", required=True)
    admin.add_argument("--display-name")
    admin.add_argument("--email")
    admin.set_defaults(func=cmd_create_admin)
    sub.add_parser("export-schema", help="print the GraphQL SDL").set_defaults(func=cmd_export_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
