from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    # Ordered so every referenced table exists before the table that references it.
    operations = [
        ops.CreateModel(
            name='OutboxEvent',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('type', fields.CharField(db_index=True, max_length=100)),
                ('aggregate_type', fields.CharField(max_length=50)),
                ('aggregate_id', fields.CharField(max_length=64)),
                ('payload', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('owner_id', fields.IntField(null=True)),
                ('team_id', fields.IntField(null=True)),
                ('actor_id', fields.IntField(null=True)),
                ('occurred_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('published_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('publish_attempts', fields.IntField(default=0)),
            ],
            options={'table': 'outbox_event', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'An event written in the same transaction as the change that caused it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ProcessedEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('consumer', fields.CharField(max_length=100)),
                ('event_id', fields.UUIDField()),
                ('processed_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'processed_event', 'app': 'salesdesk', 'unique_together': (('consumer', 'event_id'),), 'pk_attr': 'id', 'table_description': 'One row per consumer and event, which makes every consumer idempotent.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PolicyRule',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ptype', fields.CharField(max_length=1)),
                ('v0', fields.CharField(max_length=100)),
                ('v1', fields.CharField(max_length=200)),
                ('v2', fields.CharField(default='', max_length=20)),
                ('removed', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'identity_policy_rule', 'app': 'salesdesk', 'unique_together': (('ptype', 'v0', 'v1', 'v2'),), 'pk_attr': 'id', 'table_description': 'One Casbin policy line, p (sub obj act) or g (member parent), editable at run time.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Team',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'identity_team', 'app': 'salesdesk', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(unique=True, max_length=64)),
                ('display_name', fields.CharField(max_length=100)),
                ('email', fields.CharField(null=True, max_length=254)),
                ('password_hash', fields.CharField(max_length=255)),
                ('roles', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('team', fields.ForeignKeyField('salesdesk.Team', source_field='team_id', null=True, db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.SET_NULL)),
                ('locale', fields.CharField(default='zh-CN', max_length=10)),
                ('is_active', fields.BooleanField(default=True)),
                ('is_demo', fields.BooleanField(default=False)),
                ('token_version', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'identity_user', 'app': 'salesdesk', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RefreshToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('family', fields.UUIDField(db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('user', fields.ForeignKeyField('salesdesk.User', source_field='user_id', db_constraint=True, to_field='id', related_name='refresh_tokens', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'identity_refresh_token', 'app': 'salesdesk', 'pk_attr': 'id', 'table_description': 'One issued refresh token. Tokens of one login share a family.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Customer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('name', fields.CharField(db_index=True, max_length=200)),
                ('kind', fields.CharField(default='company', max_length=12)),
                ('industry', fields.CharField(null=True, max_length=50)),
                ('province', fields.CharField(null=True, max_length=30)),
                ('city', fields.CharField(null=True, max_length=30)),
                ('level', fields.CharField(default='C', max_length=1)),
                ('source', fields.CharField(null=True, max_length=30)),
                ('stage', fields.CharField(default='lead', max_length=12)),
                ('owner', fields.ForeignKeyField('salesdesk.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name='customers', on_delete=OnDelete.SET_NULL)),
                ('team', fields.ForeignKeyField('salesdesk.Team', source_field='team_id', null=True, db_constraint=True, to_field='id', related_name='customers', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'crm_customer', 'app': 'salesdesk', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Order',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('number', fields.CharField(unique=True, max_length=32)),
                ('customer', fields.ForeignKeyField('salesdesk.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='orders', on_delete=OnDelete.RESTRICT)),
                ('owner', fields.ForeignKeyField('salesdesk.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name='orders', on_delete=OnDelete.SET_NULL)),
                ('team', fields.ForeignKeyField('salesdesk.Team', source_field='team_id', null=True, db_constraint=True, to_field='id', related_name='orders', on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharField(default='draft', db_index=True, max_length=20)),
                ('currency', fields.CharField(default='CNY', max_length=3)),
                ('total_amount', fields.DecimalField(default=0, max_digits=16, decimal_places=2)),
                ('ordered_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'orders_order', 'app': 'salesdesk', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        # Team <-> User reference each other: add Team's references once both tables exist.
        ops.AddField(model_name='Team', name='manager', field=fields.ForeignKeyField('salesdesk.User', source_field='manager_id', null=True, db_constraint=True, to_field='id', related_name='managed_teams', on_delete=OnDelete.SET_NULL)),
        ops.AddField(model_name='Team', name='parent', field=fields.ForeignKeyField('salesdesk.Team', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
    ]
