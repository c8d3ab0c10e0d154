"""The salesdesk command line: migrate, seed-demo, create-admin, export-schema, production guards."""

import subprocess
import sys

import pytest

from tests.e2e.servers import ROOT, process_env


def _run(*args, env=None, check=True):
    result = subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, env=env or process_env(),
                            capture_output=True, text=True, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_export_schema_prints_sdl():
    out = _run("export-schema").stdout
    assert "type Query" in out and "systemEvents" in out and "type Mutation" in out


def test_migrate_is_idempotent(database_url):
    assert "migrations applied" in _run("migrate", env=process_env(DATABASE_URL=database_url)).stdout


def test_create_admin_then_sign_in(database_url, gql):
    env = process_env(DATABASE_URL=database_url)
    assert "created" in _run("create-admin", "--username", "ops.admin", "--password", "Ops-Admin-Secret-9",
                             env=env).stdout
    assert gql.token("ops.admin", "Ops-Admin-Secret-9")


def test_create_admin_rejects_bad_input_clearly(database_url):
    env = process_env(DATABASE_URL=database_url)
    weak = _run("create-admin", "--username", "weak", "--password", "Demo-2026!", env=env, check=False)
    assert weak.returncode == 2
    assert "WEAK_PASSWORD" in weak.stderr and "密码" in weak.stderr
    dup = _run("create-admin", "--username", "admin", "--password", "Another-Secret-99", env=env, check=False)
    assert dup.returncode == 2 and "DUPLICATE" in dup.stderr


async def test_seed_demo_adds_the_requested_volume(db):
    from domain.crm.models import Customer
    from domain.demo import seed_demo
    from domain.orders.models import Order

    customers, orders = await Customer.all().count(), await Order.all().count()
    report = await seed_demo(customers=120, orders=300)
    assert "120 customers" in report
    assert await Customer.all().count() == customers + 120
    assert await Order.all().count() == orders + 300
    names = await Customer.all().values_list("name", flat=True)
    assert any(ord(ch) > 0x4E00 for name in names for ch in name), "Chinese names"
    assert any(name.isascii() for name in names), "English names"


def test_production_start_refuses_development_keys(database_url):
    env = process_env(DATABASE_URL=database_url, SALESDESK_ENV="production")
    result = _run("serve", "--port", "1", env=env, check=False)
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr


def test_production_start_refuses_demo_passwords(database_url):
    from starlette.testclient import TestClient

    from app import create_app
    from settings import Settings

    settings = Settings(environment="production", database_url=database_url, secret_key="s" * 40,
                        audit_hmac_key="a" * 40, field_encryption_key="f" * 44)
    with pytest.raises(RuntimeError, match="demo accounts"):
        with TestClient(create_app(settings)):
            pass
