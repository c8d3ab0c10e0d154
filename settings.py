"""All configuration, read from environment variables with safe defaults.

The embedded default needs no server: a SQLite file under ``var/``, in-memory
pub/sub and an in-process worker. Setting ``DATABASE_URL`` and ``REDIS_URL``
switches to PostgreSQL and Redis (broadcaster + Dramatiq ``RedisBroker``).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

BASE_DIR = Path(__file__).resolve().parent
DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef"
DEV_AUDIT_KEY = "dev-only-audit-key-change-me-0123456789"
DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LWNoYW5nZS1tZS0wMTI="


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    environment: Literal["development", "production", "test"] = Field(
        "development", validation_alias=AliasChoices("SALESDESK_ENV", "ENVIRONMENT")
    )
    database_url: str = f"sqlite://{BASE_DIR / 'var' / 'salesdesk.sqlite3'}"
    redis_url: str | None = None
    bus_namespace: str = "salesdesk"
    # Run Dramatiq actors inside the web process. Always on without REDIS_URL; with Redis,
    # off by default (run `salesdesk worker` processes), on for a single-instance setup.
    in_process_worker: bool | None = None

    host: str = "127.0.0.1"
    port: int = 8000

    secret_key: str = DEV_SECRET
    audit_hmac_key: str = DEV_AUDIT_KEY
    field_encryption_key: str = DEV_FIELD_KEY
    # Signed audit chain heads; keep this file where database administrators cannot write.
    audit_checkpoint_path: str = str(BASE_DIR / "var" / "audit-checkpoints.log")
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_seconds: int = 30 * 24 * 3600

    max_query_bytes: int = 100_000
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5_000
    max_page_size: int = 200

    log_format: Literal["json", "console"] | None = None
    log_level: str = "INFO"
    allowed_origins: list[str] = ["http://127.0.0.1:8000", "http://localhost:8000"]
    graphiql: bool | None = None

    outbox_sweep_grace_seconds: float = 10.0
    pool_claim_daily_limit: int = 20
    pool_return_days: int = 30
    max_bulk_ids: int = 500
    max_import_bytes: int = 20 * 1024 * 1024
    max_import_rows: int = 100_000
    inline_import_rows: int = 2_000
    max_export_rows: int = 100_000
    inline_export_rows: int = 5_000
    import_batch_rows: int = 1_000
    export_dir: Path = BASE_DIR / "var" / "exports"  # with several app hosts: a volume they share
    export_ttl_seconds: int = 3600
    display_timezone: str = "Asia/Shanghai"
    automation_max_attempts: int = 5
    automation_retry_min_backoff_ms: int = 15_000
    automation_retry_max_backoff_ms: int = 30 * 60 * 1000
    automation_max_depth: int = 3
    automation_run_retention_days: int = 180
    webhook_allow_loopback: bool = False
    default_currency: str = "CNY"
    # Orders without a warehouse ship from this one (by code); unset or inactive: the first active warehouse.
    default_warehouse_code: str | None = None
    default_locale: Literal["zh-CN", "en"] = "zh-CN"
    # Contracts above this amount (in the default currency) need a manager's approval before signing.
    contract_approval_threshold: Decimal = Decimal("100000")
    contract_attachment_max_bytes: int = 50 * 1024 * 1024
    contract_attachment_types: list[str] = [
        "application/pdf", "application/ofd", "image/jpeg", "image/png",
        "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
    quote_max_lines: int = 200
    # E-mail. Without SMTP_URL (smtp://user:pass@host:587?starttls=true, smtps://host:465) messages are
    # written as .eml files to MAIL_OUTBOX_DIR instead of being sent.
    smtp_url: str | None = None
    smtp_timeout_seconds: float = 15.0
    mail_from: str = "Salesdesk <no-reply@localhost>"
    mail_outbox_dir: Path = BASE_DIR / "var" / "mail-outbox"
    public_base_url: str = "http://127.0.0.1:8000"  # how recipients reach this server (unsubscribe links)

    @field_validator("database_url")
    @classmethod
    def _normalise_scheme(cls, value: str) -> str:
        if value.startswith("postgresql://"):
            return "postgres://" + value[len("postgresql://"):]
        return value

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def broadcast_url(self) -> str:
        return self.redis_url or "memory://"

    @property
    def runs_in_process_worker(self) -> bool:
        return not self.redis_url or bool(self.in_process_worker)

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def effective_log_format(self) -> str:
        return self.log_format or ("json" if self.is_production else "console")

    @property
    def graphiql_enabled(self) -> bool:
        return (not self.is_production) if self.graphiql is None else self.graphiql

    def production_problems(self) -> list[str]:
        """Reasons this configuration must not serve production traffic."""
        problems = []
        if self.secret_key == DEV_SECRET or len(self.secret_key) < 32:
            problems.append("SECRET_KEY is the development default or shorter than 32 characters")
        if self.audit_hmac_key == DEV_AUDIT_KEY:
            problems.append("AUDIT_HMAC_KEY is the development default")
        if self.field_encryption_key == DEV_FIELD_KEY:
            problems.append("FIELD_ENCRYPTION_KEY is the development default")
        return problems


@lru_cache
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget cached settings (tests and the CLI change the environment)."""
    get_settings.cache_clear()
