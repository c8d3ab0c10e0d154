"""Identity tables: users, teams, refresh-token families."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

ROLES = (
    "admin",
    "sales_director",
    "sales_manager",
    "sales_rep",
    "finance",
    "warehouse",
    "marketing",
    "service",
    "auditor",
    "partner",
)


class Team(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    manager = fields.ForeignKeyField(
        "salesdesk.User", related_name="managed_teams", null=True, on_delete=fields.SET_NULL
    )
    parent = fields.ForeignKeyField(
        "salesdesk.Team", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identity_team"


class User(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)
    display_name = fields.CharField(max_length=100)
    email = fields.CharField(max_length=254, null=True)
    password_hash = fields.CharField(max_length=255)
    roles = fields.JSONField(default=list)
    team = fields.ForeignKeyField("salesdesk.Team", related_name="members", null=True, on_delete=fields.SET_NULL)
    locale = fields.CharField(max_length=10, default="zh-CN")
    is_active = fields.BooleanField(default=True)
    is_demo = fields.BooleanField(default=False)
    token_version = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = "identity_user"


class RefreshToken(Model):
    """One issued refresh token. Tokens of one login share a family."""

    id = fields.IntField(primary_key=True)
    family = fields.UUIDField(db_index=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user = fields.ForeignKeyField("salesdesk.User", related_name="refresh_tokens", on_delete=fields.CASCADE)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "identity_refresh_token"


class PolicyRule(Model):
    """One Casbin policy line, p (sub obj act) or g (member parent), editable at run time."""

    id = fields.IntField(primary_key=True)
    ptype = fields.CharField(max_length=1)
    v0 = fields.CharField(max_length=100)
    v1 = fields.CharField(max_length=200)
    v2 = fields.CharField(max_length=20, default="")
    removed = fields.BooleanField(default=False)  # a removed default rule stays removed after upgrades
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identity_policy_rule"
        unique_together = (("ptype", "v0", "v1", "v2"),)

    def as_line(self) -> tuple[str, ...]:
        return (self.ptype, self.v0, self.v1, self.v2) if self.ptype == "p" else (self.ptype, self.v0, self.v1)


class PolicyRetirement(Model):
    """A default rule withdrawn by an upgrade, applied once: an admin who adds it back keeps it."""

    id = fields.IntField(primary_key=True)
    line = fields.CharField(max_length=330, unique=True)
    applied_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "identity_policy_retirement"


class LoginThrottle(Model):
    """Failed sign-in counter for one account name or one client address."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=200, unique=True)
    failures = fields.IntField(default=0)
    window_started_at = fields.DatetimeField()
    locked_until = fields.DatetimeField(null=True)

    class Meta:
        table = "identity_login_throttle"
